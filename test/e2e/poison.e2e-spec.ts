/**
 * Poison on the topics the running system consumes, written as raw bytes by a real producer onto every partition:
 * each message lands in applications.dlq.v1 with its error and origin, and the consumers go on with what follows.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { Topics } from '@simpul/contracts';
import { createKafka, createProducer, KafkaConsumerRunner, MAX_MESSAGE_BYTES, newEnvelope, TOPIC_PARTITIONS, type KafkaClient, type KafkaProducer, type InboundMessage } from '@simpul/messaging';
import { JsonLogger } from '@simpul/observability';
import { birthApplication } from '@simpul/testing';
import { submit, waitForApplication } from '../support/api';
import { eventually, testConfig, token } from '../support/env';

const config = testConfig();
const logger = new JsonLogger('poison-test', 'error');
let kafka: KafkaClient;
let producer: KafkaProducer;
let ds: DataSource;

beforeAll(async () => {
  kafka = createKafka(config.kafkaBrokers, 'simpul-poison-test');
  producer = await createProducer(kafka);
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
});
afterAll(async () => {
  await producer.disconnect();
  await ds.destroy();
});

interface Poison {
  label: string;
  topic: string;
  value: Buffer | null;
  /** What the dead letter's error must say. */
  reason: RegExp;
}

interface Sent extends Poison {
  partition: number;
  offset: string;
  key: string;
}

const envelope = (type: string, payload: Record<string, unknown>, over: Record<string, unknown> = {}) =>
  Buffer.from(JSON.stringify({ ...newEnvelope(type, randomUUID(), `poison-${randomUUID()}`, payload), ...over }));

const birth = { lifeEvent: 'BIRTH', definitionVersion: 1, channel: 'SELF', data: birthApplication('birth-auto').data };
const step = { seq: 1, stepId: 'register-birth', agency: 'civil-registry', status: 'RUNNING', definitionVersion: 1, message: { id: 'x', en: 'x' } };
const oversized = (type: string, payload: Record<string, unknown>) => envelope(type, { ...payload, padding: 'x'.repeat(MAX_MESSAGE_BYTES + 1024) });

const POISON: Poison[] = [
  { label: 'malformed JSON', topic: Topics.submitted, value: Buffer.from('{"eventId": "1", "type": '), reason: /JSON/ },
  { label: 'an unknown schema version', topic: Topics.submitted, value: envelope('ApplicationSubmitted', birth, { version: 7 }), reason: /version/ },
  { label: 'an unknown life event', topic: Topics.submitted, value: envelope('ApplicationSubmitted', { ...birth, lifeEvent: 'ADOPTION' }), reason: /life event/ },
  { label: 'an oversized message', topic: Topics.submitted, value: oversized('ApplicationSubmitted', birth), reason: /exceeds/ },
  { label: 'an empty value', topic: Topics.submitted, value: null, reason: /empty/ },
  { label: 'malformed JSON', topic: Topics.status, value: Buffer.from([0xff, 0xfe, 0x7b, 0x00]), reason: /JSON/ },
  { label: 'an unknown schema version', topic: Topics.status, value: envelope('StepStatusChanged', step, { version: 2 }), reason: /version/ },
  { label: 'an unknown event type', topic: Topics.status, value: envelope('ApplicationMarried', { seq: 1 }), reason: /type/ },
  { label: 'an unknown status', topic: Topics.status, value: envelope('ApplicationStatusChanged', { seq: 1, status: 'ON_FIRE' }), reason: /status/ },
  { label: 'an event of an unknown application', topic: Topics.status, value: envelope('StepStatusChanged', step), reason: /unknown application/ },
  { label: 'an oversized message', topic: Topics.status, value: oversized('StepStatusChanged', step), reason: /exceeds/ },
];

/** Writes each value as raw bytes to an explicit partition and returns where it landed. */
async function produceRaw(poison: Poison, partition: number): Promise<Sent> {
  const key = randomUUID();
  const [meta] = await producer.send({ topic: poison.topic, acks: -1, messages: [{ key, value: poison.value, partition, headers: { 'x-correlation-id': Buffer.from([0xc3, 0x28]) } }] });
  return { ...poison, key, partition, offset: meta.baseOffset ?? '-1' };
}

interface DeadLetter {
  type: string;
  payload: { error: string; consumerGroup: string; origin: { topic: string; partition: number; offset: string }; originalKey: string | null; originalValueBase64: string | null };
}

/** Reads the dead-letter topic from the beginning until a dead letter names each origin. */
async function deadLettersFor(sent: Sent[]): Promise<Map<string, DeadLetter>> {
  const wanted = new Set(sent.map((s) => `${s.topic}/${s.partition}/${s.offset}`));
  const found = new Map<string, DeadLetter>();
  const runner = new KafkaConsumerRunner(kafka, producer, {
    groupId: `poison-dlq-${randomUUID()}`,
    topic: Topics.deadLetters,
    handle: async (m: InboundMessage) => {
      let letter: DeadLetter;
      try {
        letter = JSON.parse(m.value?.toString() ?? '{}') as DeadLetter;
      } catch {
        return; // not ours: someone else's garbage on the dead-letter topic
      }
      const origin = letter.payload?.origin;
      const at = origin && `${origin.topic}/${origin.partition}/${origin.offset}`;
      if (at && wanted.has(at)) found.set(at, letter);
    },
  }, logger.child('dlq'));
  await runner.start();
  try {
    await eventually(async () => (found.size === wanted.size ? true : undefined), `${wanted.size} dead letters`, 90_000);
  } finally {
    await runner.stop();
  }
  return found;
}

describe('poison messages on the consumed topics', () => {
  it('dead-letters malformed JSON, unknown versions, unknown life events and types, and oversized messages, with error and origin, then goes on', async () => {
    const sent: Sent[] = [];
    for (let partition = 0; partition < TOPIC_PARTITIONS; partition++) {
      for (const poison of POISON) sent.push(await produceRaw(poison, partition));
    }

    // A real application filed after the poison: its submitted message and every status event queue up behind
    // poison on their partitions, so it completes only if both consumers went past it.
    const portal = await token('portal', `portal-poison-${randomUUID()}`);
    const accepted = await submit(portal, birthApplication('birth-auto', 'Racun Anak'));
    expect(accepted.status).toBe(202);

    const letters = await deadLettersFor(sent);
    for (const s of sent) {
      const letter = letters.get(`${s.topic}/${s.partition}/${s.offset}`);
      expect({ poison: `${s.label} on ${s.topic}`, error: letter?.payload.error }).toEqual({ poison: `${s.label} on ${s.topic}`, error: expect.stringMatching(s.reason) });
      expect(letter).toMatchObject({
        type: 'DeadLetter',
        payload: {
          consumerGroup: s.topic === Topics.submitted ? 'simpul.orchestrator' : 'simpul.status-projector',
          origin: { topic: s.topic, partition: s.partition, offset: s.offset },
          originalKey: s.key,
        },
      });
      if (s.value && s.value.length < 256 * 1024) expect(Buffer.from(letter?.payload.originalValueBase64 ?? '', 'base64')).toEqual(s.value);
    }

    const done = await waitForApplication(portal, accepted.body.id, (a) => a.status === 'COMPLETED', 'the application filed after the poison');
    expect(done.status).toBe('COMPLETED');
    const leaked = await ds.query('SELECT count(*)::int AS n FROM application_events WHERE application_id::text = ANY($1)', [sent.map((s) => s.key)]);
    expect(leaked[0].n).toBe(0);
  });

  it('dead-letters any random bytes on the status topic and still projects what follows', async () => {
    const values = fc.sample(fc.uint8Array({ minLength: 0, maxLength: 2048 }), { numRuns: 24, seed: 20261122 });
    const sent: Sent[] = [];
    for (const [i, bytes] of values.entries()) {
      sent.push(await produceRaw({ label: `random bytes #${i}`, topic: Topics.status, value: Buffer.from(bytes), reason: /./ }, i % TOPIC_PARTITIONS));
    }
    const letters = await deadLettersFor(sent);
    expect(letters.size).toBe(sent.length);
    const portal = await token('portal', `portal-poison-${randomUUID()}`);
    const accepted = await submit(portal, birthApplication('birth-auto', 'Acak Anak'));
    expect((await waitForApplication(portal, accepted.body.id, (a) => a.status === 'COMPLETED', 'the application after random bytes')).status).toBe('COMPLETED');
  });
});
