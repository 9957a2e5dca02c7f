import type { Pool, QueryResultRow } from 'pg';
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';

/**
 * oidc-provider's storage on PostgreSQL: sessions, interactions, grants, authorization codes, refresh tokens (and
 * their consumption, which is how a reused refresh token is detected), client credentials. A restart of the provider
 * loses nothing a person met: they stay signed in, and a refresh token stays single-use.
 */
export const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS identity_sandbox;
CREATE TABLE IF NOT EXISTS identity_sandbox.oidc_payloads (
  model text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  grant_id text,
  user_code text,
  uid text,
  expires_at timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX IF NOT EXISTS oidc_payloads_grant ON identity_sandbox.oidc_payloads (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS oidc_payloads_uid ON identity_sandbox.oidc_payloads (uid) WHERE uid IS NOT NULL;
CREATE INDEX IF NOT EXISTS oidc_payloads_expiry ON identity_sandbox.oidc_payloads (expires_at);`;

const ALIVE = '(expires_at IS NULL OR expires_at > now())';

/** Errors that mean "PostgreSQL cannot be reached right now" (down, restarting, connection cut), not a bad query. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

export function isStoreUnreachable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && UNREACHABLE.has(e.code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(e.message ?? '');
}

/**
 * A query through the pool (which opens a new connection when an old one died). While PostgreSQL is unreachable the
 * provider answers 503 temporarily_unavailable, a retryable error, instead of a 500 server_error; the process stays up.
 */
export async function storeQuery<R extends QueryResultRow>(pool: Pool, text: string, values: unknown[]) {
  try {
    return await pool.query<R>(text, values);
  } catch (err) {
    if (!isStoreUnreachable(err)) throw err;
    const unavailable = new errors.TemporarilyUnavailable('the identity provider cannot reach its store; try again shortly');
    return Promise.reject(Object.assign(unavailable, { statusCode: 503, status: 503, expose: true }));
  }
}

export function pgAdapter(pool: Pool): new (model: string) => Adapter {
  return class PgAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      await storeQuery(
        pool,
        `INSERT INTO identity_sandbox.oidc_payloads (model, id, payload, grant_id, user_code, uid, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int > 0 THEN now() + make_interval(secs => $7::int) END)
         ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
           user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
        [this.model, id, payload, payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, expiresIn ?? 0],
      );
    }

    private async one(column: 'id' | 'user_code' | 'uid', value: string): Promise<AdapterPayload | undefined> {
      const { rows } = await storeQuery<{ payload: AdapterPayload; consumed: number | null }>(
        pool,
        `SELECT payload, extract(epoch FROM consumed_at)::int AS consumed FROM identity_sandbox.oidc_payloads
         WHERE model = $1 AND ${column} = $2 AND ${ALIVE}`,
        [this.model, value],
      );
      if (!rows[0]) return undefined;
      return rows[0].consumed === null ? rows[0].payload : { ...rows[0].payload, consumed: rows[0].consumed };
    }

    find(id: string): Promise<AdapterPayload | undefined> {
      return this.one('id', id);
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.one('user_code', userCode);
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.one('uid', uid);
    }

    async consume(id: string): Promise<void> {
      await storeQuery(pool, 'UPDATE identity_sandbox.oidc_payloads SET consumed_at = now() WHERE model = $1 AND id = $2', [this.model, id]);
    }

    async destroy(id: string): Promise<void> {
      await storeQuery(pool, 'DELETE FROM identity_sandbox.oidc_payloads WHERE model = $1 AND id = $2', [this.model, id]);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await storeQuery(pool, 'DELETE FROM identity_sandbox.oidc_payloads WHERE grant_id = $1', [grantId]);
    }
  };
}

/** Expired rows are never read (ALIVE); this drops them now and then so the table stays small. */
export async function deleteExpired(pool: Pool): Promise<number> {
  const { rowCount } = await pool.query(`DELETE FROM identity_sandbox.oidc_payloads WHERE expires_at < now() - interval '1 hour'`);
  return rowCount ?? 0;
}

/** Creates the sandbox's own tables (it has no migrations: a development stand-in, its schema made at start). */
export async function prepareSchema(pool: Pool, ...schemas: string[]): Promise<void> {
  for (const schema of schemas) await pool.query(schema);
}

/** The readiness probe's round trip. */
export async function ping(pool: Pool): Promise<void> {
  await pool.query('SELECT 1');
}
