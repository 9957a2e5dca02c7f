import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { validationProblem } from './validation.pipe';

/** A path parameter that is a UUID (version 4): else a 422 naming it (Nest's ParseUUIDPipe answers a 400 naming nothing). */
@Injectable()
export class UuidV4Pipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && isUUID(value, '4')) return value;
    const field = metadata.data ?? 'id';
    throw validationProblem([{ field, message: `${field} must be a UUID (version 4)` }]);
  }
}

/** A path parameter that is a whole number (a dead letter's id, a sequence number): else a 422 naming it. */
@Injectable()
export class IntParamPipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    // The global pipe may have made it a number already (the handler's parameter type).
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    if (typeof value === 'string' && /^\d{1,16}$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
    const field = metadata.data ?? 'id';
    throw validationProblem([{ field, message: `${field} must be a whole number` }]);
  }
}
