import { Module, type DynamicModule } from '@nestjs/common';
import type { SimpulConfig } from '@simpul/config';
import { AuditModule } from '@simpul/audit';
import { AuthModule } from '@simpul/auth';
import { JsonLogger, ObservabilityModule, ReadinessRegistry } from '@simpul/observability';
import { PersistenceModule } from '@simpul/persistence';
import { TemporalReadiness, connectClient, type TemporalClientHandle } from '@simpul/temporal';
import { MessagingModule } from '@simpul/messaging';
import { TasksController } from './tasks/tasks.controller';
import { OPERATOR_CONTROLLERS, operatorProviders } from './operator/operator-console';
import { TasksRepository } from './tasks/tasks.repository';
import { UiController } from './ui/ui.controller';
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
        MessagingModule.forRoot(config.kafkaBrokers, `${config.kafkaClientId}-backoffice`),
      ],
      controllers: [TasksController, ...OPERATOR_CONTROLLERS, UiController],
      providers: [
        {
          provide: TEMPORAL_CLIENT,
          inject: [ReadinessRegistry],
          useFactory: async (readiness: ReadinessRegistry): Promise<TemporalClientHandle> => {
            const handle = await connectClient(config.temporalAddress, config.temporalNamespace);
            readiness.register(new TemporalReadiness(handle.connection));
            return handle;
          },
        },
        { provide: TASK_SETTINGS, useValue: { hourMs: config.slaSecondsPerHour * 1000, claimTtlSeconds: config.taskClaimTtlSeconds } },
        TasksRepository,
        TasksService,
        ...operatorProviders(config),
      ],
    };
  }
}
