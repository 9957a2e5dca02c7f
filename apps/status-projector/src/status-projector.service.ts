import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Kafka, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { SimpulConfig } from '@simpul/config';
import { Topics } from '@simpul/contracts';
import { KAFKA_PRODUCER, KafkaConsumerRunner } from '@simpul/messaging';
import { JsonLogger, ReadinessRegistry } from '@simpul/observability';
import { StatusProjection } from './status-projection';
import { loadKeyRing } from '@simpul/crypto';

export const PROJECTOR_CONFIG = Symbol('PROJECTOR_CONFIG');

@Injectable()
export class StatusProjectorService implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer: KafkaConsumerRunner | undefined;

  constructor(
    @Inject(PROJECTOR_CONFIG) private readonly config: SimpulConfig,
    private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    private readonly ds: DataSource,
    private readonly logger: JsonLogger,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const projection = new StatusProjection(this.ds, loadKeyRing(this.config));
    this.consumer = new KafkaConsumerRunner(
      this.kafka,
      this.producer,
      { groupId: `${this.config.consumerGroupPrefix}.status-projector`, topic: Topics.status, handle: (m) => projection.handle(m), handleBatch: (items) => projection.handleMany(items.map((i) => i.message)) },
      this.logger.child('status-consumer'),
      () => process.exit(1),
    );
    await this.consumer.start();
    this.readiness.register(this.consumer.asReadiness('kafka-consumer:status'));
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }
}
