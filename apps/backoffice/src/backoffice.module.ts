import { Module, type DynamicModule } from '@nestjs/common';
import type { SimpulConfig } from '@simpul/config';
import { AuditModule } from '@simpul/audit';
import { AuthModule } from '@simpul/auth';
import { JsonLogger, ObservabilityModule, ReadinessRegistry } from '@simpul/observability';
import { ApplicationContextRepository, ConnectionRegistry, ManualTasksRepository, PersistenceModule, StepLanesRepository } from '@simpul/persistence';
import { AesGcmPayloadCodec, TemporalReadiness, connectClient, loadPayloadKeys, type TemporalClientHandle } from '@simpul/temporal';
import { MessagingModule } from '@simpul/messaging';
import { frontDoorController, lifeEventCatalogController } from '@simpul/http';
import { TasksController } from './tasks/tasks.controller';
import { OPERATOR_CONTROLLERS, operatorProviders } from './operator/operator-console';
import { PAYLOAD_CODEC, TemporalCodecController } from './operator/temporal-codec.controller';
import { RETENTION_SETTINGS, RetentionService } from './retention/retention.service';
import { TasksRepository } from './tasks/tasks.repository';
import { ConnectionsController, ConnectionsService, PHASED_SETTINGS, phasedSettings } from './phased/connections.controller';
import { IntegrationMetrics, IntegrationProgressController, IntegrationProgressService } from './phased/integration-progress';
import { ManualTasksController } from './phased/manual-tasks.controller';
import { ManualTasksService } from './phased/manual-tasks.service';
import { backofficePages } from './ui/pages';
import { TASK_SETTINGS, TEMPORAL_CLIENT, TasksService } from './tasks/tasks.service';

@Module({})
export class BackofficeModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    return {
      module: BackofficeModule,
      imports: [
        ObservabilityModule.forRoot(logger),
        AuthModule.forRoot(config.auth),
        PersistenceModule.forRoot(config.databaseUrl, 'backoffice'),
        AuditModule,
        MessagingModule.forRoot({ brokers: config.kafkaBrokers, clientId: `${config.kafkaClientId}-backoffice`, consumerGroupPrefix: config.consumerGroupPrefix }),
      ],
      controllers: [frontDoorController('/ui/'), lifeEventCatalogController('officer', 'supervisor', 'operator', 'auditor'), TasksController, ManualTasksController, ConnectionsController, IntegrationProgressController, ...OPERATOR_CONTROLLERS, TemporalCodecController, backofficePages(config)],
      providers: [
        {
          provide: TEMPORAL_CLIENT,
          inject: [ReadinessRegistry],
          useFactory: async (readiness: ReadinessRegistry): Promise<TemporalClientHandle> => {
            const handle = await connectClient(config);
            readiness.register(new TemporalReadiness(handle.connection));
            return handle;
          },
        },
        { provide: TASK_SETTINGS, useValue: { hourMs: config.slaSecondsPerHour * 1000, claimTtlSeconds: config.taskClaimTtlSeconds, regionalAgencies: config.auth.regionalAgencies } },
        { provide: PAYLOAD_CODEC, useFactory: () => new AesGcmPayloadCodec(loadPayloadKeys(config)) },
        { provide: RETENTION_SETTINGS, useValue: { intervalSeconds: config.retentionIntervalSeconds, temporalNamespace: config.temporalNamespace } },
        RetentionService,
        TasksRepository,
        TasksService,
        { provide: PHASED_SETTINGS, useValue: phasedSettings(config) },
        ConnectionRegistry,
        ApplicationContextRepository,
        StepLanesRepository,
        ManualTasksRepository,
        ConnectionsService,
        ManualTasksService,
        IntegrationProgressService,
        IntegrationMetrics,
        ...operatorProviders(config),
      ],
    };
  }
}
