/**
 * The outbox relay with several relays at once (three here, plus the running portal-api's own): every row reaches
 * Kafka, and each key's messages arrive in the order they were written.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Topics } from '@simpul/contracts';
import { createKafka, createProducer, KafkaConsumerRunner, type KafkaClient, type KafkaProducer } from '@simpul/messaging';
import { JsonLogger } from '@simpul/observability';
import { createDataSource, OutboxRepository } from '@simpul/persistence';
import { OutboxRelay } from '../../apps/portal-api/src/outbox/outbox-relay.service';
import { eventually, testConfig } from '../support/env';

const config = testConfig();
const logger = new JsonLogger('outbox-test', 'error');
let kafka: KafkaClient;
let producer: KafkaProducer;
let ds: DataSource;

beforeAll(async () => {
  kafka = createKafka(config.kafkaBrokers, 'simpul-outbox-test');
  producer = await createProducer(kafka);
  ds = await createDataSource(config.databaseUrl, { poolSize: 8 }).initialize();
});
afterAll(async () => {
  await producer.disconnect();
  await ds.destroy();
});

describe('outbox relay, several at once', () => {
  it('publishes every row, in order per key, while three relays and the portal-api compete for small batches', async () => {
    const keys = Array.from({ length: 12 }, () => randomUUID());
    const perKey = 8;
    // Interleaved: key 0 #1, key 1 #1, …, key 0 #2, … so that every batch boundary splits some key.
    const rows = Array.from({ length: perKey }, (_, n) => keys.map((key) => ({ key, n: n + 1 }))).flat();
    await ds.transaction(async (em) => {
      for (const { key, n } of rows) {
        await em.query('INSERT INTO outbox (topic, message_key, value, headers) VALUES ($1, $2, $3, $4)', [Topics.notifications, key, JSON.stringify({ probe: 'outbox-order', n }), '{}']);
      }
    });

    // Each relay has its own producer, as replicas do, and its sends take a random 0-40 ms longer, as a busy network
    // makes them: a relay that locked a key's first row may then finish after one that locked its second.
    const producers = await Promise.all([1, 2, 3].map(() => createProducer(kafka)));
    const jittery = (p: KafkaProducer): KafkaProducer =>
      Object.assign(Object.create(p) as KafkaProducer, {
        sendBatch: async (batch: Parameters<KafkaProducer['sendBatch']>[0]) => {
          await new Promise((r) => setTimeout(r, Math.random() * 40));
          return p.sendBatch(batch);
        },
      });
    const relays = producers.map((p) => Object.assign(new OutboxRelay(ds, new OutboxRepository(ds), jittery(p), logger), { batchSize: 5 }));
    const pending = async () => (await ds.query('SELECT count(*)::int AS n FROM outbox WHERE message_key = ANY($1)', [keys]))[0].n as number;
    const deadline = Date.now() + 60_000;
    await Promise.all(
      relays.map(async (relay) => {
        while ((await pending()) > 0 && Date.now() < deadline) {
          if ((await relay.relayOnce()) === 0) await new Promise((r) => setTimeout(r, 20));
        }
      }),
    );
    await Promise.all(producers.map((p) => p.disconnect()));
    expect(await pending()).toBe(0);

    const seen = new Map<string, number[]>(keys.map((k) => [k, []]));
    const collector = new KafkaConsumerRunner(kafka, producer, {
      groupId: `outbox-order-${randomUUID()}`,
      topic: Topics.notifications,
      handle: async (m) => {
        const list = seen.get(m.key?.toString() ?? '');
        if (list) list.push((JSON.parse(m.value?.toString() ?? '{}') as { n: number }).n);
      },
    }, logger.child('collector'));
    await collector.start();
    try {
      await eventually(async () => ([...seen.values()].every((l) => new Set(l).size === perKey) ? true : undefined), 'every probe message');
    } finally {
      await collector.stop();
    }
    for (const [key, list] of seen) {
      // At least once: a re-sent batch may repeat a message, but never reorders a key's messages.
      const firstSeen = list.filter((n, i) => list.indexOf(n) === i);
      expect({ key, order: firstSeen }).toEqual({ key, order: Array.from({ length: perKey }, (_, i) => i + 1) });
    }
  });
});
