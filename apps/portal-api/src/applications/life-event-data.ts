import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { LifeEventType } from '@simpul/contracts';
import { fieldErrors, ProblemException } from '@simpul/http';
import { BirthDataDto } from './dto/birth-data.dto';

/** The DTO that validates each life event's data section. */
const DATA_DTOS: Record<LifeEventType, new () => object> = { BIRTH: BirthDataDto };

/** Validates `data` for its life event; errors name fields as `data.<path>`. Returns the whitelisted data. */
export async function validateLifeEventData(lifeEvent: LifeEventType, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const instance = plainToInstance(DATA_DTOS[lifeEvent], data);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (errors.length > 0) {
    throw new ProblemException({
      type: 'https://simpul.go.id/problems/validation',
      title: 'Validation failed',
      status: 422,
      detail: 'one or more fields are invalid',
      errors: fieldErrors(errors, 'data'),
    });
  }
  return JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
}
