import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Phased integration (docs/phased-integration.md):
 * - `agency_connections`: the connection registry, one mode per agency and region (`region_code` a province's 2
 *   digits or a regency's 4; '' for the agency as a whole, the one row of a national agency). No row: API.
 *   Owned by ConnectionRegistry.
 * - `step_lanes`: the mode each step was started in (chosen once, at the step's first call, so a running step is never
 *   switched), when it started and finished: the figures of the integration progress report. While a step waits
 *   for an UNAVAILABLE office, `request` holds its call (personal data, dropped once the call is made).
 * - `manual_tasks`: a step in a MANUAL region, for that office's officers, with what they entered (the evidence).
 */
export class PhasedIntegration1765300000000 implements MigrationInterface {
  name = 'PhasedIntegration1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS agency_connections (
        agency text NOT NULL,
        region_code text NOT NULL DEFAULT '' CHECK (region_code ~ '^(\\d{2}|\\d{4})?$'),
        mode text NOT NULL CHECK (mode IN ('API', 'MANUAL', 'UNAVAILABLE')),
        changed_at timestamptz NOT NULL DEFAULT now(),
        changed_by text NOT NULL,
        PRIMARY KEY (agency, region_code)
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS step_lanes (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL,
        step_id text NOT NULL,
        agency text NOT NULL,
        region_code text NOT NULL DEFAULT '',
        mode text NOT NULL CHECK (mode IN ('API', 'MANUAL', 'UNAVAILABLE')),
        started_at timestamptz NOT NULL DEFAULT now(),
        mode_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        outcome text,
        request jsonb,
        UNIQUE (application_id, step_id)
      )`);
    await q.query('CREATE INDEX IF NOT EXISTS step_lanes_progress ON step_lanes (started_at, agency, region_code)');
    await q.query(`
      CREATE TABLE IF NOT EXISTS manual_tasks (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL,
        step_id text NOT NULL,
        action text NOT NULL,
        agency text NOT NULL,
        region_code text NOT NULL DEFAULT '',
        office text NOT NULL,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'COMPLETED', 'REJECTED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        due_at timestamptz NOT NULL,
        document_number text,
        outputs jsonb,
        reason text,
        decided_by text,
        decided_role text,
        decided_at timestamptz,
        UNIQUE (application_id, step_id)
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS manual_tasks_queue ON manual_tasks (agency, region_code, due_at) WHERE status = 'OPEN'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS manual_tasks');
    await q.query('DROP TABLE IF EXISTS step_lanes');
    await q.query('DROP TABLE IF EXISTS agency_connections');
  }
}
