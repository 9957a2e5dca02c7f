import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { unsafeTextProblem } from '@simpul/contracts';
import { ProblemException } from './problem.filter';

export type FieldError = { field: string; message: string };

/** Flattens nested class-validator errors into `{ field: 'child.birthDate', message }`. */
export function fieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ field, message });
    if (error.children?.length) out.push(...fieldErrors(error.children, field));
  }
  return out;
}

/** A 422 problem naming each field at fault. */
export function validationProblem(errors: FieldError[], detail = 'one or more fields are invalid'): ProblemException {
  return new ProblemException({ type: 'https://simpul.go.id/problems/validation', title: 'Validation failed', status: 422, detail, errors });
}

/** The 422 problem naming one field. */
export const fieldProblem = (field: string, message: string): ProblemException => validationProblem([{ field, message }]);

/**
 * Every string in `value` (property names too) against the one text rule of @simpul/contracts, iteratively (bodies
 * are at most 32 levels deep, see MAX_BODY_DEPTH). Fields are named as dotted paths under `prefix`.
 */
export function unsafeTextErrors(value: unknown, prefix: string): FieldError[] {
  const out: FieldError[] = [];
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: prefix }];
  while (stack.length > 0 && out.length < 20) {
    const { value: v, path } = stack.pop() as { value: unknown; path: string };
    if (typeof v === 'string') {
      const problem = unsafeTextProblem(v);
      if (problem) out.push({ field: path || '(body)', message: `${lastName(path)} ${problem}` });
    } else if (v && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        const keyProblem = unsafeTextProblem(key);
        const childPath = path ? `${path}.${keyProblem ? JSON.stringify(key).slice(1, -1).slice(0, 60) : key}` : key;
        if (keyProblem) out.push({ field: childPath, message: `a property name ${keyProblem}` });
        else stack.push({ value: child, path: childPath });
      }
    }
  }
  return out.reverse();
}

function lastName(path: string): string {
  return path.split('.').pop() || 'value';
}

/**
 * Strict whitelisting: unknown fields are refused, and every error names its field. Before the DTO's own rules, every
 * body, query and path value meets the one text rule (so each DTO and the life-event data are covered without a
 * decorator per field), and a query parameter is given once: `?a=1&a=2` is refused naming `a`, never reaches a handler
 * that expects one string.
 */
export class SimpulValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => validationProblem(fieldErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const errors = [...repeatedQueryErrors(value, metadata), ...unsafeTextErrors(value, metadata.data ?? '')];
      if (errors.length > 0) throw validationProblem(errors);
    }
    return super.transform(value, metadata);
  }
}

function repeatedQueryErrors(value: unknown, metadata: ArgumentMetadata): FieldError[] {
  if (metadata.type !== 'query') return [];
  const entries: Array<[string, unknown]> = metadata.data ? [[metadata.data, value]] : Object.entries(value && typeof value === 'object' ? value : {});
  return entries.filter(([, v]) => v !== undefined && typeof v !== 'string').map(([name]) => ({ field: name, message: `${name} must be given once, as a single value` }));
}

export function createValidationPipe(): ValidationPipe {
  return new SimpulValidationPipe();
}
