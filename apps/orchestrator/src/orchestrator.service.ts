import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SIMPUL_CONFIG, type SimpulConfig } from '@simpul/config';
import { TaskQueues, assertCatalogSound } from '@simpul/contracts';
import { KAFKA_PRODUCER, type MessagePublisher } from '@simpul/messaging';
import { JsonLogger, ReadinessRegistry } from '@simpul/observability';
import { TemporalReadiness, connectClient, type TemporalClientHandle } from '@simpul/temporal';
import { WorkerHost, workflowSource } from '@simpul/temporal/worker';
import { createOrchestrationActivities } from './orchestration.activities';
import { loadKeyRing } from '@simpul/crypto';
import { SubmittedHandler } from './submitted.consumer';


/** Hosts the workflow worker (queue `orchestration`) and the Temporal client the submitted-consumer starts workflows with. */
@Injectable()
export class OrchestratorService implements OnApplicationBootstrap, OnModuleDestroy {
  private temporal: TemporalClientHandle | undefined;
  private worker: WorkerHost | undefined;
  private submittedHandler: SubmittedHandler | undefined;

  constructor(
    @Inject(SIMPUL_CONFIG) private readonly config: SimpulConfig,
    @Inject(KAFKA_PRODUCER) private readonly producer: MessagePublisher,
    private readonly logger: JsonLogger,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    assertCatalogSound();
    const fatal = (err: unknown) => {
      this.logger.write('error', 'fatal worker failure; exiting so the supervisor restarts us', { error: err });
      process.exit(1);
    };
    this.worker = new WorkerHost(
      this.config,
      {
        namespace: this.config.temporalNamespace,
        taskQueue: TaskQueues.orchestration,
        ...workflowSource(),
        activities: createOrchestrationActivities(this.producer, loadKeyRing(this.config)),
        shutdownGraceTime: `${this.config.shutdownGraceMs} ms`,
        ...(this.config.workflowCacheSize ? { maxCachedWorkflows: this.config.workflowCacheSize } : {}),
      },
      this.logger.child('orchestration-worker'),
    );
    await this.worker.start(fatal);
    this.readiness.register(this.worker);

    this.temporal = await connectClient(this.config);
    this.readiness.register(new TemporalReadiness(this.temporal.connection));
    this.submittedHandler = new SubmittedHandler(this.temporal.client, this.logger.child('submitted-consumer'), this.config.slaSecondsPerHour, loadKeyRing(this.config));
  }

  /** Ready once bootstrapped; the Kafka consumer (SubmittedConsumer) starts after that. */
  get submitted(): SubmittedHandler {
    if (!this.submittedHandler) throw new Error('orchestrator not bootstrapped');
    return this.submittedHandler;
  }

  /**
   * The Kafka consumer stopped first (startHttpApp closes it before the app), so no new workflow starts; then
   * in-flight activities finish, then connections close.
   */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.stop();
    await this.temporal?.connection.close();
  }
}

