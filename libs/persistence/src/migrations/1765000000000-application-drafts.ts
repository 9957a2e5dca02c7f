import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drafts opened by health facilities' notifications (FHIR, POST /v1/health-facility-events): pre-filled, never sent to
 * any agency, until the family confirms one and it becomes an application under the same id. Owned by portal-api
 * (DraftsRepository).
 * A draft is confirmed when the application with its id exists (one insert, nothing to keep in step); its data is
 * then deleted here. The data is sealed at rest; who may confirm is kept as keyed hashes of NIKs, never the NIK.
 */
export class ApplicationDrafts1765000000000 implements MigrationInterface {
  name = 'ApplicationDrafts1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS application_drafts (
        id uuid PRIMARY KEY,
        life_event text NOT NULL,
        facility_id text NOT NULL,
        bundle_key text NOT NULL,
        request_hash text NOT NULL,
        confirmer_refs text[] NOT NULL,
        data jsonb,
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'EXPIRED')),
        correlation_id text NOT NULL,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        UNIQUE (facility_id, bundle_key)
      )`);
    await q.query('CREATE INDEX IF NOT EXISTS application_drafts_confirmers ON application_drafts USING gin (confirmer_refs)');
    await q.query(`CREATE INDEX IF NOT EXISTS application_drafts_expiry ON application_drafts (expires_at) WHERE status = 'DRAFT'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS application_drafts');
  }
}
