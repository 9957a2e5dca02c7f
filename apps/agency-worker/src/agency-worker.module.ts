import { Module, type DynamicModule } from '@nestjs/common';
import type { SimpulConfig } from '@simpul/config';
import { AuthModule } from '@simpul/auth';
import { JsonLogger, ObservabilityModule } from '@simpul/observability';
import { AGENCY_WORKER_CONFIG, AgencyWorkerService } from './agency-worker.service';

@Module({})
export class AgencyWorkerModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AgencyWorkerModule,
      imports: [ObservabilityModule.forRoot(logger), AuthModule.forRoot(config.auth)],
      providers: [{ provide: AGENCY_WORKER_CONFIG, useValue: config }, AgencyWorkerService],
    };
  }
}
