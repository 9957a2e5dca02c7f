import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ConnectionMode, ConnectionProfile } from '../entities/agency-connection.entity';

export interface StepLane {
  id: string;
  application_id: string;
  step_id: string;
  agency: string;
  region_code: string;
  mode: ConnectionMode;
  /** The profile the step's agency calls use (API), fixed with the mode; null: the worker's configured default. */
  profile: ConnectionProfile | null;
  started_at: Date;
  mode_at: Date;
  finished_at: Date | null;
  outcome: string | null;
  request: Record<string, unknown> | null;
}

export interface ProgressRow {
  agency: string;
  region_code: string;
  api_steps: number;
  manual_steps: number;
  waiting_steps: number;
  median_api_seconds: number | null;
  median_manual_seconds: number | null;
}

/**
 * `step_lanes`: the mode each step was started in, chosen once at its first call and kept for every later call of
 * that step (retries, the follow-up after an officer's decision, an operator's retry): a running step is never
 * switched. Also the source of the integration progress figures.
 */
@Injectable()
export class StepLanesRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async find(applicationId: string, stepId: string): Promise<StepLane | undefined> {
    const rows: StepLane[] = await this.ds.query('SELECT * FROM step_lanes WHERE application_id = $1 AND step_id = $2', [applicationId, stepId]);
    return rows[0];
  }

  async byId(id: string): Promise<StepLane | undefined> {
    const rows: StepLane[] = await this.ds.query('SELECT * FROM step_lanes WHERE id = $1', [id]);
    return rows[0];
  }

  /** Records the step's mode unless one is already recorded (then that one is returned: the first choice stands). */
  async start(lane: Pick<StepLane, 'id' | 'application_id' | 'step_id' | 'agency' | 'region_code' | 'mode' | 'profile'> & { request?: Record<string, unknown> }): Promise<StepLane> {
    // One round trip: the new row, or (a call of the same step that started it first) nothing, then the row that won.
    const rows: StepLane[] = await this.ds.query(
      `INSERT INTO step_lanes (id, application_id, step_id, agency, region_code, mode, profile, request) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (application_id, step_id) DO NOTHING RETURNING *`,
      [lane.id, lane.application_id, lane.step_id, lane.agency, lane.region_code, lane.mode, lane.profile, lane.request ? JSON.stringify(lane.request) : null],
    );
    return rows[0] ?? ((await this.find(lane.application_id, lane.step_id)) as StepLane);
  }

  /** A step that waited for an UNAVAILABLE office starts in the mode its office now has; its held call is dropped. */
  async started(id: string, mode: Exclude<ConnectionMode, 'UNAVAILABLE'>, profile: ConnectionProfile | null = null): Promise<void> {
    await this.ds.query(`UPDATE step_lanes SET mode = $2, profile = $3, mode_at = now(), request = NULL WHERE id = $1 AND mode = 'UNAVAILABLE'`, [id, mode, profile]);
  }

  /** The step's call came to an end (a result or a business rejection); the first end counts. */
  async finished(applicationId: string, stepId: string, outcome: string): Promise<void> {
    await this.ds.query(`UPDATE step_lanes SET finished_at = now(), outcome = $3, request = NULL WHERE application_id = $1 AND step_id = $2 AND finished_at IS NULL`, [
      applicationId,
      stepId,
      outcome,
    ]);
  }

  /**
   * Per agency and region, over steps started since `since`: how many went by API and by hand (and wait for an
   * unavailable office), and the median duration of finished steps per mode (from the mode's start to the end).
   */
  progress(since: Date): Promise<ProgressRow[]> {
    return this.ds.query(
      `SELECT agency, region_code,
              count(*) FILTER (WHERE mode = 'API')::int AS api_steps,
              count(*) FILTER (WHERE mode = 'MANUAL')::int AS manual_steps,
              count(*) FILTER (WHERE mode = 'UNAVAILABLE')::int AS waiting_steps,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - mode_at)) FILTER (WHERE mode = 'API' AND finished_at IS NOT NULL) AS median_api_seconds,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - mode_at)) FILTER (WHERE mode = 'MANUAL' AND finished_at IS NOT NULL) AS median_manual_seconds
         FROM step_lanes WHERE started_at >= $1
        GROUP BY agency, region_code ORDER BY agency, region_code`,
      [since],
    );
  }

  /** Retention: the call held for an office not connected goes; the lane's mode and times stay (the progress report counts them). */
  async anonymise(m: EntityManager, applicationId: string): Promise<void> {
    await m.query(`UPDATE step_lanes SET request = NULL WHERE application_id = $1`, [applicationId]);
  }
}
