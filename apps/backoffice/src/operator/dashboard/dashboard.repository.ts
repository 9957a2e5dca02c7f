import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FINAL_STEP_STATUSES, STEP_STATUSES } from '@simpul/contracts';

export interface StatusCountRow {
  life_event: string;
  status: string;
  n: number;
}
export interface BreachCountRow {
  agency: string;
  breaches: number;
  open: number;
}
export interface StepDurationRow {
  life_event: string;
  step_id: string;
  agency: string;
  n: number;
  /** Seconds; PostgreSQL returns float8 aggregates as numbers, numeric ones as text. */
  median: number | string;
  p95: number | string;
}

const FILED = `($1::timestamptz IS NULL OR a.created_at >= $1) AND ($2::timestamptz IS NULL OR a.created_at < $2)`;
/** Steps not ended yet (an SLA breach still open): every step status but the final ones. */
const OPEN_STEP = `(${STEP_STATUSES.filter((s) => !FINAL_STEP_STATUSES.includes(s)).map((s) => `'${s}'`).join(', ')})`;

/** The operator dashboard's figures, from the read model; `from`/`to` bound the filing time (null: unbounded). */
@Injectable()
export class DashboardRepository {
  constructor(private readonly ds: DataSource) {}

  byStatus(range: [string | null, string | null]): Promise<StatusCountRow[]> {
    return this.ds.query(`SELECT a.life_event, a.status, count(*)::int AS n FROM applications a WHERE ${FILED} GROUP BY 1, 2 ORDER BY 1, 2`, range);
  }

  breaches(range: [string | null, string | null]): Promise<BreachCountRow[]> {
    return this.ds.query(
      `SELECT s.agency, count(*)::int AS breaches, count(*) FILTER (WHERE s.status IN ${OPEN_STEP})::int AS open
         FROM application_steps s JOIN applications a ON a.id = s.application_id
        WHERE s.escalated_at IS NOT NULL AND ${FILED} GROUP BY 1 ORDER BY 1`,
      range,
    );
  }

  stepDurations(range: [string | null, string | null]): Promise<StepDurationRow[]> {
    return this.ds.query(
      `SELECT a.life_event, s.step_id, s.agency, count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.completed_at - s.started_at)) AS median,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM s.completed_at - s.started_at)) AS p95
         FROM application_steps s JOIN applications a ON a.id = s.application_id
        WHERE s.status = 'COMPLETED' AND s.started_at IS NOT NULL AND s.completed_at IS NOT NULL AND ${FILED}
        GROUP BY 1, 2, 3 ORDER BY 1, 2`,
      range,
    );
  }
}
