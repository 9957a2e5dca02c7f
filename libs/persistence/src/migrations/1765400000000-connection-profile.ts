import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The connection profile of an `API` row in the connection registry (docs/phased-integration.md): `DIRECT` (the agency
 * itself) or `GATEWAY` (through the SPLP gateway). NULL, the value of every existing row, means "as the agency
 * worker is configured" (`SIMPUL_AGENCY_<ID>_MODE`), so an installation that never sets a profile behaves as before.
 * `step_lanes.profile` records the profile a step's calls were started with (NULL: the worker's default, or a step
 * that makes no agency call), so a running call is never switched from direct to gateway or back.
 */
export class ConnectionProfile1765400000000 implements MigrationInterface {
  name = 'ConnectionProfile1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agency_connections ADD COLUMN IF NOT EXISTS profile text CHECK (profile IN ('DIRECT', 'GATEWAY'))`);
    await q.query(`ALTER TABLE agency_connections ADD CONSTRAINT agency_connections_profile_api CHECK (profile IS NULL OR mode = 'API')`);
    await q.query(`ALTER TABLE step_lanes ADD COLUMN IF NOT EXISTS profile text CHECK (profile IN ('DIRECT', 'GATEWAY'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE step_lanes DROP COLUMN IF EXISTS profile');
    await q.query('ALTER TABLE agency_connections DROP CONSTRAINT IF EXISTS agency_connections_profile_api');
    await q.query('ALTER TABLE agency_connections DROP COLUMN IF EXISTS profile');
  }
}
