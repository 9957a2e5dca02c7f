import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { kkProblem, nikProblem, sexOfNik } from '@simpul/contracts';

function fromProblem(name: string, problem: (v: unknown) => string | null, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => problem(value) === null,
        defaultMessage: (args: ValidationArguments) => `${args.property} ${problem(args.value) ?? 'is invalid'}`,
      },
    });
  };
}

export const IsNik = (options?: ValidationOptions): PropertyDecorator => fromProblem('isNik', nikProblem, options);
export const IsKk = (options?: ValidationOptions): PropertyDecorator => fromProblem('isKk', kkProblem, options);

/** A mother's NIK encodes a woman's birth day (day + 40). */
export const IsWomansNik = (options?: ValidationOptions): PropertyDecorator =>
  fromProblem('isWomansNik', (v) => (nikProblem(v) ?? (sexOfNik(v as string) === 'F' ? null : "must be a woman's NIK (birth day + 40)")), options);

/** An ISO calendar date (YYYY-MM-DD) that is not in the future. */
export const IsPastIsoDate = (options?: ValidationOptions): PropertyDecorator =>
  fromProblem(
    'isPastIsoDate',
    (v) => {
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return 'must be a date as YYYY-MM-DD';
      const d = new Date(`${v}T00:00:00Z`);
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) return 'must be a real calendar date';
      if (d.getTime() > Date.now()) return 'must not be in the future';
      return null;
    },
    options,
  );
