import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IncidentRow, IncidentStatus } from '@simpul/persistence';

/** The operator console's reads of `incidents` (written by the status projection, libs/persistence). */
@Injectable()
export class IncidentsRepository {
  constructor(private readonly ds: DataSource) {}

  list(status: IncidentStatus | undefined, limit: number, offset: number): Promise<IncidentRow[]> {
    return this.ds.query(`SELECT * FROM incidents WHERE ($1::text IS NULL OR status = $1) ORDER BY opened_at, application_id, incident_id LIMIT $2 OFFSET $3`, [
      status ?? null,
      limit,
      offset,
    ]);
  }

  async find(applicationId: string, incidentId: string): Promise<IncidentRow | undefined> {
    const rows: IncidentRow[] = await this.ds.query('SELECT * FROM incidents WHERE application_id = $1 AND incident_id = $2', [applicationId, incidentId]);
    return rows[0];
  }
}
