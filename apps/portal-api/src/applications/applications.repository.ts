import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApplicationEntity, ApplicationRecordRepository, ApplicationStepEntity, type ApplicationEventRow, type IncidentRow as PersistedIncidentRow, type OutboxMessage } from '@simpul/persistence';
import type { ApplicationStatus, LifeEventType } from '@simpul/contracts';
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

/** What the citizen's view shows of an incident (the row type is its owner's, libs/persistence). */
export type IncidentRow = Pick<PersistedIncidentRow, 'incident_id' | 'step_id' | 'status' | 'opened_at' | 'resolved_at'>;

/** A status event as projected (the row type is its owner's, libs/persistence). */
export type EventRow = ApplicationEventRow;

export interface AssistedBy {
  officerId: string;
  office: string;
  /** A counter officer's filing: the mall from their token and the presence check that confirmed the citizen. */
  mallId?: string;
  presenceCheckId?: string;
}

@Injectable()
export class ApplicationsRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly record: ApplicationRecordRepository,
  ) {}

  findByIdempotencyKey(clientId: string, idempotencyKey: string): Promise<ApplicationEntity | null> {
    return this.ds.getRepository(ApplicationEntity).findOne({ where: { clientId, idempotencyKey } });
  }

  /** The application and its outbox row commit together, or neither does (the record's owner, libs/persistence). */
  insertWithOutbox(application: ApplicationEntity, assistedBy: AssistedBy | null, consents: ConsentRecords, outbox: OutboxMessage): Promise<Date> {
    return this.record.insert(application, assistedBy, consents, outbox);
  }

  /** The consents recorded with the application (NULL before consent was recorded). */
  async consents(id: string): Promise<ConsentRecords | null> {
    const rows: Array<{ consents: ConsentRecords | null }> = await this.ds.query('SELECT consents FROM applications WHERE id = $1', [id]);
    return rows[0]?.consents ?? null;
  }

  /** Withdraws consent for one step and queues ConsentRevoked with it; false when there was no consent to withdraw. */
  revokeConsent(id: string, stepId: string, at: Date, outbox: OutboxMessage): Promise<boolean> {
    return this.record.revokeConsent(id, stepId, at, outbox);
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

  incidents(applicationId: string): Promise<IncidentRow[]> {
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

  /** The steps waiting for the citizen's answer to an officer, in step order. */
  async stepsWaitingForCitizen(applicationId: string): Promise<string[]> {
    const rows: Array<{ step_id: string }> = await this.ds.query(
      `SELECT step_id FROM application_steps WHERE application_id = $1 AND status = 'WAITING_FOR_CITIZEN' ORDER BY step_id`,
      [applicationId],
    );
    return rows.map((r) => r.step_id);
  }

  /** The step an answer with this update id was recorded for (a repeat), or null. */
  async answeredStep(updateId: string): Promise<string | null> {
    const rows: Array<{ step_id: string }> = await this.ds.query(`SELECT step_id FROM citizen_responses WHERE update_id = $1`, [updateId]);
    return rows[0]?.step_id ?? null;
  }
}
