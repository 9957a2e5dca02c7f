import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Asynchronous agencies: the call waiting for an agency's callback (its Temporal task token and the request, erased
 * once answered) and the nonces of callbacks already seen (replay protection).
 */
export class AgencyCallbacks1763950000000 implements MigrationInterface {
  name = 'AgencyCallbacks1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agency_pending_calls (
        idempotency_key text PRIMARY KEY,
        agency text NOT NULL,
        activity_type text NOT NULL,
        task_token bytea NOT NULL,
        request jsonb,
        requested_at timestamptz NOT NULL,
        request_sha256 text NOT NULL,
        answered_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE agency_callback_nonces (
        agency text NOT NULL,
        nonce text NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agency, nonce)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE agency_callback_nonces');
    await q.query('DROP TABLE agency_pending_calls');
  }
}
