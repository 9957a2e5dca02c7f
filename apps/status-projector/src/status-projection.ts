import { DataSource, type EntityManager } from 'typeorm';
import type { KafkaMessage } from 'kafkajs';
import {
  APPLICATION_STATUSES,
  STEP_STATUSES,
  isAgencyId,
  type ApplicationStatusChangedPayload,
  type StatusEvent,
  type StepStatus,
  type StepStatusChangedPayload,
} from '@simpul/contracts';
import { decodeEnvelope, PoisonMessageError } from '@simpul/messaging';

const FINAL_STEP: readonly StepStatus[] = ['COMPLETED', 'SKIPPED', 'REJECTED', 'FAILED', 'COMPENSATED'];

/** Parses a status event and checks its payload; anything else is poison. */
export function decodeStatusEvent(message: KafkaMessage): StatusEvent {
  const envelope = decodeEnvelope(message.value, ['ApplicationStatusChanged', 'StepStatusChanged']);
  const p = envelope.payload as Record<string, unknown>;
  if (!Number.isInteger(p.seq) || (p.seq as number) < 1) throw new PoisonMessageError('payload.seq must be a positive integer');
  if (envelope.type === 'ApplicationStatusChanged') {
    if (!(APPLICATION_STATUSES as readonly string[]).includes(p.status as string)) throw new PoisonMessageError(`unknown application status ${String(p.status)}`);
  } else {
    if (!(STEP_STATUSES as readonly string[]).includes(p.status as string)) throw new PoisonMessageError(`unknown step status ${String(p.status)}`);
    if (typeof p.stepId !== 'string' || !isAgencyId(p.agency)) throw new PoisonMessageError('payload.stepId or payload.agency is invalid');
    const m = p.message as Record<string, unknown> | undefined;
    if (typeof m?.id !== 'string' || typeof m.en !== 'string') throw new PoisonMessageError('payload.message must have id and en');
  }
  return envelope as StatusEvent;
}

/**
 * Applies status events to the read model exactly once in effect: the event id is recorded in the same transaction
 * (a re-delivery changes nothing), and each row only moves forward in sequence (an older event never overwrites a newer).
 */
export class StatusProjection {
  constructor(private readonly ds: DataSource) {}

  async handle(message: KafkaMessage): Promise<void> {
    const event = decodeStatusEvent(message);
    await this.ds.transaction(async (em) => {
      const exists: unknown[] = await em.query('SELECT 1 FROM applications WHERE id = $1', [event.applicationId]);
      if (exists.length === 0) throw new PoisonMessageError(`status event for unknown application ${event.applicationId}`);
      const inserted: unknown[] = await em.query(
        `INSERT INTO application_events (event_id, application_id, seq, type, payload, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [event.eventId, event.applicationId, event.payload.seq, event.type, JSON.stringify(event.payload), event.occurredAt],
      );
      if (inserted.length === 0) return;
      if (event.type === 'StepStatusChanged') await this.applyStep(em, event.applicationId, event.payload, new Date(event.occurredAt));
      else await this.applyApplication(em, event.applicationId, event.payload);
    });
  }

  private async applyStep(em: EntityManager, applicationId: string, p: StepStatusChangedPayload, at: Date): Promise<void> {
    const startedAt = p.status === 'PENDING' ? null : at;
    const completedAt = FINAL_STEP.includes(p.status) ? at : null;
    await em.query(
      `INSERT INTO application_steps AS s (application_id, step_id, agency, status, definition_version, reference, outputs,
                                           message_id, message_en, seq, started_at, completed_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (application_id, step_id) DO UPDATE SET
         status = EXCLUDED.status,
         reference = COALESCE(EXCLUDED.reference, s.reference),
         outputs = s.outputs || EXCLUDED.outputs,
         message_id = EXCLUDED.message_id,
         message_en = EXCLUDED.message_en,
         seq = EXCLUDED.seq,
         started_at = COALESCE(s.started_at, EXCLUDED.started_at),
         completed_at = EXCLUDED.completed_at,
         updated_at = EXCLUDED.updated_at
       WHERE s.seq < EXCLUDED.seq`,
      [applicationId, p.stepId, p.agency, p.status, p.definitionVersion, p.reference ?? null, JSON.stringify(p.outputs ?? {}),
        p.message.id, p.message.en, p.seq, startedAt, completedAt, at],
    );
  }

  private async applyApplication(em: EntityManager, applicationId: string, p: ApplicationStatusChangedPayload): Promise<void> {
    await em.query(
      `UPDATE applications SET status = $2, status_reason = $3, status_seq = $4, updated_at = now()
       WHERE id = $1 AND status_seq < $4`,
      [applicationId, p.status, p.reason ? JSON.stringify(p.reason) : null, p.seq],
    );
  }
}
