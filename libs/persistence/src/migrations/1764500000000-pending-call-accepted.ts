import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the agency accepted an asynchronous call (answered 202). Only accepted calls are heartbeated: a call
 * registered by a worker that died before the agency accepted it must time out and be sent again, not be kept alive.
 */
export class PendingCallAccepted1764500000000 implements MigrationInterface {
  name = 'PendingCallAccepted1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE agency_pending_calls ADD COLUMN IF NOT EXISTS accepted_at timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE agency_pending_calls DROP COLUMN IF EXISTS accepted_at');
  }
}
