import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  FINAL_STEP_STATUSES,
  type AgencyId,
  type ApplicationStatus,
  type IncidentOpenedPayload,
  type IncidentResolvedPayload,
  type LifeEventType,
  type StatusEvent,
  type StepSlaBreachedPayload,
  type StepStatus,
  type StepStatusChangedPayload,
} from '@simpul/contracts';

export const INCIDENT_STATUSES = ['OPEN', 'RESOLVED'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** A row of `incidents`: a compensation that failed for good, until an operator resolves it. */
export interface IncidentRow {
  application_id: string;
  incident_id: string;
  step_id: string;
  agency: string;
  action: string;
  error: string;
  status: IncidentStatus;
  opened_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  note: string | null;
}

/** A row of `application_steps` as stored (raw SQL readers; `ApplicationStepEntity` is its mapped form). */
export interface ApplicationStepRow {
  application_id: string;
  step_id: string;
  agency: AgencyId;
  status: StepStatus;
  definition_version: number;
  reference: string | null;
  outputs: Record<string, string>;
  message_id: string;
  message_en: string;
  rule_version: string | null;
  escalated_at: Date | null;
  sla_due_at: Date | null;
  seq: number;
  started_at: Date | null;
  completed_at: Date | null;
  updated_at: Date;
}

/** A row of `application_events`: one status event as projected. */
export interface ApplicationEventRow {
  event_id: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/** What the projection needs to know of the application a status event is about, its status included. */
export interface ProjectedApplicationRow {
  id: string;
  life_event: LifeEventType;
  definition_version: number;
  client_id: string;
  correlation_id: string;
  status: ApplicationStatus;
  status_seq: number;
}

/**
 * The one writer of `application_steps`, `application_events` and `incidents` (owner: libs/persistence): the status
 * projector calls it in its batch transaction (each row only moves forward in sequence; an event id is recorded
 * once), retention anonymises. The application's own status is ApplicationRecordRepository's.
 */
@Injectable()
export class ReadModelRepository {
  /** The applications a batch of status events is about, by id (one round trip for the batch). */
  async applications(em: EntityManager, ids: string[]): Promise<Map<string, ProjectedApplicationRow>> {
    const rows: ProjectedApplicationRow[] = await em.query(
      'SELECT id, life_event, definition_version, client_id, correlation_id, status, status_seq FROM applications WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Records the event; false when it was recorded before (a re-delivery). */
  async recordEvent(em: EntityManager, event: StatusEvent): Promise<boolean> {
    const inserted: unknown[] = await em.query(
      `INSERT INTO application_events (event_id, application_id, seq, type, payload, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [event.eventId, event.applicationId, event.payload.seq, event.type, JSON.stringify(event.payload), event.occurredAt],
    );
    return inserted.length > 0;
  }

  /** Moves the step forward; returns when it started (null: not yet), or undefined when the event was older than the row. */
  async applyStep(em: EntityManager, applicationId: string, p: StepStatusChangedPayload, at: Date): Promise<Date | null | undefined> {
    const startedAt = p.status === 'PENDING' ? null : at;
    const completedAt = FINAL_STEP_STATUSES.includes(p.status) ? at : null;
    const rows: Array<{ started_at: Date | null }> = await em.query(
      `INSERT INTO application_steps AS s (application_id, step_id, agency, status, definition_version, reference, outputs,
                                           message_id, message_en, seq, started_at, completed_at, updated_at, rule_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (application_id, step_id) DO UPDATE SET
         status = EXCLUDED.status,
         reference = COALESCE(EXCLUDED.reference, s.reference),
         outputs = s.outputs || EXCLUDED.outputs,
         message_id = EXCLUDED.message_id,
         message_en = EXCLUDED.message_en,
         seq = EXCLUDED.seq,
         started_at = COALESCE(s.started_at, EXCLUDED.started_at),
         completed_at = EXCLUDED.completed_at,
         updated_at = EXCLUDED.updated_at,
         rule_version = COALESCE(EXCLUDED.rule_version, s.rule_version)
       WHERE s.seq < EXCLUDED.seq
       RETURNING s.started_at`,
      [applicationId, p.stepId, p.agency, p.status, p.definitionVersion, p.reference ?? null, JSON.stringify(p.outputs ?? {}),
        p.message.id, p.message.en, p.seq, startedAt, completedAt, at, p.ruleVersion ?? null],
    );
    return rows[0]?.started_at;
  }

  async applySlaBreach(em: EntityManager, applicationId: string, p: StepSlaBreachedPayload, at: Date): Promise<void> {
    await em.query(`UPDATE application_steps SET escalated_at = COALESCE(escalated_at, $3), sla_due_at = $4 WHERE application_id = $1 AND step_id = $2`, [
      applicationId,
      p.stepId,
      at,
      p.dueAt,
    ]);
  }

  async applyIncidentOpened(em: EntityManager, applicationId: string, p: IncidentOpenedPayload, at: Date): Promise<void> {
    await em.query(
      `INSERT INTO incidents (application_id, incident_id, step_id, agency, action, error, status, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'OPEN', $7) ON CONFLICT DO NOTHING`,
      [applicationId, p.incidentId, p.stepId, p.agency, p.action, p.error, at],
    );
  }

  async applyIncidentResolved(em: EntityManager, applicationId: string, p: IncidentResolvedPayload, at: Date): Promise<void> {
    await em.query(`UPDATE incidents SET status = 'RESOLVED', resolved_at = $3, resolved_by = $4, note = $5 WHERE application_id = $1 AND incident_id = $2`, [
      applicationId,
      p.incidentId,
      at,
      p.resolvedBy,
      p.note,
    ]);
  }

  /** Retention: step outputs and references, and the same in the recorded events, go; statuses and times stay. */
  async anonymise(em: EntityManager, applicationId: string): Promise<void> {
    await em.query(`UPDATE application_steps SET outputs = '{}', reference = NULL WHERE application_id = $1`, [applicationId]);
    await em.query(`UPDATE application_events SET payload = payload - 'outputs' - 'reference' - 'evidence' WHERE application_id = $1`, [applicationId]);
  }

  /** Wakes the live streams (SSE) and the webhook delivery worker when the transaction commits: one notice per application. */
  async notify(em: EntityManager, channel: string, applicationIds: string[]): Promise<void> {
    await em.query('SELECT pg_notify($1, id) FROM unnest($2::text[]) AS id', [channel, applicationIds]);
  }
}
