import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

/**
 * A point in time as RFC 3339 (`2026-01-31T08:00:00Z`, `…+07:00`, fractions allowed) or a calendar day (`2026-01-31`,
 * read as UTC midnight), in years PostgreSQL and JavaScript agree on (1000-9999). One pattern, so the OpenAPI
 * documents carry exactly what the server accepts (class-validator's IsISO8601 refuses some offsets and years that
 * `format: date-time` allows, and accepts forms PostgreSQL does not).
 */
export const TIMESTAMP_PATTERN = '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9]))?$';

const TIMESTAMP = new RegExp(TIMESTAMP_PATTERN);

/**
 * Validates, and hands the handler the same instant in UTC (`toISOString`): PostgreSQL refuses some forms JavaScript
 * reads (an offset beyond ±15:59, 31 November), so it only ever sees the normalised one.
 */
export const IsTimestamp = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' && TIMESTAMP.test(value) ? new Date(value).toISOString() : value)),
    Matches(TIMESTAMP, { message: '$property must be a time such as 2026-01-31T08:00:00Z (RFC 3339) or a day such as 2026-01-31' }),
  ) as PropertyDecorator;
