import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type SimpulConfig } from '@simpul/config';
import { AuthModule } from '@simpul/auth';
import { MessagingModule } from '@simpul/messaging';
import { JsonLogger, ObservabilityModule } from '@simpul/observability';
import { OrchestratorService } from './orchestrator.service';
import { SubmittedConsumer } from './submitted.controller';

@Module({})
export class OrchestratorModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    return {
      module: OrchestratorModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forRoot(logger),
        AuthModule.forRoot(config.auth),
        MessagingModule.forRoot({ brokers: config.kafkaBrokers, clientId: `${config.kafkaClientId}-orchestrator`, consumerGroupPrefix: config.consumerGroupPrefix }),
      ],
      controllers: [SubmittedConsumer],
      providers: [OrchestratorService],
    };
  }
}
