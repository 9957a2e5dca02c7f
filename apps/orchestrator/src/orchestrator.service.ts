import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Kafka, type Producer } from 'kafkajs';
import type { SimpulConfig } from '@simpul/config';
import { TaskQueues, Topics, assertCatalogSound } from '@simpul/contracts';
import { ConsumerLagMonitor, KAFKA_PRODUCER, KafkaConsumerRunner } from '@simpul/messaging';
import { JsonLogger, ReadinessRegistry } from '@simpul/observability';
import { TemporalReadiness, connectClient, type TemporalClientHandle } from '@simpul/temporal';
import { WorkerHost, workflowSource } from '@simpul/temporal/worker';
import { createOrchestrationActivities } from './orchestration.activities';
import { loadKeyRing } from '@simpul/crypto';
import { SubmittedHandler } from './submitted.consumer';

export const ORCHESTRATOR_CONFIG = Symbol('ORCHESTRATOR_CONFIG');

/** Hosts the workflow worker (queue `orchestration`) and the consumer that starts workflows. */
@Injectable()
export class OrchestratorService implements OnApplicationBootstrap, OnModuleDestroy {
  private temporal: TemporalClientHandle | undefined;
  private consumer: KafkaConsumerRunner | undefined;
  private worker: WorkerHost | undefined;
  private lag: ConsumerLagMonitor | undefined;

  constructor(
    @Inject(ORCHESTRATOR_CONFIG) private readonly config: SimpulConfig,
    private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
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
    const handler = new SubmittedHandler(this.temporal.client, this.logger.child('submitted-consumer'), this.config.slaSecondsPerHour, loadKeyRing(this.config));
    this.consumer = new KafkaConsumerRunner(
      this.kafka,
      this.producer,
      { groupId: `${this.config.consumerGroupPrefix}.orchestrator`, topic: Topics.submitted, handle: (m) => handler.handle(m) },
      this.logger.child('submitted-consumer'),
      () => process.exit(1),
    );
    await this.consumer.start();
    this.readiness.register(this.consumer.asReadiness('kafka-consumer:submitted'));
    this.lag = new ConsumerLagMonitor(this.kafka, `${this.config.consumerGroupPrefix}.orchestrator`, Topics.submitted, this.logger.child('consumer-lag'));
    this.lag.start();
  }

  /** Stop taking new work first, then let in-flight activities finish, then close connections. */
  async onModuleDestroy(): Promise<void> {
    this.lag?.stop();
    await this.consumer?.stop();
    await this.worker?.stop();
    await this.temporal?.connection.close();
  }
}

