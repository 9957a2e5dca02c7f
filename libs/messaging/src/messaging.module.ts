import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka, type Producer } from 'kafkajs';
import { JsonLogger, ReadinessRegistry, type ReadinessCheck } from '@simpul/observability';
import { createKafka, createProducer } from './kafka';
import { CONSUMER_GROUP_PREFIX, KAFKA_PRODUCER, KafkaTransport } from './kafka-transport';

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

export interface MessagingOptions {
  brokers: string[];
  clientId: string;
  /** Prefix of this app's consumer groups (`<prefix>.<group of the handler>`); only apps with Kafka handlers need it. */
  consumerGroupPrefix?: string;
}

/**
 * Kafka for one app: the publisher (KAFKA_PRODUCER, a MessagePublisher), the readiness check, and the transport its
 * `@EventPattern` handlers run on (connectConsumers).
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: Kafka, inject: [JsonLogger], useFactory: (logger: JsonLogger) => createKafka(options.brokers, options.clientId, logger.child('kafka')) },
        { provide: KAFKA_PRODUCER, inject: [Kafka], useFactory: (kafka: Kafka) => createProducer(kafka) },
        { provide: CONSUMER_GROUP_PREFIX, useValue: options.consumerGroupPrefix ?? options.clientId },
        KafkaReadiness,
        KafkaTransport,
      ],
      exports: [KAFKA_PRODUCER, KafkaReadiness, KafkaTransport],
    };
  }
}
