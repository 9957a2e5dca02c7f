import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY,
        life_event text NOT NULL,
        definition_version int NOT NULL,
        status text NOT NULL,
        applicant_ref text NOT NULL,
        channel text NOT NULL,
        client_id text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        correlation_id text NOT NULL,
        data jsonb NOT NULL,
        status_reason jsonb,
        status_seq int NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX applications_client_idempotency_key ON applications (client_id, idempotency_key)`);
    await q.query(`CREATE INDEX applications_applicant_created ON applications (applicant_ref, created_at)`);
    await q.query(`
      CREATE TABLE application_steps (
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        step_id text NOT NULL,
        agency text NOT NULL,
        status text NOT NULL,
        definition_version int NOT NULL,
        reference text,
        outputs jsonb NOT NULL DEFAULT '{}',
        message_id text NOT NULL,
        message_en text NOT NULL,
        seq int NOT NULL,
        started_at timestamptz,
        completed_at timestamptz,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (application_id, step_id)
      )`);
    await q.query(`CREATE INDEX application_steps_agency_status ON application_steps (agency, status)`);
    await q.query(`
      CREATE TABLE application_events (
        event_id text PRIMARY KEY,
        application_id uuid NOT NULL,
        seq int NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX application_events_application_seq ON application_events (application_id, seq)`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        message_key text NOT NULL,
        value jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outbox');
    await q.query('DROP TABLE application_events');
    await q.query('DROP TABLE application_steps');
    await q.query('DROP TABLE applications');
  }
}
