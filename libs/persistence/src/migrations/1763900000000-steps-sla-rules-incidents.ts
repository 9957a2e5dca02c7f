import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Life events as versioned definitions: rule versions and SLA escalation per step, incidents per application. */
export class StepsSlaRulesIncidents1763900000000 implements MigrationInterface {
  name = 'StepsSlaRulesIncidents1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application_steps ADD COLUMN rule_version text, ADD COLUMN escalated_at timestamptz, ADD COLUMN sla_due_at timestamptz`);
    await q.query(`
      CREATE TABLE incidents (
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        incident_id text NOT NULL,
        step_id text NOT NULL,
        agency text NOT NULL,
        action text NOT NULL,
        error text NOT NULL,
        status text NOT NULL,
        opened_at timestamptz NOT NULL,
        resolved_at timestamptz,
        resolved_by text,
        note text,
        PRIMARY KEY (application_id, incident_id)
      )`);
    await q.query(`CREATE INDEX incidents_open ON incidents (status) WHERE status = 'OPEN'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE incidents');
    await q.query('ALTER TABLE application_steps DROP COLUMN rule_version, DROP COLUMN escalated_at, DROP COLUMN sla_due_at');
  }
}
