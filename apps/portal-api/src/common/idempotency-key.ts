import { ProblemException } from '@simpul/http';

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
export const IDEMPOTENCY_KEY_RULE = '8-128 characters of A-Z a-z 0-9 . _ : -';

/** The request's Idempotency-Key, or a 422 naming `field` when it is missing or malformed. */
export function idempotencyKeyOf(value: string | undefined, field = 'Idempotency-Key'): string {
  if (value && IDEMPOTENCY_KEY.test(value)) return value;
  throw new ProblemException({
    type: 'https://simpul.go.id/problems/validation',
    title: 'Validation failed',
    status: 422,
    errors: [{ field, message: field === 'Idempotency-Key' ? `Idempotency-Key header is required: ${IDEMPOTENCY_KEY_RULE}` : `${field} must be the Idempotency-Key of a submission: ${IDEMPOTENCY_KEY_RULE}` }],
  });
}
