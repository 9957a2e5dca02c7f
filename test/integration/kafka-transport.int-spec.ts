/**
 * KafkaTransport, the Nest microservice transport every consumer runs on, against the real Kafka of the test stack:
 * an ordinary `@EventPattern` handler gets its messages (a batch with `batch: true`), a retryable error is retried, a
 * PoisonMessageError thrown from the handler (through Nest's exception filter) sends that message alone to the
 * dead-letter topic with its origin, the group is a readiness check, and close() stops it.
 */
import { randomUUID } from 'node:crypto';
import { Controller, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@simpul/contracts';
import {
  connectConsumers,
  createKafka,
  createProducer,
  KafkaConsumerRunner,
  MessageContext,
  MessagingModule,
  PoisonMessageError,
  type InboundMessage,
  type KafkaProducer,
} from '@simpul/messaging';
import { JsonLogger, ObservabilityModule, ReadinessRegistry } from '@simpul/observability';
import { eventually, testConfig } from '../support/env';

const config = testConfig();
const logger = new JsonLogger('test', 'warn');
const key = randomUUID(); // one key: one partition, so the messages arrive in order
const handled: Array<{ values: string[]; topic: string }> = [];
let failuresLeft = 1;

@Controller()
class ProbeConsumer {
  @EventPattern(Topics.status, { group: 'probe', batch: true })
  async apply(@Payload() messages: InboundMessage[], @Ctx() ctx: MessageContext): Promise<void> {
    const mine = messages.filter((m) => m.key === key).map((m) => m.value!.toString());
    if (mine.includes('poison')) throw new PoisonMessageError('one of them is bad');
    if (mine.includes('flaky') && failuresLeft-- > 0) throw new Error('not yet');
    if (mine.length > 0) handled.push({ values: mine, topic: ctx.topic });
  }
}

@Module({ controllers: [ProbeConsumer] })
class ProbeModule {}

let app: INestApplication;
let producer: KafkaProducer;
const kafka = createKafka(config.kafkaBrokers, 'simpul-transport-test');

beforeAll(async () => {
  producer = await createProducer(kafka);
  app = await NestFactory.create(
    {
      module: ProbeModule,
      imports: [
        ObservabilityModule.forRoot(logger),
        MessagingModule.forRoot({ brokers: config.kafkaBrokers, clientId: 'simpul-transport-test', consumerGroupPrefix: `transport-${randomUUID()}` }),
      ],
    },
    { logger: false },
  );
  await app.init();
});

afterAll(async () => {
  await app.close();
  await producer.disconnect();
});

async function deadLetterFor(): Promise<InboundMessage> {
  let found: InboundMessage | undefined;
  const runner = new KafkaConsumerRunner(kafka, producer, {
    groupId: `transport-dlq-${randomUUID()}`,
    topic: Topics.deadLetters,
    handle: async (m) => {
      if (m.key === key) found = m;
    },
  }, logger.child('dlq'));
  await runner.start();
  try {
    return await eventually(async () => found, 'the dead letter');
  } finally {
    await runner.stop();
  }
}

it('runs an @EventPattern batch handler with commit-after-success, retry, dead letters, readiness and close', async () => {
  // Produced before the group starts, so the first fetch hands them over together.
  await producer.send({ topic: Topics.status, acks: -1, messages: ['1', '2', '3'].map((value) => ({ key, value })) });
  const transport = connectConsumers(app);
  await app.startAllMicroservices();
  const check = app.get(ReadinessRegistry).all().find((c) => c.name === 'kafka-consumer:probe');
  expect(check).toBeDefined();
  await expect(check!.check()).resolves.toBeUndefined();

  await eventually(async () => (handled.flatMap((h) => h.values).length >= 3 ? true : undefined), 'the first three');
  expect(handled.flatMap((h) => h.values)).toEqual(['1', '2', '3']);
  expect(handled.some((h) => h.values.length > 1)).toBe(true);
  expect(handled.every((h) => h.topic === Topics.status)).toBe(true);

  // A retryable error: nothing is committed past it, so the message comes again and then succeeds.
  await producer.send({ topic: Topics.status, acks: -1, messages: [{ key, value: 'flaky' }] });
  await eventually(async () => (handled.some((h) => h.values.includes('flaky')) ? true : undefined), 'the flaky one, retried');
  expect(failuresLeft).toBeLessThan(0);

  // Poison inside a batch: the batch is handed over one by one, the poison alone goes to the dead letters.
  await producer.send({ topic: Topics.status, acks: -1, messages: ['4', 'poison', '5'].map((value) => ({ key, value })) });
  await eventually(async () => (handled.flatMap((h) => h.values).includes('5') ? true : undefined), 'the good ones after the poison');
  expect(handled.flatMap((h) => h.values)).toEqual(['1', '2', '3', 'flaky', '4', '5']);
  const dead = await deadLetterFor();
  expect(JSON.parse(dead.value!.toString())).toMatchObject({
    type: 'DeadLetter',
    payload: { error: 'one of them is bad', consumerGroup: expect.stringMatching(/\.probe$/), origin: { topic: Topics.status, partition: expect.any(Number), offset: expect.any(String) } },
  });

  await transport.close();
  await expect(check!.check()).rejects.toThrow(/not started/);
});
