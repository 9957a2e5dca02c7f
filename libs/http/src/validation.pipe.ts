import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException } from './problem.filter';

/** Flattens nested class-validator errors into `{ field: 'child.birthDate', message }`. */
export function fieldErrors(errors: ValidationError[], prefix = ''): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ field, message });
    if (error.children?.length) out.push(...fieldErrors(error.children, field));
  }
  return out;
}

/** Strict whitelisting: unknown fields are refused, and every error names its field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new ProblemException({
        type: 'https://simpul.go.id/problems/validation',
        title: 'Validation failed',
        status: 422,
        detail: 'one or more fields are invalid',
        errors: fieldErrors(errors),
      }),
  });
}
