import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApplicationEventRow, ApplicationStepRow, IncidentRow } from '@simpul/persistence';
import { FINAL_APPLICATION_STATUSES, type AgencyEvidence, type AgencyId, type ApplicationStatus, type LifeEventType, type StepStatus } from '@simpul/contracts';

/** A StepStatusChanged event that carries the evidence of an agency exchange. */
export interface EvidenceEventRow {
  seq: number;
  occurred_at: Date;
  payload: { stepId: string; agency: string; status: string; reference?: string; ruleVersion?: string; evidence: AgencyEvidence };
}

export interface SearchFilter {
  status?: ApplicationStatus;
  lifeEvent?: LifeEventType;
  agency?: AgencyId;
  stepStatus?: StepStatus;
  createdFrom?: string;
  createdTo?: string;
  stuckForSeconds?: number;
  openIncident?: boolean;
}

export interface SearchRow {
  id: string;
  life_event: LifeEventType;
  definition_version: number;
  status: ApplicationStatus;
  channel: string;
  created_at: Date;
  updated_at: Date;
  last_activity_at: Date | null;
  open_incidents: number;
  steps: Array<{ stepId: string; agency: AgencyId; status: StepStatus }> | null;
  total: number;
}

export interface ApplicationRow {
  id: string;
  life_event: LifeEventType;
  definition_version: number;
  status: ApplicationStatus;
  status_reason: { code: string; id: string; en: string } | null;
  channel: string;
  correlation_id: string;
  data: Record<string, unknown>;
  assisted_by: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
}

/** A row of `application_steps` as stored (the row type is its owner's, libs/persistence). */
export type StepRow = ApplicationStepRow;

/** A status event as projected (the row type is its owner's, libs/persistence). */
export type EventRow = ApplicationEventRow;

/** Read-model queries of the operator console (any application, any agency: operators are not agency-bound). */
@Injectable()
export class OperatorApplicationsRepository {
  constructor(private readonly ds: DataSource) {}

  search(f: SearchFilter, limit: number, offset: number): Promise<SearchRow[]> {
    return this.ds.query(
      `SELECT a.id, a.life_event, a.definition_version, a.status, a.channel, a.created_at, a.updated_at, la.last_at AS last_activity_at,
              (SELECT count(*)::int FROM incidents i WHERE i.application_id = a.id AND i.status = 'OPEN') AS open_incidents,
              (SELECT json_agg(json_build_object('stepId', s.step_id, 'agency', s.agency, 'status', s.status) ORDER BY s.step_id)
                 FROM application_steps s WHERE s.application_id = a.id) AS steps,
              count(*) OVER ()::int AS total
         FROM applications a
         LEFT JOIN LATERAL (SELECT max(e.occurred_at) AS last_at FROM application_events e WHERE e.application_id = a.id) la ON true
        WHERE ($1::text IS NULL OR a.status = $1)
          AND ($2::text IS NULL OR a.life_event = $2)
          AND (($3::text IS NULL AND $4::text IS NULL) OR EXISTS (
                SELECT 1 FROM application_steps s WHERE s.application_id = a.id
                   AND ($3::text IS NULL OR s.agency = $3) AND ($4::text IS NULL OR s.status = $4)))
          AND ($5::timestamptz IS NULL OR a.created_at >= $5)
          AND ($6::timestamptz IS NULL OR a.created_at < $6)
          AND ($7::float8 IS NULL OR (a.status <> ALL($11::text[])
                AND COALESCE(la.last_at, a.created_at) < now() - make_interval(secs => $7)))
          AND ($8::boolean IS NULL OR $8 = EXISTS (SELECT 1 FROM incidents i WHERE i.application_id = a.id AND i.status = 'OPEN'))
        ORDER BY a.created_at DESC, a.id DESC
        LIMIT $9 OFFSET $10`,
      [f.status ?? null, f.lifeEvent ?? null, f.agency ?? null, f.stepStatus ?? null, f.createdFrom ?? null, f.createdTo ?? null,
        f.stuckForSeconds ?? null, f.openIncident ?? null, limit, offset, FINAL_APPLICATION_STATUSES],
    );
  }

  async application(id: string): Promise<ApplicationRow | undefined> {
    const rows: ApplicationRow[] = await this.ds.query(
      `SELECT id, life_event, definition_version, status, status_reason, channel, correlation_id, data, assisted_by, created_at, updated_at
         FROM applications WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  steps(id: string): Promise<StepRow[]> {
    return this.ds.query('SELECT * FROM application_steps WHERE application_id = $1', [id]);
  }

  events(id: string): Promise<EventRow[]> {
    return this.ds.query('SELECT event_id, seq, type, payload, occurred_at FROM application_events WHERE application_id = $1 ORDER BY seq', [id]);
  }

  incidents(id: string): Promise<IncidentRow[]> {
    return this.ds.query('SELECT * FROM incidents WHERE application_id = $1 ORDER BY opened_at', [id]);
  }

  async exists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query('SELECT 1 FROM applications WHERE id = $1', [id]);
    return rows.length > 0;
  }

  /** The step events that carry what was exchanged with an agency (hashes, status, times; no content), in order. */
  evidence(id: string): Promise<EvidenceEventRow[]> {
    return this.ds.query(
      `SELECT seq, occurred_at, payload FROM application_events
        WHERE application_id = $1 AND type = 'StepStatusChanged' AND payload ? 'evidence' ORDER BY seq`,
      [id],
    );
  }
}
