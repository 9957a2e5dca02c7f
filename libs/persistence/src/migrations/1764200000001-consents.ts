import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The citizen's consent per consent-gated step, recorded with the application:
 * `{ "<stepId>": { "granted": bool, "decidedAt": iso, "revokedAt"?: iso } }`. NULL for applications filed before
 * consent was recorded (they run every step, as filed).
 */
export class Consents1764200000001 implements MigrationInterface {
  name = 'Consents1764200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications ADD COLUMN consents jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications DROP COLUMN consents`);
  }
}
