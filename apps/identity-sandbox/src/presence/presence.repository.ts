import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import { storeQuery } from '../provider/oidc-payloads.repository';

/**
 * Presence challenges: a one-time code the provider sends to a citizen (to their registered contact; in development,
 * the dev mailbox) so a counter officer can show the citizen is present. The code is kept only as a hash, lives ten
 * minutes, allows five tries, and is checked once: a verified challenge stays verified (a retried filing with the
 * same code is answered the same) but cannot be verified with another code.
 */
export const PRESENCE_SCHEMA = `
CREATE TABLE IF NOT EXISTS identity_sandbox.presence_challenges (
  id uuid PRIMARY KEY,
  subject text NOT NULL,
  code_hash text NOT NULL,
  requested_by text NOT NULL,
  mall_id text NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  verified_at timestamptz,
  expires_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS identity_sandbox.dev_mailbox (
  seq bigserial PRIMARY KEY,
  recipient text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now()
);`;

const TTL_SECONDS = 600;
const MAX_ATTEMPTS = 5;
const hash = (code: string) => createHash('sha256').update(code).digest('hex');

export type Verification = { ok: true; subject: string; mallId: string; requestedBy: string } | { ok: false; reason: string };

export class PresenceStore {
  constructor(private readonly pool: Pool) {}

  /** Creates a challenge and puts the code in the citizen's (dev) mailbox. */
  async create(subject: string, requestedBy: string, mallId: string, mallName: string): Promise<{ id: string; expiresAt: string }> {
    const id = randomUUID();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const { rows } = await storeQuery<{ expires_at: Date }>(
      this.pool,
      `INSERT INTO identity_sandbox.presence_challenges (id, subject, code_hash, requested_by, mall_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6)) RETURNING expires_at`,
      [id, subject, hash(code), requestedBy, mallId, TTL_SECONDS],
    );
    const body = `Kode kehadiran Anda di ${mallName}: ${code}. Berikan kode ini hanya kepada petugas loket di depan Anda. Berlaku 10 menit. / Your presence code at ${mallName}: ${code}. Give it only to the counter officer in front of you. Valid 10 minutes.`;
    await storeQuery(this.pool, 'INSERT INTO identity_sandbox.dev_mailbox (recipient, subject, body) VALUES ($1, $2, $3)', [subject, 'Simpul: kode kehadiran / presence code', body]);
    return { id, expiresAt: rows[0].expires_at.toISOString() };
  }

  async verify(id: string, code: string): Promise<Verification> {
    const { rows } = await storeQuery<{ subject: string; code_hash: string; requested_by: string; mall_id: string; attempts: number; verified: boolean; expired: boolean }>(
      this.pool,
      `UPDATE identity_sandbox.presence_challenges SET attempts = attempts + 1 WHERE id = $1
       RETURNING subject, code_hash, requested_by, mall_id, attempts, verified_at IS NOT NULL AS verified, expires_at < now() AS expired`,
      [id],
    );
    const row = rows[0];
    if (!row) return { ok: false, reason: 'no such presence check' };
    if (row.expired) return { ok: false, reason: 'the presence code has expired: ask for a new one' };
    const matches = timingSafeEqual(Buffer.from(hash(code)), Buffer.from(row.code_hash));
    if (!matches) return { ok: false, reason: row.attempts >= MAX_ATTEMPTS ? 'too many wrong codes: ask for a new one' : 'the presence code is wrong' };
    if (row.attempts > MAX_ATTEMPTS && !row.verified) return { ok: false, reason: 'too many wrong codes: ask for a new one' };
    if (!row.verified) await storeQuery(this.pool, 'UPDATE identity_sandbox.presence_challenges SET verified_at = now() WHERE id = $1', [id]);
    return { ok: true, subject: row.subject, mallId: row.mall_id, requestedBy: row.requested_by };
  }

  /** The dev mailbox of one recipient, newest first (development and tests only). */
  async mailbox(recipient: string): Promise<Array<{ subject: string; body: string; sentAt: string }>> {
    const { rows } = await storeQuery<{ subject: string; body: string; sent_at: Date }>(
      this.pool,
      'SELECT subject, body, sent_at FROM identity_sandbox.dev_mailbox WHERE recipient = $1 ORDER BY seq DESC LIMIT 20',
      [recipient],
    );
    return rows.map((r) => ({ subject: r.subject, body: r.body, sentAt: r.sent_at.toISOString() }));
  }
}
