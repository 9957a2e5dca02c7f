import { DataSource, type EntityManager } from 'typeorm';
import {
  APPLICATION_STATUSES,
  STATUS_EVENT_TYPES,
  STEP_STATUSES,
  isAgencyId,
  type ApplicationStatusChangedPayload,
  type IncidentOpenedPayload,
  type IncidentResolvedPayload,
  type LifeEventType,
  type StatusEvent,
  type StepSlaBreachedPayload,
  type StepStatus,
  type StepStatusChangedPayload,
} from '@simpul/contracts';
import { decodeEnvelope, PoisonMessageError, type InboundMessage } from '@simpul/messaging';
import { openField, type KeyRing } from '@simpul/crypto';
import { StatusReactions } from './status-reactions';

const FINAL_STEP: readonly StepStatus[] = ['COMPLETED', 'SKIPPED', 'REJECTED', 'FAILED', 'COMPENSATED'];

/** Parses a status event and checks its payload; anything else is poison. */
export function decodeStatusEvent(message: InboundMessage): StatusEvent {
  const envelope = decodeEnvelope(message.value, STATUS_EVENT_TYPES);
  const p = envelope.payload as Record<string, unknown>;
  if (!Number.isInteger(p.seq) || (p.seq as number) < 1) throw new PoisonMessageError('payload.seq must be a positive integer');
  const text = (field: string) => {
    if (typeof p[field] !== 'string') throw new PoisonMessageError(`payload.${field} must be a string`);
  };
  switch (envelope.type) {
    case 'ApplicationStatusChanged':
      if (!(APPLICATION_STATUSES as readonly string[]).includes(p.status as string)) throw new PoisonMessageError(`unknown application status ${String(p.status)}`);
      break;
    case 'StepStatusChanged': {
      if (!(STEP_STATUSES as readonly string[]).includes(p.status as string)) throw new PoisonMessageError(`unknown step status ${String(p.status)}`);
      if (typeof p.stepId !== 'string' || !isAgencyId(p.agency)) throw new PoisonMessageError('payload.stepId or payload.agency is invalid');
      const m = p.message as Record<string, unknown> | undefined;
      if (typeof m?.id !== 'string' || typeof m.en !== 'string') throw new PoisonMessageError('payload.message must have id and en');
      break;
    }
    case 'StepSlaBreached':
      ['stepId', 'dueAt'].forEach(text);
      break;
    case 'IncidentOpened':
      ['incidentId', 'stepId', 'agency', 'action', 'error'].forEach(text);
      break;
    case 'IncidentResolved':
      ['incidentId', 'resolvedBy', 'note'].forEach(text);
      break;
  }
  return envelope as StatusEvent;
}

/**
 * Applies status events to the read model exactly once in effect: the event id is recorded in the same transaction
 * (a re-delivery changes nothing), and each row only moves forward in sequence (an older event never overwrites a newer).
 * The citizen notification and the portals' webhook deliveries are written in that same transaction (StatusReactions).
 */
export class StatusProjection {
  private readonly reactions = new StatusReactions();

  constructor(
    private readonly ds: DataSource,
    /** Opens the sealed step outputs (absent: events are taken as they are, as in tests that write plain events). */
    private readonly dataKeys?: KeyRing,
  ) {}

  async handle(message: InboundMessage): Promise<void> {
    await this.handleMany([message]);
  }

  /**
   * Applies consecutive events of one partition in one transaction (one commit, so one WAL flush, for all of them):
   * all or none. Any message that is poison, or any error, rolls the whole transaction back; the consumer then hands the
   * messages over one by one (KafkaTransport), so the poison one alone goes to the dead-letter topic.
   */
  async handleMany(messages: InboundMessage[]): Promise<void> {
    const events = messages.map((message) => {
      const event = decodeStatusEvent(message);
      if (event.type === 'StepStatusChanged' && event.payload.outputs && this.dataKeys) event.payload.outputs = openField(this.dataKeys, event.payload.outputs);
      return event;
    });
    await this.ds.transaction(async (em) => {
      for (const event of events) await this.applyOnce(em, event);
    });
  }

  private async applyOnce(em: EntityManager, event: StatusEvent): Promise<void> {
    const rows: Array<{ life_event: LifeEventType; definition_version: number; client_id: string; correlation_id: string }> = await em.query(
      'SELECT life_event, definition_version, client_id, correlation_id FROM applications WHERE id = $1',
      [event.applicationId],
    );
    if (rows.length === 0) throw new PoisonMessageError(`status event for unknown application ${event.applicationId}`);
    const inserted: unknown[] = await em.query(
      `INSERT INTO application_events (event_id, application_id, seq, type, payload, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [event.eventId, event.applicationId, event.payload.seq, event.type, JSON.stringify(event.payload), event.occurredAt],
    );
    if (inserted.length === 0) return;
    await this.apply(em, event, new Date(event.occurredAt));
    const [row] = rows;
    await this.reactions.afterApply(em, event, {
      id: event.applicationId,
      lifeEvent: row.life_event,
      definitionVersion: row.definition_version,
      clientId: row.client_id,
      correlationId: row.correlation_id,
    });
  }

  private apply(em: EntityManager, event: StatusEvent, at: Date): Promise<void> {
    switch (event.type) {
      case 'StepStatusChanged':
        return this.applyStep(em, event.applicationId, event.payload, at);
      case 'ApplicationStatusChanged':
        return this.applyApplication(em, event.applicationId, event.payload);
      case 'StepSlaBreached':
        return this.applySlaBreach(em, event.applicationId, event.payload, at);
      case 'IncidentOpened':
        return this.applyIncidentOpened(em, event.applicationId, event.payload, at);
      case 'IncidentResolved':
        return this.applyIncidentResolved(em, event.applicationId, event.payload, at);
    }
  }

  private async applyStep(em: EntityManager, applicationId: string, p: StepStatusChangedPayload, at: Date): Promise<void> {
    const startedAt = p.status === 'PENDING' ? null : at;
    const completedAt = FINAL_STEP.includes(p.status) ? at : null;
    await em.query(
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
       WHERE s.seq < EXCLUDED.seq`,
      [applicationId, p.stepId, p.agency, p.status, p.definitionVersion, p.reference ?? null, JSON.stringify(p.outputs ?? {}),
        p.message.id, p.message.en, p.seq, startedAt, completedAt, at, p.ruleVersion ?? null],
    );
  }

  private async applyApplication(em: EntityManager, applicationId: string, p: ApplicationStatusChangedPayload): Promise<void> {
    await em.query(
      `UPDATE applications SET status = $2, status_reason = $3, status_seq = $4, updated_at = clock_timestamp()
       WHERE id = $1 AND status_seq < $4`,
      [applicationId, p.status, p.reason ? JSON.stringify(p.reason) : null, p.seq],
    );
  }

  private async applySlaBreach(em: EntityManager, applicationId: string, p: StepSlaBreachedPayload, at: Date): Promise<void> {
    await em.query(
      `UPDATE application_steps SET escalated_at = COALESCE(escalated_at, $3), sla_due_at = $4 WHERE application_id = $1 AND step_id = $2`,
      [applicationId, p.stepId, at, p.dueAt],
    );
  }

  private async applyIncidentOpened(em: EntityManager, applicationId: string, p: IncidentOpenedPayload, at: Date): Promise<void> {
    await em.query(
      `INSERT INTO incidents (application_id, incident_id, step_id, agency, action, error, status, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'OPEN', $7) ON CONFLICT DO NOTHING`,
      [applicationId, p.incidentId, p.stepId, p.agency, p.action, p.error, at],
    );
  }

  private async applyIncidentResolved(em: EntityManager, applicationId: string, p: IncidentResolvedPayload, at: Date): Promise<void> {
    await em.query(
      `UPDATE incidents SET status = 'RESOLVED', resolved_at = $3, resolved_by = $4, note = $5 WHERE application_id = $1 AND incident_id = $2`,
      [applicationId, p.incidentId, at, p.resolvedBy, p.note],
    );
  }
}
