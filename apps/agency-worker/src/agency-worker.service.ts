import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { SimpulConfig } from '@simpul/config';
import { AGENCY_IDS, TaskQueues, isAgencyId } from '@simpul/contracts';
import { JsonLogger, ReadinessRegistry } from '@simpul/observability';
import { WorkerHost } from '@simpul/temporal/worker';
import { AgencyHttpClient } from './agency-http.client';
import { ADAPTERS } from './adapters';

export const AGENCY_WORKER_CONFIG = Symbol('AGENCY_WORKER_CONFIG');

/** One process per agency: polls `agency.<id>` and runs only that agency's adapter activities. */
@Injectable()
export class AgencyWorkerService implements OnApplicationBootstrap, OnModuleDestroy {
  private worker: WorkerHost | undefined;

  constructor(
    @Inject(AGENCY_WORKER_CONFIG) private readonly config: SimpulConfig,
    private readonly logger: JsonLogger,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const agency = this.config.agency;
    if (!isAgencyId(agency)) throw new Error(`SIMPUL_AGENCY must be one of ${AGENCY_IDS.join(', ')}, got "${agency ?? ''}"`);
    const adapter = ADAPTERS[agency];
    if (!adapter) throw new Error(`no adapter for agency ${agency} yet`);
    const http = new AgencyHttpClient(agency, this.config.sandbox.baseUrl, this.config.sandbox.apiKey, this.logger.child(agency));
    this.worker = new WorkerHost(
      this.config.temporalAddress,
      {
        namespace: this.config.temporalNamespace,
        taskQueue: TaskQueues.agency(agency),
        activities: adapter(http),
        maxConcurrentActivityTaskExecutions: 20,
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

  async onModuleDestroy(): Promise<void> {
    await this.worker?.stop();
  }
}
