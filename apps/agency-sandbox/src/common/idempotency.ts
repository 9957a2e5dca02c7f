import { createHash } from 'node:crypto';
import { HttpException } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

export interface AgencyAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A business refusal the sandbox answers with 422, stored like any answer so a repeat gets the same refusal. */
export function refusal(errorCode: string, id: string, en: string): AgencyAnswer {
  return { status: 422, body: { errorCode, message: { id, en } } };
}

/**
 * Like a careful agency API: the first answer for an Idempotency-Key is stored in the same transaction as the act,
 * and every repeat returns it unchanged. The same key with another body is a 409.
 */
export async function withIdempotency(
  ds: DataSource,
  schema: string,
  key: string | undefined,
  body: unknown,
  act: (em: EntityManager) => Promise<AgencyAnswer>,
): Promise<AgencyAnswer> {
  if (!key || key.length > 200) throw new HttpException({ errorCode: 'IDEMPOTENCY_KEY_REQUIRED' }, 400);
  const hash = createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
  return ds.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${schema}:${key}`]);
    const previous: Array<{ request_hash: string; status: number; body: Record<string, unknown> }> = await em.query(
      `SELECT request_hash, status, body FROM ${schema}.idempotency_keys WHERE key = $1`,
      [key],
    );
    if (previous[0]) {
      if (previous[0].request_hash !== hash) return { status: 409, body: { errorCode: 'IDEMPOTENCY_KEY_REUSED' } };
      return { status: previous[0].status, body: { ...previous[0].body, replayed: true } };
    }
    const answer = await act(em);
    await em.query(`INSERT INTO ${schema}.idempotency_keys (key, request_hash, status, body) VALUES ($1, $2, $3, $4)`, [
      key,
      hash,
      answer.status,
      JSON.stringify(answer.body),
    ]);
    return answer;
  });
}
