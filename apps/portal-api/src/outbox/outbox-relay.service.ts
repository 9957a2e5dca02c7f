import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { KAFKA_PRODUCER } from '@simpul/messaging';
import { JsonLogger, metrics, type ContextLogger } from '@simpul/observability';

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  value: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * Relays the outbox to Kafka, at least once and in id order. Rows are locked with FOR UPDATE SKIP LOCKED, so several
 * relays (replicas) share the work; a row is deleted only in the transaction that saw Kafka acknowledge it (acks=all).
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
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
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
      const rows: OutboxRow[] = await em.query(
        'SELECT id, topic, message_key, value, headers FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED',
        [this.batchSize],
      );
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
      await em.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      metrics.outboxPublished.inc(rows.length);
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
        const delay = failures > 0 ? Math.min(30_000, 250 * 2 ** Math.min(failures, 7)) : this.idleMs;
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
