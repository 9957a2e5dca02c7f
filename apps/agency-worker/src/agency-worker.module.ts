import { Module, type DynamicModule } from '@nestjs/common';
import { AsyncCompletionClient } from '@temporalio/client';
import { ConfigModule, SIMPUL_CONFIG, type SimpulConfig } from '@simpul/config';
import { AuthModule } from '@simpul/auth';
import { JsonLogger, ObservabilityModule, ReadinessRegistry } from '@simpul/observability';
import { PendingCallsRepository, PersistenceModule, StepLanesRepository } from '@simpul/persistence';
import { TemporalReadiness, connectClient } from '@simpul/temporal';
import { AgencyWorkerService, agencyOf } from './agency-worker.service';
import { AgencyCallbackController } from './callbacks/agency-callback.controller';
import { AgencyCallbackService } from './callbacks/agency-callback.service';
import { PendingCallHeartbeats } from './callbacks/pending-call-heartbeats';

@Module({})
export class AgencyWorkerModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    const agency = agencyOf(config);
    return {
      module: AgencyWorkerModule,
      imports: [ConfigModule.forRoot(config), ObservabilityModule.forRoot(logger), AuthModule.forRoot(config.auth), PersistenceModule.forRoot(config.databaseUrl, `agency-worker-${agency}`)],
      controllers: [AgencyCallbackController],
      providers: [
        AgencyWorkerService,
        {
          provide: AsyncCompletionClient,
          inject: [SIMPUL_CONFIG, ReadinessRegistry],
          useFactory: async (c: SimpulConfig, readiness: ReadinessRegistry) => {
            const { client, connection } = await connectClient(c);
            readiness.register(new TemporalReadiness(connection));
            return client.activity;
          },
        },
        {
          provide: PendingCallHeartbeats,
          inject: [SIMPUL_CONFIG, PendingCallsRepository, AsyncCompletionClient, JsonLogger],
          useFactory: (c: SimpulConfig, pending: PendingCallsRepository, completion: AsyncCompletionClient, log: JsonLogger) =>
            new PendingCallHeartbeats(agencyOf(c), pending, completion, c.agencyWorker.pendingCallHeartbeatMs, log.child('pending-call-heartbeats')),
        },
        {
          provide: AgencyCallbackService,
          inject: [SIMPUL_CONFIG, PendingCallsRepository, AsyncCompletionClient, JsonLogger, StepLanesRepository],
          useFactory: (c: SimpulConfig, pending: PendingCallsRepository, completion: AsyncCompletionClient, log: JsonLogger, lanes: StepLanesRepository) =>
            new AgencyCallbackService(pending, completion, { [agencyOf(c)]: c.callbackSecrets[agencyOf(c)] }, log.child('agency-callbacks'), lanes),
        },
      ],
    };
  }
}
