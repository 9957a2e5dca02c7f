import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApplicationRecordRepository } from './application-record.repository';
import { PendingCallsRepository } from './pending-calls.repository';
import { ReadModelRepository } from './read-model.repository';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { ManualTasksRepository } from '../phased/manual-tasks.repository';
import { StepLanesRepository } from '../phased/step-lanes.repository';

/**
 * Anonymises the whole record of one application that ended long ago, in the caller's transaction: each table by its
 * one repository (the application and the citizen's answers, step outputs and events, webhook deliveries, the agency
 * call still held, the manual lane's entries).
 */
@Injectable()
export class RecordRetention {
  constructor(
    private readonly record: ApplicationRecordRepository,
    private readonly readModel: ReadModelRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly pendingCalls: PendingCallsRepository,
    private readonly stepLanes: StepLanesRepository,
    private readonly manualTasks: ManualTasksRepository,
  ) {}

  async anonymise(m: EntityManager, applicationId: string, at: Date): Promise<void> {
    await this.record.anonymise(m, applicationId, at);
    await this.readModel.anonymise(m, applicationId);
    await this.deliveries.forget(m, applicationId);
    await this.pendingCalls.forgetRequests(m, applicationId);
    await this.stepLanes.anonymise(m, applicationId);
    await this.manualTasks.anonymise(m, applicationId);
  }
}
