import { DataSource, type EntityManager } from 'typeorm';
import {
  APPLICATION_EVENTS_NOTIFY_CHANNEL,
  APPLICATION_STATUSES,
  STATUS_EVENT_TYPES,
  STEP_STATUSES,
  isAgencyId,
  type StatusEvent,
} from '@simpul/contracts';
import { decodeEnvelope, PoisonMessageError, type InboundMessage } from '@simpul/messaging';
import { openField, type KeyRing } from '@simpul/crypto';
import { ApplicationRecordRepository, OutboxRepository, ReadModelRepository, WebhookDeliveriesRepository, type ProjectedApplicationRow } from '@simpul/persistence';
import { StatusReactions } from './status-reactions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses a status event and checks its payload; anything else is poison. */
export function decodeStatusEvent(message: InboundMessage): StatusEvent {
  const envelope = decodeEnvelope(message.value, STATUS_EVENT_TYPES);
  // The read model's key: anything else would fail in PostgreSQL, again at every retry, holding the partition.
  if (!UUID.test(envelope.applicationId)) throw new PoisonMessageError('applicationId is not a UUID');
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
  private readonly readModel = new ReadModelRepository();
  private readonly record: ApplicationRecordRepository;
  private readonly reactions: StatusReactions;

  constructor(
    private readonly ds: DataSource,
    /** Opens the sealed step outputs (absent: events are taken as they are, as in tests that write plain events). */
    private readonly dataKeys?: KeyRing,
  ) {
    const outbox = new OutboxRepository(ds);
    this.record = new ApplicationRecordRepository(ds, outbox);
    this.reactions = new StatusReactions(outbox, new WebhookDeliveriesRepository());
  }

  async handle(message: InboundMessage): Promise<void> {
    await this.handleMany([message]);
  }

  /**
   * Applies consecutive events of one partition in one transaction (one commit, so one WAL flush, for all of them):
   * all or none. Any message that is poison, or any error, rolls the whole transaction back; the consumer then hands the
   * messages over one by one (KafkaTransport), so the poison one alone goes to the dead-letter topic.
   * The batch's applications are read once, and each one's live streams are woken once, at the end.
   */
  async handleMany(messages: InboundMessage[]): Promise<void> {
    const events = messages.map((message) => {
      const event = decodeStatusEvent(message);
      if (event.type === 'StepStatusChanged' && event.payload.outputs && this.dataKeys) event.payload.outputs = openField(this.dataKeys, event.payload.outputs);
      return event;
    });
    await this.ds.transaction(async (em) => {
      const applications = await this.readModel.applications(em, [...new Set(events.map((e) => e.applicationId))]);
      const changed = new Set<string>();
      for (const event of events) if (await this.applyOnce(em, event, applications.get(event.applicationId))) changed.add(event.applicationId);
      // Wakes the live streams (SSE) and the webhook delivery worker when the transaction commits.
      if (changed.size > 0) await this.readModel.notify(em, APPLICATION_EVENTS_NOTIFY_CHANNEL, [...changed]);
    });
  }

  /** Applies one event and what follows it; false when it was applied before (a re-delivery). */
  private async applyOnce(em: EntityManager, event: StatusEvent, row: ProjectedApplicationRow | undefined): Promise<boolean> {
    if (!row) throw new PoisonMessageError(`status event for unknown application ${event.applicationId}`);
    if (!(await this.readModel.recordEvent(em, event))) return false;
    const stepStartedAt = await this.apply(em, event, row, new Date(event.occurredAt));
    await this.reactions.afterApply(em, event, row, stepStartedAt);
    return true;
  }

  /** Moves the read model; for a step's change, when the step started (StatusReactions measures its duration). */
  private async apply(em: EntityManager, event: StatusEvent, row: ProjectedApplicationRow, at: Date): Promise<Date | null | undefined> {
    switch (event.type) {
      case 'StepStatusChanged':
        return this.readModel.applyStep(em, event.applicationId, event.payload, at);
      case 'ApplicationStatusChanged':
        // The projector is the one writer of an application's status: the row read for the batch follows it.
        if (await this.record.applyStatus(em, event.applicationId, event.payload)) Object.assign(row, { status: event.payload.status, status_seq: event.payload.seq });
        return undefined;
      case 'StepSlaBreached':
        await this.readModel.applySlaBreach(em, event.applicationId, event.payload, at);
        return undefined;
      case 'IncidentOpened':
        await this.readModel.applyIncidentOpened(em, event.applicationId, event.payload, at);
        return undefined;
      case 'IncidentResolved':
        await this.readModel.applyIncidentResolved(em, event.applicationId, event.payload, at);
        return undefined;
    }
  }
}
