import { Module, type DynamicModule } from '@nestjs/common';
import type { SimpulConfig } from '@simpul/config';
import { AuthModule } from '@simpul/auth';
import { MessagingModule } from '@simpul/messaging';
import { JsonLogger, ObservabilityModule } from '@simpul/observability';
import { PersistenceModule } from '@simpul/persistence';
import { PROJECTOR_CONFIG, StatusProjectorService } from './status-projector.service';

@Module({})
export class StatusProjectorModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    return {
      module: StatusProjectorModule,
      imports: [
        ObservabilityModule.forRoot(logger),
        AuthModule.forRoot(config.auth),
        PersistenceModule.forRoot(config.databaseUrl, 'status-projector'),
        MessagingModule.forRoot(config.kafkaBrokers, `${config.kafkaClientId}-status-projector`),
      ],
      providers: [{ provide: PROJECTOR_CONFIG, useValue: config }, StatusProjectorService],
    };
  }
}
