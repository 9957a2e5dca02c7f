import { Module, type DynamicModule } from '@nestjs/common';
import type { SimpulConfig } from '@simpul/config';
import { AuthModule } from '@simpul/auth';
import { AuditModule } from '@simpul/audit';
import { JsonLogger, ObservabilityModule, ReadinessRegistry } from '@simpul/observability';
import { PersistenceModule } from '@simpul/persistence';
import { AesGcmPayloadCodec, TemporalReadiness, connectClient, loadPayloadKeys, type TemporalClientHandle } from '@simpul/temporal';
import { TasksController } from './tasks/tasks.controller';
import { IncidentsController } from './operator/incidents.controller';
import { EvidenceController } from './operator/evidence.controller';
import { PAYLOAD_CODEC, TemporalCodecController } from './operator/temporal-codec.controller';
import { RETENTION_SETTINGS, RetentionService } from './retention/retention.service';
import { IncidentsService } from './operator/incidents.service';
import { TasksRepository } from './tasks/tasks.repository';
import { TEMPORAL_CLIENT, TasksService } from './tasks/tasks.service';

@Module({})
export class BackofficeModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    return {
      module: BackofficeModule,
      imports: [ObservabilityModule.forRoot(logger), AuthModule.forRoot(config.auth), PersistenceModule.forRoot(config.databaseUrl, 'backoffice'), AuditModule],
      controllers: [TasksController, IncidentsController, EvidenceController, TemporalCodecController],
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
        { provide: PAYLOAD_CODEC, useFactory: () => new AesGcmPayloadCodec(loadPayloadKeys(config)) },
        { provide: RETENTION_SETTINGS, useValue: { intervalSeconds: config.retentionIntervalSeconds, temporalNamespace: config.temporalNamespace } },
        RetentionService,
        TasksRepository,
        TasksService,
        IncidentsService,
      ],
    };
  }
}
