import { SandboxRepository, SCHEMAS } from './sandbox.repository';

/** The first answer given for an Idempotency-Key in one agency's schema. */
export interface IdempotencyKeyRow {
  key: string;
  request_hash: string;
  status: number;
  body: Record<string, unknown>;
  created_at: Date;
}

/** The answers kept for idempotency: a table in every agency's schema, written only here. */
export class IdempotencyRepository extends SandboxRepository {
  protected readonly ddl = Object.values(SCHEMAS).map(
    (schema) => `CREATE TABLE IF NOT EXISTS ${schema}.idempotency_keys (
    key text PRIMARY KEY, request_hash text NOT NULL, status int NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  );

  /** Repeats of one key wait for the first until its transaction ends. */
  async lockKey(schema: string, key: string): Promise<void> {
    await this.em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${schema}:${key}`]);
  }

  async find(schema: string, key: string): Promise<Pick<IdempotencyKeyRow, 'request_hash' | 'status' | 'body'> | undefined> {
    const [row]: Array<Pick<IdempotencyKeyRow, 'request_hash' | 'status' | 'body'>> = await this.em.query(
      `SELECT request_hash, status, body FROM ${schema}.idempotency_keys WHERE key = $1`,
      [key],
    );
    return row;
  }

  async save(schema: string, row: Pick<IdempotencyKeyRow, 'key' | 'request_hash' | 'status' | 'body'>): Promise<void> {
    await this.em.query(`INSERT INTO ${schema}.idempotency_keys (key, request_hash, status, body) VALUES ($1, $2, $3, $4)`, [
      row.key,
      row.request_hash,
      row.status,
      JSON.stringify(row.body),
    ]);
  }
}
