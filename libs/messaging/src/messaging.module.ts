import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka, type Producer } from 'kafkajs';
import { JsonLogger, ReadinessRegistry, type ReadinessCheck } from '@simpul/observability';
import { createKafka, createProducer } from './kafka';

export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');

@Injectable()
export class KafkaReadiness implements ReadinessCheck, OnApplicationShutdown {
  readonly name = 'kafka';
  /**
   * Kafka being down degrades, it does not unready: intake keeps answering 202 (the outbox holds the messages) and
   * consumers resume from their committed offsets. Taking portal-api out of service for it would turn a Kafka outage
   * into a citizen-facing one. A consumer that gives up for good fails its own (required) check.
   */
  readonly optional = true;
  constructor(
    private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    registry: ReadinessRegistry,
  ) {
    registry.register(this);
  }
  async check(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  }
  /** Runs after consumers and relays stopped (they close in onModuleDestroy), so nothing is left to send. */
  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(brokers: string[], clientId: string): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: Kafka, inject: [JsonLogger], useFactory: (logger: JsonLogger) => createKafka(brokers, clientId, logger.child('kafka')) },
        { provide: KAFKA_PRODUCER, inject: [Kafka], useFactory: (kafka: Kafka) => createProducer(kafka) },
        KafkaReadiness,
      ],
      exports: [Kafka, KAFKA_PRODUCER, KafkaReadiness],
    };
  }
}
