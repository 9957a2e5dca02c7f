import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface ManualTask {
  id: string;
  application_id: string;
  step_id: string;
  action: string;
  agency: string;
  region_code: string;
  office: string;
  status: 'OPEN' | 'COMPLETED' | 'REJECTED';
  created_at: Date;
  due_at: Date;
  document_number: string | null;
  outputs: Record<string, string> | null;
  reason: string | null;
  decided_by: string | null;
  decided_role: string | null;
  decided_at: Date | null;
}

/** Whose manual tasks a query may see: one agency's, and for a regional officer one province (2) or regency (4). */
export interface ManualTaskScope {
  agency: string;
  region?: string;
}

export interface ManualOutcome {
  status: 'COMPLETED' | 'REJECTED';
  documentNumber?: string;
  outputs?: Record<string, string>;
  reason?: string;
  decidedBy: string;
  decidedRole: string;
}

const IN_SCOPE = `agency = $1 AND ($2::text IS NULL OR left(region_code, length($2::text)) = $2::text)`;

/** `manual_tasks`: a step handled by hand at a regional office that is not connected yet. */
@Injectable()
export class ManualTasksRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Opens the step's task, or returns the one already open for it (a repeated call opens nothing new). */
  async open(task: Pick<ManualTask, 'id' | 'application_id' | 'step_id' | 'action' | 'agency' | 'region_code' | 'office' | 'due_at'>): Promise<ManualTask> {
    await this.ds.query(
      `INSERT INTO manual_tasks (id, application_id, step_id, action, agency, region_code, office, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (application_id, step_id) DO NOTHING`,
      [task.id, task.application_id, task.step_id, task.action, task.agency, task.region_code, task.office, task.due_at],
    );
    const rows: ManualTask[] = await this.ds.query('SELECT * FROM manual_tasks WHERE application_id = $1 AND step_id = $2', [task.application_id, task.step_id]);
    return rows[0];
  }

  async byId(id: string): Promise<ManualTask | undefined> {
    const rows: ManualTask[] = await this.ds.query('SELECT * FROM manual_tasks WHERE id = $1', [id]);
    return rows[0];
  }

  /** The task if it is in the caller's scope; another agency's or region's task does not exist for them. */
  async inScope(scope: ManualTaskScope, id: string): Promise<ManualTask | undefined> {
    const rows: ManualTask[] = await this.ds.query(`SELECT * FROM manual_tasks WHERE ${IN_SCOPE} AND id = $3`, [scope.agency, scope.region ?? null, id]);
    return rows[0];
  }

  async list(scope: ManualTaskScope, status: ManualTask['status'], limit: number, offset: number): Promise<{ rows: ManualTask[]; total: number }> {
    const params = [scope.agency, scope.region ?? null, status];
    const rows: ManualTask[] = await this.ds.query(`SELECT * FROM manual_tasks WHERE ${IN_SCOPE} AND status = $3 ORDER BY due_at, id LIMIT ${limit} OFFSET ${offset}`, params);
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM manual_tasks WHERE ${IN_SCOPE} AND status = $3`, params);
    return { rows, total };
  }

  /** Records the officer's outcome on an open task; undefined when it was no longer open (decided already). */
  async record(id: string, outcome: ManualOutcome, manager?: EntityManager): Promise<ManualTask | undefined> {
    const [rows] = (await (manager ?? this.ds.manager).query(
      `UPDATE manual_tasks SET status = $2, document_number = $3, outputs = $4, reason = $5, decided_by = $6, decided_role = $7, decided_at = now()
        WHERE id = $1 AND status = 'OPEN' RETURNING *`,
      [id, outcome.status, outcome.documentNumber ?? null, outcome.outputs ? JSON.stringify(outcome.outputs) : null, outcome.reason ?? null, outcome.decidedBy, outcome.decidedRole],
    )) as [ManualTask[], number];
    return rows[0];
  }

  /** Retention: what the officers entered (outputs, document number, reason) goes. */
  async anonymise(m: EntityManager, applicationId: string): Promise<void> {
    await m.query(
      `UPDATE manual_tasks SET outputs = NULL, document_number = NULL, reason = CASE WHEN reason IS NULL THEN NULL ELSE '[purged]' END WHERE application_id = $1`,
      [applicationId],
    );
  }
}
