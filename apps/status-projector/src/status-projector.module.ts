import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type SimpulConfig } from '@simpul/config';
import { AuthModule } from '@simpul/auth';
import { MessagingModule } from '@simpul/messaging';
import { JsonLogger, ObservabilityModule } from '@simpul/observability';
import { PersistenceModule } from '@simpul/persistence';
import { StatusEventsConsumer } from './status-events.consumer';

@Module({})
export class StatusProjectorModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    return {
      module: StatusProjectorModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forRoot(logger),
        AuthModule.forRoot(config.auth),
        PersistenceModule.forRoot(config.databaseUrl, 'status-projector'),
        MessagingModule.forRoot({ brokers: config.kafkaBrokers, clientId: `${config.kafkaClientId}-status-projector`, consumerGroupPrefix: config.consumerGroupPrefix }),
      ],
      controllers: [StatusEventsConsumer],
      providers: [],
    };
  }
}
