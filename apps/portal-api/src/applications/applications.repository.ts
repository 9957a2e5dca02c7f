import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ApplicationEntity, ApplicationStepEntity, OutboxEntity } from '@simpul/persistence';
import type { ApplicationStatus, LifeEventType } from '@simpul/contracts';

export interface ApplicationScope {
  /** Restrict to one citizen (keyed hash of NIK), one submitting client, or nothing (operators). */
  applicantRef?: string;
  clientId?: string;
}

export interface ListFilter extends ApplicationScope {
  status?: ApplicationStatus;
  lifeEvent?: LifeEventType;
  after?: { createdAt: Date; id: string };
  limit: number;
}

@Injectable()
export class ApplicationsRepository {
  constructor(private readonly ds: DataSource) {}

  findByIdempotencyKey(clientId: string, idempotencyKey: string): Promise<ApplicationEntity | null> {
    return this.ds.getRepository(ApplicationEntity).findOne({ where: { clientId, idempotencyKey } });
  }

  /** The application and its outbox row commit together, or neither does. */
  async insertWithOutbox(application: ApplicationEntity, outbox: Pick<OutboxEntity, 'topic' | 'messageKey' | 'value' | 'headers'>): Promise<void> {
    await this.ds.transaction(async (em: EntityManager) => {
      await em.insert(ApplicationEntity, application as QueryDeepPartialEntity<ApplicationEntity>);
      await em.insert(OutboxEntity, outbox as QueryDeepPartialEntity<OutboxEntity>);
    });
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

  async list(filter: ListFilter): Promise<ApplicationEntity[]> {
    const qb = this.ds.getRepository(ApplicationEntity).createQueryBuilder('a');
    if (filter.applicantRef) qb.andWhere('a.applicant_ref = :applicantRef', { applicantRef: filter.applicantRef });
    if (filter.clientId) qb.andWhere('a.client_id = :clientId', { clientId: filter.clientId });
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.lifeEvent) qb.andWhere('a.life_event = :lifeEvent', { lifeEvent: filter.lifeEvent });
    if (filter.after) {
      qb.andWhere('(a.created_at, a.id) < (:createdAt, :id)', { createdAt: filter.after.createdAt, id: filter.after.id });
    }
    return qb.orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC').limit(filter.limit).getMany();
  }
}
