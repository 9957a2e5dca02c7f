import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReadinessRegistry, type ReadinessCheck } from '@simpul/observability';
import { createDataSource } from './data-source';
import { PingRepository } from './ping.repository';
import { ApplicationRecordRepository } from './record/application-record.repository';
import { OutboxRepository } from './record/outbox.repository';
import { PendingCallsRepository } from './record/pending-calls.repository';
import { ReadModelRepository } from './record/read-model.repository';
import { WebhookDeliveriesRepository } from './record/webhook-deliveries.repository';
import { ApplicationContextRepository } from './phased/application-context.repository';
import { ConnectionRegistry } from './phased/connection-registry.repository';
import { ManualTasksRepository } from './phased/manual-tasks.repository';
import { StepLanesRepository } from './phased/step-lanes.repository';
import { RecordRetention } from './record/record-retention';

/** The repositories of the tables libs/persistence owns (docs/architecture.md, "One home for data"), for every app. */
const RECORD_REPOSITORIES = [
  OutboxRepository,
  ReadModelRepository,
  WebhookDeliveriesRepository,
  ApplicationRecordRepository,
  PendingCallsRepository,
  ConnectionRegistry,
  ApplicationContextRepository,
  StepLanesRepository,
  ManualTasksRepository,
  RecordRetention,
];

@Injectable()
export class DatabaseReadiness implements ReadinessCheck, OnApplicationShutdown {
  readonly name = 'postgres';
  private readonly db: PingRepository;
  constructor(@Inject(DataSource) private readonly ds: DataSource, registry: ReadinessRegistry) {
    this.db = new PingRepository(ds);
    registry.register(this);
  }
  async check(): Promise<void> {
    await this.db.ping();
  }
  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

@Global()
@Module({})
export class PersistenceModule {
  static forRoot(url: string, applicationName: string): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => createDataSource(url, { applicationName }).initialize(),
        },
        DatabaseReadiness,
        ...RECORD_REPOSITORIES,
      ],
      exports: [DataSource, DatabaseReadiness, ...RECORD_REPOSITORIES],
    };
  }
}
