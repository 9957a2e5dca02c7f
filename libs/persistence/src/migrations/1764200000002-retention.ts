import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When the retention job anonymised an application (NULL: personal data still held); and an index to find the due ones. */
export class Retention1764200000002 implements MigrationInterface {
  name = 'Retention1764200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications ADD COLUMN purged_at timestamptz, ADD COLUMN history_deleted_at timestamptz`);
    await q.query(`CREATE INDEX applications_retention_due ON applications (updated_at) WHERE purged_at IS NULL AND status IN ('COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX applications_retention_due`);
    await q.query(`ALTER TABLE applications DROP COLUMN purged_at, DROP COLUMN history_deleted_at`);
  }
}
