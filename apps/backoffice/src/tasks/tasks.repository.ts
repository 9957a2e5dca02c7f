import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AgencyId } from '@simpul/contracts';

export interface TaskRow {
  application_id: string;
  step_id: string;
  agency: AgencyId;
  status: string;
  life_event: string;
  updated_at: Date;
  reference: string | null;
}

/** Officer queries cannot be written without the officer's agency: it is a required argument of every method. */
@Injectable()
export class TasksRepository {
  constructor(private readonly ds: DataSource) {}

  listWaiting(agency: AgencyId, limit: number, offset: number): Promise<TaskRow[]> {
    return this.ds.query(
      `SELECT s.application_id, s.step_id, s.agency, s.status, a.life_event, s.updated_at, s.reference
         FROM application_steps s JOIN applications a ON a.id = s.application_id
        WHERE s.agency = $1 AND s.status = 'WAITING_FOR_OFFICER'
        ORDER BY s.updated_at, s.application_id LIMIT $2 OFFSET $3`,
      [agency, limit, offset],
    );
  }

  async find(agency: AgencyId, applicationId: string, stepId: string): Promise<TaskRow | undefined> {
    const rows: TaskRow[] = await this.ds.query(
      `SELECT s.application_id, s.step_id, s.agency, s.status, a.life_event, s.updated_at, s.reference
         FROM application_steps s JOIN applications a ON a.id = s.application_id
        WHERE s.agency = $1 AND s.application_id = $2 AND s.step_id = $3`,
      [agency, applicationId, stepId],
    );
    return rows[0];
  }
}
