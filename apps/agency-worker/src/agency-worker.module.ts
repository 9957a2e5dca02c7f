import { Module, type DynamicModule } from '@nestjs/common';
import { AsyncCompletionClient } from '@temporalio/client';
import type { SimpulConfig } from '@simpul/config';
import { AuthModule } from '@simpul/auth';
import { JsonLogger, ObservabilityModule, ReadinessRegistry } from '@simpul/observability';
import { ApplicationContextRepository, ConnectionRegistry, ManualTasksRepository, PersistenceModule, StepLanesRepository } from '@simpul/persistence';
import { TemporalReadiness, connectClient } from '@simpul/temporal';
import { AGENCY_WORKER_CONFIG, AgencyWorkerService, agencyOf } from './agency-worker.service';
import { AgencyCallbackController } from './callbacks/agency-callback.controller';
import { AgencyCallbackService } from './callbacks/agency-callback.service';
import { PendingCallHeartbeats } from './callbacks/pending-call-heartbeats';
import { PendingCallsRepository } from './callbacks/pending-calls.repository';

@Module({})
export class AgencyWorkerModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    const agency = agencyOf(config);
    return {
      module: AgencyWorkerModule,
      imports: [ObservabilityModule.forRoot(logger), AuthModule.forRoot(config.auth), PersistenceModule.forRoot(config.databaseUrl, `agency-worker-${agency}`)],
      controllers: [AgencyCallbackController],
      providers: [
        { provide: AGENCY_WORKER_CONFIG, useValue: config },
        PendingCallsRepository,
        ConnectionRegistry,
        ApplicationContextRepository,
        StepLanesRepository,
        ManualTasksRepository,
        AgencyWorkerService,
        {
          provide: AsyncCompletionClient,
          inject: [ReadinessRegistry],
          useFactory: async (readiness: ReadinessRegistry) => {
            const { client, connection } = await connectClient(config);
            readiness.register(new TemporalReadiness(connection));
            return client.activity;
          },
        },
        {
          provide: PendingCallHeartbeats,
          inject: [PendingCallsRepository, AsyncCompletionClient],
          useFactory: (pending: PendingCallsRepository, completion: AsyncCompletionClient) =>
            new PendingCallHeartbeats(agency, pending, completion, config.agencyWorker.pendingCallHeartbeatMs, logger.child('pending-call-heartbeats')),
        },
        {
          provide: AgencyCallbackService,
          inject: [PendingCallsRepository, AsyncCompletionClient],
          useFactory: (pending: PendingCallsRepository, completion: AsyncCompletionClient) =>
            new AgencyCallbackService(pending, completion, { [agency]: config.callbackSecrets[agency] }, logger.child('agency-callbacks')),
        },
      ],
    };
  }
}
