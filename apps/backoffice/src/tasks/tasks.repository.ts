import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DEFINITIONS, OPEN_TASK_STATUSES, type AgencyId } from '@simpul/contracts';

export interface TaskRow {
  application_id: string;
  step_id: string;
  agency: AgencyId;
  status: string;
  life_event: string;
  definition_version: number;
  updated_at: Date;
  started_at: Date | null;
  due_at: Date | null;
  reference: string | null;
  claimed_by: string | null;
  claim_expires_at: Date | null;
  /** The regency of the application's family card (the first four digits of its KK number). */
  region_code?: string | null;
}

/**
 * Whose tasks a query may see: one agency's, and for an officer of a regional office (Disdukcapil, Dinas Sosial) only
 * the applications of their province (2 digits) or regency (4 digits), by the family card's region code.
 */
export interface TaskScope {
  agency: AgencyId;
  region?: string;
}

export interface TaskFilter {
  lifeEvent?: string;
  status: (typeof OPEN_TASK_STATUSES)[number];
  overdue?: boolean;
  limit: number;
  offset: number;
}

export interface ClaimRow {
  task_id: string;
  officer_id: string;
  claimed_at: Date;
  expires_at: Date;
}

export interface TaskActionInput {
  taskId: string;
  applicationId: string;
  stepId: string;
  agency: AgencyId;
  action: 'claim' | 'release' | 'decision';
  actorId: string;
  actorRole: string;
  outcome?: string;
  reason?: string;
  message?: string;
  /** A decision's workflow update id: a repeated submit is recorded once. */
  updateId?: string;
}

/**
 * The SLA of every step of every definition version, as a SQL VALUES list: the queue orders and filters by the due
 * time in the database (paging stays correct), computed as the workflow's SLA timer does: from the step's start,
 * `slaHours` SLA hours later.
 */
function slaValues(): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const rows: string[] = [];
  for (const def of DEFINITIONS) {
    for (const step of def.steps) {
      params.push(def.type, def.version, step.id, step.slaHours);
      const n = params.length;
      rows.push(`($${n - 3}::text, $${n - 2}::int, $${n - 1}::text, $${n}::float8)`);
    }
  }
  return { sql: `(VALUES ${rows.join(', ')}) AS sla(life_event, version, step_id, hours)`, params };
}

const OPEN = `(${OPEN_TASK_STATUSES.map((s) => `'${s}'`).join(', ')})`;
/**
 * A claim holds until it expires, or until the citizen answers the request for information its officer sent: then the
 * task is back in the queue. portal-api records the answer (citizen_responses) and never touches the claims; the
 * back office, their owner, reads a claim older than the latest answer as ended.
 */
const LIVE_CLAIM = (c: string) =>
  `${c}.expires_at > now() AND NOT EXISTS (SELECT 1 FROM citizen_responses r WHERE r.application_id = ${c}.application_id AND r.step_id = ${c}.step_id AND r.created_at > ${c}.claimed_at)`;
/** The task's region starts with the scope's region code (a province's 2 digits cover its regencies); NULL: any. */
const IN_REGION = (param: string) => `(${param}::text IS NULL OR left(t.region_code, length(${param}::text)) = ${param}::text)`;

/** Officer queries cannot be written without the officer's scope (agency, region): a required argument of each. */
@Injectable()
export class TasksRepository {
  constructor(private readonly ds: DataSource) {}

  private select(hourMs: number, paramsBefore: number): { sql: string; params: unknown[] } {
    const sla = slaValues();
    const shifted = sla.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + paramsBefore + 1}`);
    return {
      sql: `SELECT s.application_id, s.step_id, s.agency, s.status, a.life_event, a.definition_version, s.updated_at, s.started_at, s.reference,
                   COALESCE(s.started_at, s.updated_at) + make_interval(secs => sla.hours * $${paramsBefore + 1}::float8 / 1000) AS due_at,
                   c.officer_id AS claimed_by, c.expires_at AS claim_expires_at, left(a.data->>'kkNumber', 4) AS region_code
              FROM application_steps s
              JOIN applications a ON a.id = s.application_id
              LEFT JOIN ${shifted} ON sla.life_event = a.life_event AND sla.version = a.definition_version AND sla.step_id = s.step_id
              LEFT JOIN task_claims c ON c.task_id = s.application_id || ':' || s.step_id AND ${LIVE_CLAIM('c')}`,
      params: [hourMs, ...sla.params],
    };
  }

  async list(scope: TaskScope, filter: TaskFilter, hourMs: number): Promise<{ rows: TaskRow[]; total: number }> {
    const base = [scope.agency, filter.status, filter.lifeEvent ?? null, filter.overdue ?? null, scope.region ?? null];
    const q = this.select(hourMs, base.length);
    const where = `WHERE t.agency = $1 AND t.status = $2 AND ($3::text IS NULL OR t.life_event = $3)
                     AND ($4::boolean IS NULL OR (t.due_at <= now()) = $4) AND ${IN_REGION('$5')}`;
    const from = `FROM (${q.sql}) t ${where}`;
    const params = [...base, ...q.params];
    const rows: TaskRow[] = await this.ds.query(
      `SELECT * ${from} ORDER BY t.due_at NULLS LAST, t.application_id, t.step_id LIMIT ${filter.limit} OFFSET ${filter.offset}`,
      params,
    );
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total ${from}`, params);
    return { rows, total };
  }

  async find(scope: TaskScope, applicationId: string, stepId: string, hourMs: number): Promise<TaskRow | undefined> {
    const q = this.select(hourMs, 4);
    const rows: TaskRow[] = await this.ds.query(
      `SELECT * FROM (${q.sql}) t WHERE t.agency = $1 AND t.application_id = $2 AND t.step_id = $3 AND ${IN_REGION('$4')}`,
      [scope.agency, applicationId, stepId, scope.region ?? null, ...q.params],
    );
    return rows[0];
  }

  /** Open and overdue counts per agency; `agency` undefined counts every agency (operators). */
  async counts(scope: TaskScope | undefined, hourMs: number): Promise<Array<{ agency: string; open: number; overdue: number; waitingForCitizen: number }>> {
    const q = this.select(hourMs, 2);
    return this.ds.query(
      `SELECT t.agency,
              count(*) FILTER (WHERE t.status = 'WAITING_FOR_OFFICER')::int AS open,
              count(*) FILTER (WHERE t.status = 'WAITING_FOR_OFFICER' AND t.due_at <= now())::int AS overdue,
              count(*) FILTER (WHERE t.status = 'WAITING_FOR_CITIZEN')::int AS "waitingForCitizen"
         FROM (${q.sql}) t WHERE t.status IN ${OPEN} AND ($1::text IS NULL OR t.agency = $1) AND ${IN_REGION('$2')}
        GROUP BY t.agency ORDER BY t.agency`,
      [scope?.agency ?? null, scope?.region ?? null, ...q.params],
    );
  }

  /** Application data and the outputs of its steps: what the step's declared inputs are selected from. */
  async sources(applicationId: string): Promise<{ data: Record<string, unknown>; outputs: Record<string, Record<string, string>> }> {
    const [app] = await this.ds.query(`SELECT data FROM applications WHERE id = $1`, [applicationId]);
    const steps: Array<{ step_id: string; outputs: Record<string, string> }> = await this.ds.query(
      `SELECT step_id, outputs FROM application_steps WHERE application_id = $1`,
      [applicationId],
    );
    return { data: app?.data ?? {}, outputs: Object.fromEntries(steps.map((s) => [s.step_id, s.outputs ?? {}])) };
  }

  /**
   * Takes the claim when nobody holds a live one (or the caller already does, which extends it). Returns the claim
   * that holds afterwards: the caller's, or the other officer's.
   */
  async claim(taskId: string, applicationId: string, stepId: string, agency: AgencyId, officerId: string, ttlSeconds: number, m?: EntityManager): Promise<ClaimRow> {
    const rows: ClaimRow[] = await (m ?? this.ds).query(
      `INSERT INTO task_claims (task_id, application_id, step_id, agency, officer_id, claimed_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, now(), now() + make_interval(secs => $6))
       ON CONFLICT (task_id) DO UPDATE SET officer_id = EXCLUDED.officer_id, claimed_at = EXCLUDED.claimed_at, expires_at = EXCLUDED.expires_at
        WHERE NOT (${LIVE_CLAIM('task_claims')}) OR task_claims.officer_id = EXCLUDED.officer_id
       RETURNING task_id, officer_id, claimed_at, expires_at`,
      [taskId, applicationId, stepId, agency, officerId, ttlSeconds],
    );
    if (rows[0]) return rows[0];
    return (await this.liveClaim(taskId, m)) as ClaimRow;
  }

  async liveClaim(taskId: string, m?: EntityManager): Promise<ClaimRow | undefined> {
    const rows: ClaimRow[] = await (m ?? this.ds).query(
      `SELECT task_id, officer_id, claimed_at, expires_at FROM task_claims c WHERE task_id = $1 AND ${LIVE_CLAIM('c')}`,
      [taskId],
    );
    return rows[0];
  }

  /** Removes the claim; `officerId` undefined removes whoever holds it (a supervisor's release). */
  async release(taskId: string, officerId: string | undefined, m?: EntityManager): Promise<boolean> {
    const rows = await (m ?? this.ds).query(`DELETE FROM task_claims WHERE task_id = $1 AND ($2::text IS NULL OR officer_id = $2) RETURNING task_id`, [
      taskId,
      officerId ?? null,
    ]);
    return rows.length > 0;
  }

  /** Records one action; false when a decision with the same update id was already recorded. */
  async recordAction(a: TaskActionInput, m?: EntityManager): Promise<boolean> {
    const rows = await (m ?? this.ds).query(
      `INSERT INTO task_actions (task_id, application_id, step_id, agency, action, actor_id, actor_role, outcome, reason, message, update_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (update_id) DO NOTHING RETURNING id`,
      [a.taskId, a.applicationId, a.stepId, a.agency, a.action, a.actorId, a.actorRole, a.outcome ?? null, a.reason ?? null, a.message ?? null, a.updateId ?? null],
    );
    return rows.length > 0;
  }

  history(taskId: string): Promise<Array<{ action: string; actor_id: string; actor_role: string; outcome: string | null; reason: string | null; message: string | null; created_at: Date }>> {
    return this.ds.query(
      `SELECT action, actor_id, actor_role, outcome, reason, message, created_at FROM task_actions WHERE task_id = $1 ORDER BY id`,
      [taskId],
    );
  }

  responses(applicationId: string, stepId: string): Promise<Array<{ message: string; created_at: Date }>> {
    return this.ds.query(`SELECT message, created_at FROM citizen_responses WHERE application_id = $1 AND step_id = $2 ORDER BY created_at`, [
      applicationId,
      stepId,
    ]);
  }

  /** How many information requests of this task were answered: the decision round, part of its update id. */
  async round(applicationId: string, stepId: string): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM citizen_responses WHERE application_id = $1 AND step_id = $2`, [applicationId, stepId]);
    return n;
  }

  /** Retention: the free text of the task's actions (a request for information may hold personal data). */
  async forgetMessages(m: EntityManager, applicationId: string): Promise<void> {
    await m.query(`UPDATE task_actions SET message = NULL WHERE application_id = $1 AND message IS NOT NULL`, [applicationId]);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
