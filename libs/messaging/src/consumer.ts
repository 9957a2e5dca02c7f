import type { Consumer, Kafka } from 'kafkajs';
import { Topics } from '@simpul/contracts';
import { metrics, type ContextLogger } from '@simpul/observability';
import { isPoison, newEnvelope } from './envelope';
import { toInbound, type InboundMessage, type MessagePublisher } from './message';

/** Header of a message replayed from the dead-letter index: the dead letter it came from. Kept if it fails again. */
export const REPLAY_OF_HEADER = 'x-replay-of-dead-letter';

export interface ConsumerSpec {
  groupId: string;
  topic: string;
  /** Throws PoisonMessageError for a message that can never succeed; any other error is retried. */
  handle(message: InboundMessage): Promise<void>;
  /**
   * Optional: handles consecutive messages of one partition together (for example in one transaction), all or none.
   * When it throws, the same messages are handled one by one with `handle`, so poison still goes to the dead-letter
   * topic alone and a retryable error is retried from the message that caused it.
   */
  handleBatch?(messages: InboundMessage[]): Promise<void>;
}

/** Most messages given to one handleBatch call. */
export const MAX_HANDLED_TOGETHER = 100;

/**
 * Runs one consumer group (the engine under KafkaTransport, which is how apps consume). An offset is committed only after its message was handled (or dead-lettered), so a crash
 * re-delivers rather than loses. Poison goes to the dead-letter topic with its origin, and the consumer goes on.
 */
export class KafkaConsumerRunner {
  private consumer: Consumer | undefined;
  private crashed: Error | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: MessagePublisher,
    private readonly spec: ConsumerSpec,
    private readonly log: ContextLogger,
    /** Called when the group gives up; hosts exit so their supervisor restarts them. */
    private readonly onFatal?: (err: Error) => void,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.spec.groupId,
      // A member that died (kill -9, or a restart of Kafka before it could leave) holds its partitions until its
      // session expires, and a rejoin waits for the rebalance: keep both short so a crashed consumer's partitions
      // move within seconds. Handlers are short (one Temporal call or one transaction), well inside either bound.
      sessionTimeout: 10_000,
      rebalanceTimeout: 20_000,
      heartbeatInterval: 2_000,
      maxBytesPerPartition: 1024 * 1024,
      retry: { retries: 8, initialRetryTime: 300 },
    });
    consumer.on(consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      if (restart) {
        this.log.warn('consumer restarting after an error', { groupId: this.spec.groupId, error });
        return;
      }
      this.log.error('consumer stopped for good', { groupId: this.spec.groupId, error });
      this.crashed = error;
      this.onFatal?.(error);
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.spec.topic, fromBeginning: true });
    const handleBatch = this.spec.handleBatch?.bind(this.spec);
    if (!handleBatch) {
      await consumer.run({
        autoCommit: true,
        partitionsConsumedConcurrently: 3,
        eachMessage: ({ topic, partition, message }) => this.handleOne(toInbound(topic, partition, message)),
      });
    } else {
      await consumer.run({
        autoCommit: true,
        partitionsConsumedConcurrently: 3,
        // Offsets are resolved here, message by message as handled: a batch left early (shutdown, rebalance) is not
        // marked consumed beyond what was handled.
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }) => {
          const items = batch.messages.map((message) => toInbound(batch.topic, batch.partition, message));
          for (let i = 0; i < items.length; i += MAX_HANDLED_TOGETHER) {
            const chunk = items.slice(i, i + MAX_HANDLED_TOGETHER);
            if (!isRunning() || isStale()) return;
            if (chunk.length > 1 && (await this.together(handleBatch, chunk))) {
              for (const item of chunk) resolveOffset(item.offset);
            } else {
              for (const item of chunk) {
                if (!isRunning() || isStale()) return;
                await this.handleOne(item);
                resolveOffset(item.offset);
              }
            }
            await heartbeat();
            await commitOffsetsIfNecessary();
          }
        },
      });
    }
    this.consumer = consumer;
  }

  /** One message: handled, or dead-lettered when poison; any other error is thrown, so kafkajs retries it. */
  private async handleOne(message: InboundMessage): Promise<void> {
    const { topic } = message;
    try {
      await this.spec.handle(message);
      metrics.messagesConsumed.inc({ topic, result: 'ok' });
    } catch (err) {
      if (!isPoison(err)) {
        metrics.messagesConsumed.inc({ topic, result: 'retry' });
        this.log.warn('message handling failed; it will be retried', { topic, partition: message.partition, offset: message.offset, error: err });
        throw err;
      }
      await this.deadLetter(message, err);
    }
  }

  /** The fast path: true when the whole chunk was handled; false sends it down the one-by-one path. */
  private async together(
    handleBatch: NonNullable<ConsumerSpec['handleBatch']>,
    chunk: InboundMessage[],
  ): Promise<boolean> {
    try {
      await handleBatch(chunk);
      metrics.messagesConsumed.inc({ topic: chunk[0].topic, result: 'ok' }, chunk.length);
      return true;
    } catch (err) {
      if (!isPoison(err)) {
        this.log.warn('handling messages together failed; handling them one by one', { topic: chunk[0].topic, partition: chunk[0].partition, error: err });
      }
      return false;
    }
  }

  /** Readiness: the group is running and has not given up. */
  asReadiness(name: string): { name: string; check: () => Promise<void> } {
    return { name, check: () => this.check() };
  }

  async check(): Promise<void> {
    if (this.crashed) throw new Error(`consumer ${this.spec.groupId} stopped: ${this.crashed.message}`);
    if (!this.consumer) throw new Error(`consumer ${this.spec.groupId} not started`);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async deadLetter(message: InboundMessage, err: { message: string }): Promise<void> {
    const { topic, partition, offset, key } = message;
    const envelope = newEnvelope('DeadLetter', key ?? 'unknown', message.headers['x-correlation-id'] ?? 'unknown', {
      error: err.message,
      consumerGroup: this.spec.groupId,
      origin: { topic, partition, offset },
      originalKey: key,
      originalValueBase64: message.value?.subarray(0, 256 * 1024).toString('base64') ?? null,
    });
    await this.producer.send({
      topic: Topics.deadLetters,
      acks: -1,
      messages: [{ key, value: JSON.stringify(envelope), headers: { 'x-origin-topic': topic, ...replayOf(message) } }],
    });
    metrics.deadLetters.inc({ topic });
    this.log.warn('poison message sent to the dead-letter topic', { topic, partition, offset, key, error: err.message });
  }
}

function replayOf(message: InboundMessage): Record<string, string> {
  const value = message.headers[REPLAY_OF_HEADER];
  return value ? { [REPLAY_OF_HEADER]: value } : {};
}
