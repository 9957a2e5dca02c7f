/**
 * The outbox relay, the consumer runner (commit after handling, dead letters) and the submitted consumer, each against
 * the real Kafka, PostgreSQL and Temporal servers of the test stack.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { currentDefinition, Topics, workflowIdFor } from '@simpul/contracts';
import { createKafka, createProducer, KafkaConsumerRunner, newEnvelope, PoisonMessageError, type InboundMessage, type KafkaClient, type KafkaProducer } from '@simpul/messaging';
import { JsonLogger } from '@simpul/observability';
import { createDataSource, OutboxRepository } from '@simpul/persistence';
import { connectClient, type TemporalClientHandle } from '@simpul/temporal';
import { birthApplication } from '@simpul/testing';
import { OutboxRelay } from '../../apps/portal-api/src/outbox/outbox-relay.service';
import { SubmittedHandler } from '../../apps/orchestrator/src/submitted.consumer';
import { eventually, testConfig } from '../support/env';

const config = testConfig();
const logger = new JsonLogger('test', 'warn');
let kafka: KafkaClient;
let producer: KafkaProducer;
let ds: DataSource;
let temporal: TemporalClientHandle;
const runners: KafkaConsumerRunner[] = [];

beforeAll(async () => {
  kafka = createKafka(config.kafkaBrokers, 'simpul-int-test');
  producer = await createProducer(kafka);
  ds = await createDataSource(config.databaseUrl).initialize();
  temporal = await connectClient(config);
});

afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
  await producer.disconnect();
  await ds.destroy();
  await temporal.connection.close();
});

/** Collects the messages of a topic whose key is one of `keys`, from a fresh consumer group. */
async function collect(topic: string, keys: Set<string>, count: number): Promise<InboundMessage[]> {
  const seen: InboundMessage[] = [];
  const runner = new KafkaConsumerRunner(kafka, producer, {
    groupId: `collector-${randomUUID()}`,
    topic,
    handle: async (m) => {
      if (keys.has(m.key?.toString() ?? '')) seen.push(m);
    },
  }, logger.child('collector'));
  runners.push(runner);
  await runner.start();
  await eventually(async () => (seen.length >= count ? true : undefined), `${count} messages on ${topic}`);
  await runner.stop();
  return seen;
}

const submitted = (applicationId: string, over: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      ...newEnvelope('ApplicationSubmitted', applicationId, `corr-${applicationId}`, {
        lifeEvent: 'BIRTH',
        definitionVersion: currentDefinition('BIRTH').version,
        channel: 'SELF',
        data: birthApplication('birth-auto').data,
      }),
      ...over,
    }),
  );

describe('outbox relay', () => {
  it('publishes pending rows in order per key with acks=all and then deletes them', async () => {
    const key = randomUUID();
    for (let i = 1; i <= 3; i++) {
      await ds.query('INSERT INTO outbox (topic, message_key, value, headers) VALUES ($1, $2, $3, $4)', [
        Topics.status,
        key,
        JSON.stringify({ n: i }),
        JSON.stringify({ 'x-correlation-id': 'c' }),
      ]);
    }
    const relay = new OutboxRelay(ds, new OutboxRepository(ds), producer, logger);
    let sent = 0;
    while ((await ds.query('SELECT count(*)::int AS n FROM outbox WHERE message_key = $1', [key]))[0].n > 0) sent += await relay.relayOnce();
    expect(sent).toBeGreaterThanOrEqual(3);
    const messages = await collect(Topics.status, new Set([key]), 3);
    expect(messages.map((m) => JSON.parse(m.value!.toString()).n)).toEqual([1, 2, 3]);
    expect(messages[0].headers?.['x-correlation-id']?.toString()).toBe('c');
  });
});

describe('consumer runner', () => {
  it('re-delivers a message whose handling failed, committing only after success', async () => {
    const topic = Topics.notifications;
    const key = randomUUID();
    const attempts: string[] = [];
    const runner = new KafkaConsumerRunner(kafka, producer, {
      groupId: `retry-${randomUUID()}`,
      topic,
      handle: async (m) => {
        if (m.key?.toString() !== key) return;
        attempts.push(m.offset);
        if (attempts.length === 1) throw new Error('Temporal is briefly unavailable');
      },
    }, logger.child('retry'));
    runners.push(runner);
    await runner.start();
    await producer.send({ topic, acks: -1, messages: [{ key, value: '{}' }] });
    await eventually(async () => (attempts.length >= 2 ? true : undefined), 're-delivery');
    expect(attempts[0]).toBe(attempts[1]);
  });

  it('sends poison to the dead-letter topic with its origin and goes on', async () => {
    const keys: string[] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const handled: string[] = [];
    const runner = new KafkaConsumerRunner(kafka, producer, {
      groupId: `poison-${randomUUID()}`,
      topic: Topics.submitted,
      handle: async (m) => {
        const key = m.key?.toString() ?? '';
        if (!keys.includes(key)) return;
        if (key !== keys[3]) throw new PoisonMessageError(`bad message ${keys.indexOf(key)}`);
        handled.push(key);
      },
    }, logger.child('poison'));
    runners.push(runner);
    await runner.start();
    await producer.send({
      topic: Topics.submitted,
      messages: [
        { key: keys[0], value: '{not json' },
        { key: keys[1], value: Buffer.from([0xff, 0x00, 0x13]) },
        { key: keys[2], value: submitted(keys[2], { version: 9 }) },
        { key: keys[3], value: submitted(keys[3]) },
      ],
    });
    await eventually(async () => (handled.length === 1 ? true : undefined), 'the good message after the poison');
    const dead = await collect(Topics.deadLetters, new Set(keys.slice(0, 3)), 3);
    const bodies = dead.map((m) => JSON.parse(m.value!.toString()));
    for (const b of bodies) {
      expect(b).toMatchObject({ type: 'DeadLetter', payload: { origin: { topic: Topics.submitted, partition: expect.any(Number), offset: expect.any(String) } } });
      expect(b.payload.error).toMatch(/^bad message \d$/);
    }
  });
});

describe('consumer runner with handleBatch', () => {
  it('hands consecutive messages over together, and falls back to one by one so poison goes alone to the dead letters', async () => {
    const topic = Topics.status;
    const key = randomUUID(); // one key: one partition, so the messages arrive in one batch, in order
    const batches: string[][] = [];
    const oneByOne: string[] = [];
    const runner = new KafkaConsumerRunner(kafka, producer, {
      groupId: `together-${randomUUID()}`,
      topic,
      handle: async (m) => {
        if (m.key?.toString() !== key) return;
        const value = m.value!.toString();
        if (value === 'poison') throw new PoisonMessageError('bad message');
        oneByOne.push(value);
      },
      handleBatch: async (items) => {
        const mine = items.filter((m) => m.key === key).map((m) => m.value!.toString());
        if (mine.includes('poison')) throw new PoisonMessageError('one of them is bad');
        batches.push(mine);
      },
    }, logger.child('together'));
    runners.push(runner);
    // Produced before the group starts, so the first fetch returns them as one batch.
    await producer.send({ topic, acks: -1, messages: ['1', '2', '3'].map((value) => ({ key, value })) });
    await runner.start();
    await eventually(async () => (batches.flat().length >= 3 ? true : undefined), 'the first three together');
    expect(batches.flat()).toEqual(['1', '2', '3']);
    expect(batches.some((b) => b.length > 1)).toBe(true);

    await runner.stop();
    await producer.send({ topic, acks: -1, messages: ['4', 'poison', '5'].map((value) => ({ key, value })) });
    await runner.start();
    await eventually(async () => (oneByOne.length >= 2 ? true : undefined), 'the good ones one by one after the poison');
    expect(oneByOne).toEqual(['4', '5']);
    const [dead] = await collect(Topics.deadLetters, new Set([key]), 1);
    expect(JSON.parse(dead.value!.toString())).toMatchObject({ type: 'DeadLetter', payload: { error: 'bad message', origin: { topic } } });
  });
});

describe('submitted consumer → Temporal', () => {
  it('starts one workflow per application, however often the message is delivered', async () => {
    const applicationId = randomUUID();
    const handler = new SubmittedHandler(temporal.client, logger.child('submitted'));
    const message: InboundMessage = { topic: Topics.submitted, partition: 0, key: applicationId, value: submitted(applicationId), offset: '0', headers: {} };
    await handler.handle(message);
    await handler.handle(message);
    const handle = temporal.client.workflow.getHandle(workflowIdFor(applicationId));
    const description = await handle.describe();
    expect(description.type).toBe('lifeEventWorkflow');
    expect(description.taskQueue).toBe('orchestration');
    let runs = 0;
    for await (const execution of temporal.client.workflow.list({ query: `WorkflowId = '${workflowIdFor(applicationId)}'` })) runs += execution.workflowId === workflowIdFor(applicationId) ? 1 : 0;
    expect(runs).toBe(1);
    await handle.terminate('test cleanup');
  });

  it.each([
    ['an unknown life event', (id: string) => submitted(id, { payload: { lifeEvent: 'ADOPTION', definitionVersion: 1, data: {} } }), 'unknown life event ADOPTION'],
    ['an unknown definition version', (id: string) => submitted(id, { payload: { lifeEvent: 'BIRTH', definitionVersion: 99, data: {} } }), 'unknown definition version 99'],
    ['a key that is not the application id', () => submitted(randomUUID()), 'message key is not the application id'],
  ])('treats %s as poison', async (_label, value, reason) => {
    const id = randomUUID();
    const handler = new SubmittedHandler(temporal.client, logger.child('submitted'));
    await expect(handler.handle({ topic: Topics.submitted, partition: 0, key: id, value: value(id), offset: '0', headers: {} })).rejects.toThrow(reason);
  });
});
