import { createHash } from 'node:crypto';
import { HttpException } from '@nestjs/common';
import type { IdempotencyRepository } from './idempotency.repository';
import type { SandboxRepository } from './sandbox.repository';

export interface AgencyAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A business refusal the sandbox answers with 422, stored like any answer so a repeat gets the same refusal. */
export function refusal(errorCode: string, id: string, en: string): AgencyAnswer {
  return { status: 422, body: { errorCode, message: { id, en } } };
}

/**
 * Like a careful agency API: the first answer for an Idempotency-Key is stored in the same transaction as the act
 * (done by `register`, joined to that transaction), and every repeat returns it unchanged. The same key with another
 * body is a 409.
 */
export async function withIdempotency<R extends SandboxRepository & { readonly schema: string }>(
  keys: IdempotencyRepository,
  register: R,
  key: string | undefined,
  body: unknown,
  act: (register: R) => Promise<AgencyAnswer>,
): Promise<AgencyAnswer> {
  if (!key || key.length > 200) throw new HttpException({ errorCode: 'IDEMPOTENCY_KEY_REQUIRED' }, 400);
  const hash = createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
  const schema = register.schema;
  return keys.transaction(async (tx) => {
    await tx.lockKey(schema, key);
    const previous = await tx.find(schema, key);
    if (previous) {
      if (previous.request_hash !== hash) return { status: 409, body: { errorCode: 'IDEMPOTENCY_KEY_REUSED' } };
      return { status: previous.status, body: { ...previous.body, replayed: true } };
    }
    const answer = await act(register.joining(tx));
    await tx.save(schema, { key, request_hash: hash, status: answer.status, body: answer.body });
    return answer;
  });
}
