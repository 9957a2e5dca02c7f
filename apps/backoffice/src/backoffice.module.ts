import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type SimpulConfig } from '@simpul/config';
import { AuditModule } from '@simpul/audit';
import { AuthModule } from '@simpul/auth';
import { JsonLogger, ObservabilityModule } from '@simpul/observability';
import { PersistenceModule } from '@simpul/persistence';
import { MessagingModule } from '@simpul/messaging';
import { TemporalClientModule } from './common/temporal-client.module';
import { DeadLettersModule } from './operator/dead-letters/dead-letters.module';
import { OperatorModule } from './operator/operator.module';
import { PhasedModule } from './phased/phased.module';
import { RetentionModule } from './retention/retention.module';
import { TasksModule } from './tasks/tasks.module';
import { UiModule } from './ui/ui.module';

/** The back office: the shared infrastructure, then one module per feature (docs/architecture.md). */
@Module({})
export class BackofficeModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    return {
      module: BackofficeModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forRoot(logger),
        AuthModule.forRoot(config.auth),
        PersistenceModule.forRoot(config.databaseUrl, 'backoffice'),
        AuditModule,
        MessagingModule.forRoot({ brokers: config.kafkaBrokers, clientId: `${config.kafkaClientId}-backoffice`, consumerGroupPrefix: config.consumerGroupPrefix }),
        TemporalClientModule,
        UiModule.forRoot(config),
        TasksModule,
        OperatorModule,
        DeadLettersModule,
        RetentionModule,
        PhasedModule,
      ],
    };
  }
}
