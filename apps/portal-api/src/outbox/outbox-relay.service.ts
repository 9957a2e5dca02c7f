import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KAFKA_PRODUCER, type MessagePublisher } from '@simpul/messaging';
import { JsonLogger, metrics, type ContextLogger } from '@simpul/observability';
import { OutboxRepository, type OutboxRow } from '@simpul/persistence';

/**
 * Relays the outbox to Kafka, at least once and in order per key (application). Rows are locked with FOR UPDATE SKIP
 * LOCKED, so several relays (replicas) share the work; a row is deleted only in the transaction that saw Kafka
 * acknowledge it (acks=all). A crash between the acknowledgement and the commit re-sends the batch: consumers are
 * idempotent (one workflow per application id, one read-model row per event id).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  readonly batchSize = 200;
  readonly idleMs = 500;

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxRepository,
    @Inject(KAFKA_PRODUCER) private readonly producer: MessagePublisher,
    logger: JsonLogger,
  ) {
    this.log = logger.child('outbox-relay');
  }
  private readonly log: ContextLogger;

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
  }

  /** Called after a commit that wrote outbox rows, so they go out without waiting for the next poll. */
  kick(): void {
    this.wake?.();
  }

  /** Publishes one batch; returns how many rows went out. */
  async relayOnce(): Promise<number> {
    return this.ds.transaction(async (em) => {
      const rows = await this.outbox.nextBatch(em, this.batchSize);
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, OutboxRow[]>();
      for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic,
          messages: list.map((r) => ({ key: r.message_key, value: JSON.stringify(r.value), headers: r.headers })),
        })),
      });
      await this.outbox.remove(em, rows.map((r) => r.id));
      metrics.outboxPublished.inc(rows.length);
      metrics.outboxBatches.inc();
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let sent = 0;
      try {
        sent = await this.relayOnce();
        failures = 0;
      } catch (err) {
        failures += 1;
        this.log.warn('outbox relay failed; retrying', { error: err, failures });
      }
      if (sent === 0 || failures > 0) {
        // Capped at 5 s so the outbox drains within seconds of Kafka's return, even with no new submission to kick it.
        const delay = failures > 0 ? Math.min(5_000, 250 * 2 ** Math.min(failures, 5)) : this.idleMs;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }
}
