import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ApplicationEntity, ApplicationStepEntity, OutboxEntity } from '@simpul/persistence';
import type { ApplicationStatus, LifeEventType } from '@simpul/contracts';
import { traceHeaders } from '@simpul/observability';
import type { ConsentRecords } from './consents';

export interface ApplicationScope {
  /** Restrict to one citizen (keyed hash of NIK), one submitting client, or nothing (operators). */
  applicantRef?: string;
  clientId?: string;
}

export interface ListFilter extends ApplicationScope {
  status?: ApplicationStatus;
  lifeEvent?: LifeEventType;
  channel?: string;
  /** The submitter's own key; only meaningful together with clientId. */
  idempotencyKey?: string;
  createdFrom?: Date;
  createdTo?: Date;
  after?: { createdAt: Date; id: string };
  limit: number;
}

export interface EventRow {
  event_id: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

export interface AssistedBy {
  officerId: string;
  office: string;
  /** A counter officer's filing: the mall from their token and the presence check that confirmed the citizen. */
  mallId?: string;
  presenceCheckId?: string;
}

@Injectable()
export class ApplicationsRepository {
  constructor(private readonly ds: DataSource) {}

  findByIdempotencyKey(clientId: string, idempotencyKey: string): Promise<ApplicationEntity | null> {
    return this.ds.getRepository(ApplicationEntity).findOne({ where: { clientId, idempotencyKey } });
  }

  /**
   * The application and its outbox row commit together, or neither does; returns the row's creation time. A second
   * submission with the same Idempotency-Key fails here on the unique index, and the caller answers it from the row
   * that won.
   */
  async insertWithOutbox(
    application: ApplicationEntity,
    assistedBy: AssistedBy | null,
    consents: ConsentRecords,
    outbox: Pick<OutboxEntity, 'topic' | 'messageKey' | 'value' | 'headers'>,
  ): Promise<Date> {
    // One statement, so one round trip: both rows commit together (a statement is its own transaction), and a unique
    // violation on the application leaves no outbox row. The trace headers are the ones OutboxTraceSubscriber adds
    // to outbox rows inserted through the entity.
    const [row]: Array<{ created_at: Date }> = await this.ds.query(
      `WITH application AS (
         INSERT INTO applications (id, life_event, definition_version, status, applicant_ref, channel, client_id, idempotency_key,
                                   request_hash, correlation_id, data, status_reason, status_seq, assisted_by, consents)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, 0, $12, $13) RETURNING created_at
       ), queued AS (
         INSERT INTO outbox (topic, message_key, value, headers) VALUES ($14, $15, $16, $17)
       )
       SELECT created_at FROM application`,
      [
        application.id, application.lifeEvent, application.definitionVersion, application.status, application.applicantRef, application.channel,
        application.clientId, application.idempotencyKey, application.requestHash, application.correlationId, JSON.stringify(application.data),
        assistedBy ? JSON.stringify(assistedBy) : null, JSON.stringify(consents),
        outbox.topic, outbox.messageKey, JSON.stringify(outbox.value), JSON.stringify({ ...traceHeaders(), ...(outbox.headers ?? {}) }),
      ],
    );
    return row.created_at;
  }

  /** The consents recorded with the application (NULL before consent was recorded). */
  async consents(id: string): Promise<ConsentRecords | null> {
    const rows: Array<{ consents: ConsentRecords | null }> = await this.ds.query('SELECT consents FROM applications WHERE id = $1', [id]);
    return rows[0]?.consents ?? null;
  }

  /**
   * Withdraws consent for one step and queues the ConsentRevoked message in the same transaction (the row is locked,
   * so two revocations cannot both send). Returns false when there was no consent to withdraw.
   */
  async revokeConsent(id: string, stepId: string, at: Date, outbox: Pick<OutboxEntity, 'topic' | 'messageKey' | 'value' | 'headers'>): Promise<boolean> {
    return this.ds.transaction(async (em: EntityManager) => {
      const rows: Array<{ consents: ConsentRecords | null }> = await em.query('SELECT consents FROM applications WHERE id = $1 FOR UPDATE', [id]);
      const current = rows[0]?.consents?.[stepId];
      if (!current?.granted) return false;
      await em.query(`UPDATE applications SET consents = jsonb_set(consents, $2, $3) WHERE id = $1`, [id, `{${stepId}}`, JSON.stringify({ ...current, granted: false, revokedAt: at.toISOString() })]);
      await em.insert(OutboxEntity, outbox as QueryDeepPartialEntity<OutboxEntity>);
      return true;
    });
  }

  /** Who filed an assisted application (the column is read here only; the shared entity does not map it). */
  async assistedBy(id: string): Promise<AssistedBy | null> {
    const rows: Array<{ assisted_by: AssistedBy | null }> = await this.ds.query('SELECT assisted_by FROM applications WHERE id = $1', [id]);
    return rows[0]?.assisted_by ?? null;
  }

  findOne(id: string, scope: ApplicationScope): Promise<ApplicationEntity | null> {
    return this.ds.getRepository(ApplicationEntity).findOne({ where: { id, ...scope } });
  }

  steps(applicationId: string): Promise<ApplicationStepEntity[]> {
    return this.ds.getRepository(ApplicationStepEntity).find({ where: { applicationId } });
  }

  incidents(applicationId: string): Promise<Array<{ incident_id: string; step_id: string; status: string; opened_at: Date; resolved_at: Date | null }>> {
    return this.ds.query('SELECT incident_id, step_id, status, opened_at, resolved_at FROM incidents WHERE application_id = $1 ORDER BY opened_at', [applicationId]);
  }

  /** The application's status events after `seq`, in sequence order (the live stream's source). */
  eventsAfter(applicationId: string, seq: number, limit: number): Promise<EventRow[]> {
    return this.ds.query(
      'SELECT event_id, seq, type, payload, occurred_at FROM application_events WHERE application_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [applicationId, seq, limit],
    );
  }

  /** The status and the number of the last application status event (a final one is the application's last event). */
  async streamState(applicationId: string): Promise<{ status: ApplicationStatus; statusSeq: number } | null> {
    const rows: Array<{ status: ApplicationStatus; status_seq: number }> = await this.ds.query('SELECT status, status_seq FROM applications WHERE id = $1', [applicationId]);
    return rows[0] ? { status: rows[0].status, statusSeq: rows[0].status_seq } : null;
  }

  async list(filter: ListFilter): Promise<ApplicationEntity[]> {
    const qb = this.ds.getRepository(ApplicationEntity).createQueryBuilder('a');
    if (filter.applicantRef) qb.andWhere('a.applicant_ref = :applicantRef', { applicantRef: filter.applicantRef });
    if (filter.clientId) qb.andWhere('a.client_id = :clientId', { clientId: filter.clientId });
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.lifeEvent) qb.andWhere('a.life_event = :lifeEvent', { lifeEvent: filter.lifeEvent });
    if (filter.channel) qb.andWhere('a.channel = :channel', { channel: filter.channel });
    if (filter.idempotencyKey) qb.andWhere('a.idempotency_key = :idempotencyKey', { idempotencyKey: filter.idempotencyKey });
    if (filter.createdFrom) qb.andWhere('a.created_at >= :createdFrom', { createdFrom: filter.createdFrom });
    if (filter.createdTo) qb.andWhere('a.created_at < :createdTo', { createdTo: filter.createdTo });
    if (filter.after) {
      qb.andWhere('(a.created_at, a.id) < (:createdAt, :id)', { createdAt: filter.after.createdAt, id: filter.after.id });
    }
    return qb.orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC').limit(filter.limit).getMany();
  }
}
