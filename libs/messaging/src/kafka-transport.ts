import { Inject, Injectable, type INestApplication } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { JsonLogger, ReadinessRegistry } from '@simpul/observability';
import { ConsumerLagMonitor } from './consumer-lag';
import { KafkaConsumerRunner } from './consumer';
import type { InboundMessage, MessagePublisher } from './message';

export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');
export const CONSUMER_GROUP_PREFIX = Symbol('CONSUMER_GROUP_PREFIX');

/**
 * What `@EventPattern(topic, extras)` says about a consumer: its group (after the configured prefix) and, with
 * `batch`, that the handler takes consecutive messages of one partition together (an array) and applies them all or
 * none; when such a batch fails the same handler gets them again one at a time, so poison goes to the dead-letter
 * topic alone and a retryable error is retried from the message that caused it.
 */
export interface ConsumerExtras {
  group: string;
  batch?: boolean;
}

/** `@Ctx()` of a Kafka handler: the messages being handled (one, or the batch). */
export class MessageContext extends BaseRpcContext<[InboundMessage[]]> {
  get messages(): InboundMessage[] {
    return this.getArgByIndex(0);
  }
  get topic(): string {
    return this.messages[0].topic;
  }
}

/**
 * Kafka as a Nest microservice transport: each `@EventPattern(topic, { group })` handler becomes one consumer group
 * (KafkaConsumerRunner), so consumers are ordinary Nest handlers (`@Payload()`, `@Ctx()`), and the guarantees live
 * here once: an offset is committed only after its handler succeeded; a handler throwing PoisonMessageError sends the
 * message to `applications.dlq.v1` with its origin and the consumer goes on; any other error is retried. Each group
 * is a required readiness check, and `close()` stops taking messages after the ones being handled (the graceful drain).
 */
@Injectable()
export class KafkaTransport extends Server implements CustomTransportStrategy {
  private runners: KafkaConsumerRunner[] = [];
  private lags: ConsumerLagMonitor[] = [];
  private closing: Promise<void> | undefined;

  constructor(
    private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: MessagePublisher,
    @Inject(CONSUMER_GROUP_PREFIX) private readonly groupPrefix: string,
    private readonly jsonLogger: JsonLogger,
    private readonly readiness: ReadinessRegistry,
  ) {
    super();
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      for (const [topic, handler] of this.messageHandlers) await this.subscribe(topic, handler);
      callback();
    } catch (err) {
      callback(err);
    }
  }

  private async subscribe(topic: string, handler: MessageHandler): Promise<void> {
    const extras = handler.extras as Partial<ConsumerExtras> | undefined;
    if (!extras?.group) throw new Error(`@EventPattern('${topic}') needs extras { group } (its consumer group)`);
    const groupId = `${this.groupPrefix}.${extras.group}`;
    const log = this.jsonLogger.child(`consumer:${extras.group}`);
    const run = (messages: InboundMessage[], data: InboundMessage | InboundMessage[]) => this.invoke(handler, data, new MessageContext([messages]));
    const runner = new KafkaConsumerRunner(
      this.kafka,
      this.producer,
      {
        groupId,
        topic,
        handle: (message) => run([message], extras.batch ? [message] : message),
        ...(extras.batch ? { handleBatch: (messages: InboundMessage[]) => run(messages, messages) } : {}),
      },
      log,
      // The group gave up for good: exit, so the supervisor restarts the process.
      () => process.exit(1),
    );
    await runner.start();
    this.runners.push(runner);
    this.readiness.register(runner.asReadiness(`kafka-consumer:${extras.group}`));
    const lag = new ConsumerLagMonitor(this.kafka, groupId, topic, this.jsonLogger.child('consumer-lag'));
    lag.start();
    this.lags.push(lag);
  }

  /**
   * Runs the Nest handler (guards, pipes, interceptors, exception filters) and waits for its result, so its error
   * reaches the runner: PoisonMessageError (an RpcException) as `{ poison: true }`, anything else as a generic error.
   */
  private async invoke(handler: MessageHandler, data: unknown, ctx: MessageContext): Promise<void> {
    const result: unknown = await handler(data, ctx);
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }

  /** Stops every group once (later calls wait for the first): messages in hand finish, their offsets are committed. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const lag of this.lags) lag.stop();
      await Promise.all(this.runners.map((r) => r.stop()));
    })();
    return this.closing;
  }

  on(): void {
    // Consumer events (crash, rebalance) are handled per group in KafkaConsumerRunner.
  }

  unwrap<T>(): T {
    return this.runners as T;
  }
}

/**
 * Connects this app's Kafka handlers (its `@EventPattern` methods) as a hybrid microservice; start them with
 * `app.startAllMicroservices()` (startHttpApp does, given this as `consumers`). Returns the transport, to close first on
 * shutdown.
 */
export function connectConsumers(app: INestApplication): KafkaTransport {
  const strategy = app.get(KafkaTransport);
  app.connectMicroservice({ strategy });
  return strategy;
}
