import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AgencyConnectionEntity, type ConnectionMode, type ConnectionProfile } from '../entities/agency-connection.entity';

export interface EffectiveConnection {
  mode: ConnectionMode;
  /** API only: DIRECT or GATEWAY as the deciding row says; undefined: as the agency worker is configured. */
  profile?: ConnectionProfile;
  /** The row that decided it ('' the agency-wide row); undefined when no row exists (the default, API). */
  decidedBy?: { regionCode: string; changedAt: Date };
}

/** A registry row's setting: the mode, and for API the profile (null: the worker's configuration). */
export interface ConnectionSetting {
  mode: ConnectionMode;
  profile: ConnectionProfile | null;
}

const COLUMNS = `agency, region_code AS "regionCode", mode, profile, changed_at AS "changedAt", changed_by AS "changedBy"`;

/**
 * The connection registry (`agency_connections`), the only writer and reader of that table. Read on every step's
 * first call, so a change takes effect for the next step without a restart; the most specific row wins: the
 * regency's, then its province's, then the agency's own; no row at all means API (how every agency worked before).
 * The deciding row gives the mode and, for API, the profile.
 */
@Injectable()
export class ConnectionRegistry {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async effective(agency: string, regencyCode: string): Promise<EffectiveConnection> {
    const candidates = regencyCode ? [regencyCode, regencyCode.slice(0, 2), ''] : [''];
    // Read on every step's first call: one plain statement, the most specific row first.
    const [row]: AgencyConnectionEntity[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM agency_connections WHERE agency = $1 AND region_code = ANY($2::text[]) ORDER BY length(region_code) DESC LIMIT 1`,
      [agency, candidates],
    );
    if (!row) return { mode: 'API' };
    return { mode: row.mode, ...(row.mode === 'API' && row.profile ? { profile: row.profile } : {}), decidedBy: { regionCode: row.regionCode, changedAt: row.changedAt } };
  }

  list(): Promise<AgencyConnectionEntity[]> {
    return this.ds.getRepository(AgencyConnectionEntity).find({ order: { agency: 'ASC', regionCode: 'ASC' } });
  }

  find(agency: string, regionCode: string, manager?: EntityManager): Promise<AgencyConnectionEntity | null> {
    return (manager ?? this.ds.manager).getRepository(AgencyConnectionEntity).findOne({ where: { agency, regionCode } });
  }

  /** Sets a mode and profile (a new row or a change); returns the previous setting (undefined for a new row). */
  async set(agency: string, regionCode: string, setting: ConnectionSetting, changedBy: string, manager?: EntityManager): Promise<{ previous?: ConnectionSetting; row: AgencyConnectionEntity }> {
    const m = manager ?? this.ds.manager;
    const before: ConnectionSetting[] = await m.query('SELECT mode, profile FROM agency_connections WHERE agency = $1 AND region_code = $2 FOR UPDATE', [agency, regionCode]);
    const [row] = (await m.query(
      `INSERT INTO agency_connections (agency, region_code, mode, profile, changed_at, changed_by) VALUES ($1, $2, $3, $4, now(), $5)
       ON CONFLICT (agency, region_code) DO UPDATE SET mode = EXCLUDED.mode, profile = EXCLUDED.profile, changed_at = EXCLUDED.changed_at, changed_by = EXCLUDED.changed_by
       RETURNING ${COLUMNS}`,
      [agency, regionCode, setting.mode, setting.mode === 'API' ? setting.profile : null, changedBy],
    )) as AgencyConnectionEntity[];
    return { previous: before[0], row };
  }

  /** Demo and first-install seeding: a row only where none exists (an operator's choice is never overwritten). */
  async seed(agency: string, regionCode: string, mode: ConnectionMode): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO agency_connections (agency, region_code, mode, changed_by) VALUES ($1, $2, $3, 'provisioning') ON CONFLICT DO NOTHING RETURNING agency`,
      [agency, regionCode, mode],
    );
    return rows.length === 1;
  }
}
