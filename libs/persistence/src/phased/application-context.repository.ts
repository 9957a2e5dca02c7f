import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What a step's lane depends on: the life event, its version, and the family card's regency (KK's first 4 digits). */
export interface LaneApplicationRow {
  life_event: string;
  definition_version: number;
  regency: string | null;
}

/** What a manual task shows its officer: the application's data and the outputs of its steps so far. */
export interface ManualTaskApplication {
  life_event: string;
  definition_version: number;
  data: Record<string, unknown> | null;
  stepOutputs: Record<string, Record<string, string>>;
}

/**
 * Reads of `applications` and `application_steps` the phased integration needs (their writer is the intake and the
 * status projection; this only reads): the regency a step's lane is chosen by, and what a manual task shows.
 */
@Injectable()
export class ApplicationContextRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async laneRow(applicationId: string): Promise<LaneApplicationRow | undefined> {
    const rows: LaneApplicationRow[] = await this.ds.query(
      `SELECT life_event, definition_version, left(data->>'kkNumber', 4) AS regency FROM applications WHERE id = $1`,
      [applicationId],
    );
    return rows[0];
  }

  async forManualTask(applicationId: string): Promise<ManualTaskApplication | undefined> {
    const [app]: Array<Omit<ManualTaskApplication, 'stepOutputs'>> = await this.ds.query('SELECT life_event, definition_version, data FROM applications WHERE id = $1', [applicationId]);
    if (!app) return undefined;
    const steps: Array<{ step_id: string; outputs: Record<string, string> | null }> = await this.ds.query('SELECT step_id, outputs FROM application_steps WHERE application_id = $1', [applicationId]);
    return { ...app, stepOutputs: Object.fromEntries(steps.map((s) => [s.step_id, s.outputs ?? {}])) };
  }
}
