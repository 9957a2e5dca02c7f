import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SIMPUL_CONFIG, type SimpulConfig } from '@simpul/config';
import { AGENCY_IDS, TaskQueues, isAgencyId, type AgencyId } from '@simpul/contracts';
import { JsonLogger, ReadinessRegistry } from '@simpul/observability';
import { WorkerHost } from '@simpul/temporal/worker';
import { ApplicationContextRepository, ConnectionRegistry, ManualTasksRepository, PendingCallsRepository, StepLanesRepository } from '@simpul/persistence';
import { ConnectionLanes } from './lanes/connection-lanes';
import { agencyActivities, clientFor, type AgencyClients } from './agency-activities';
import { agencyQueries } from './adapters';
import { AgencyHttpClient } from './agency-http.client';


export function agencyOf(config: SimpulConfig): AgencyId {
  if (!isAgencyId(config.agency)) throw new Error(`SIMPUL_AGENCY must be one of ${AGENCY_IDS.join(', ')}, got "${config.agency ?? ''}"`);
  return config.agency;
}

/**
 * One process per agency: polls `agency.<id>` and runs only that agency's adapter activities, at most
 * SIMPUL_AGENCY_MAX_CONCURRENT at once and (if set) SIMPUL_AGENCY_MAX_PER_SECOND across all workers of the queue.
 */
@Injectable()
export class AgencyWorkerService implements OnApplicationBootstrap, OnModuleDestroy {
  private worker: WorkerHost | undefined;

  constructor(
    @Inject(SIMPUL_CONFIG) private readonly config: SimpulConfig,
    private readonly pending: PendingCallsRepository,
    private readonly logger: JsonLogger,
    private readonly readiness: ReadinessRegistry,
    private readonly applications: ApplicationContextRepository,
    private readonly registry: ConnectionRegistry,
    private readonly lanes: StepLanesRepository,
    private readonly manualTasks: ManualTasksRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const agency = agencyOf(this.config);
    const protection = this.config.agencyWorker;
    const connection = this.config.agencies[agency];
    const options = { timeoutMs: protection.callTimeoutMs, callbackUrl: `${protection.callbackBaseUrl}/v1/agency-callbacks/${agency}` };
    // Both ways to the agency, so the connection registry can choose per step without a restart.
    const clients: AgencyClients = {
      DIRECT: new AgencyHttpClient(agency, connection, this.logger.child(agency), options, this.pending, 'DIRECT'),
      ...(connection.gateway ? { GATEWAY: new AgencyHttpClient(agency, connection, this.logger.child(agency), options, this.pending, 'GATEWAY') } : {}),
      defaultProfile: connection.defaultProfile,
    };
    const http = clientFor(clients);
    this.worker = new WorkerHost(
      this.config,
      {
        namespace: this.config.temporalNamespace,
        taskQueue: TaskQueues.agency(agency),
        activities: { ...this.laned(agency).wrap(agencyActivities(agency, clients, connection)), ...agencyQueries(agency, http, connection) },
        maxConcurrentActivityTaskExecutions: protection.maxConcurrentCalls,
        ...(protection.maxCallsPerSecond ? { maxTaskQueueActivitiesPerSecond: protection.maxCallsPerSecond } : {}),
        shutdownGraceTime: `${this.config.shutdownGraceMs} ms`,
      },
      this.logger.child(`agency-worker:${agency}`),
    );
    await this.worker.start((err) => {
      this.logger.write('error', 'fatal worker failure; exiting so the supervisor restarts us', { error: err });
      process.exit(1);
    });
    this.readiness.register(this.worker);
  }

  /** The connection registry in front of the adapter: API, by hand, or waiting (lanes/connection-lanes.ts). */
  private laned(agency: AgencyId): ConnectionLanes {
    const connection = this.config.agencies[agency];
    const settings = {
      regionalAgencies: this.config.auth.regionalAgencies,
      hourMs: this.config.slaSecondsPerHour * 1000,
      defaultProfile: connection.defaultProfile,
      gatewayConfigured: !!connection.gateway,
    };
    return new ConnectionLanes(agency, this.applications, this.registry, this.lanes, this.manualTasks, settings, this.logger.child(`connection-lanes:${agency}`));
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.stop();
  }
}
