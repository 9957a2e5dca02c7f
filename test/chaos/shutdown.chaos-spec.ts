/**
 * Graceful shutdown: SIGTERM lets each app finish what it has started — HTTP requests in flight, the Kafka batch
 * being consumed (its offsets committed), activities being executed — and exit 0, so nothing is lost or redone.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Topics } from '@simpul/contracts';
import { createKafka, type KafkaClient } from '@simpul/messaging';
import { birthApplication } from '@simpul/testing';
import { PORTAL, sandboxAdmin, submit, waitForApplication, type ApplicationView } from '../support/api';
import { eventually, testConfig, token } from '../support/env';
import { RunningSystem } from '../support/system';

const config = testConfig();
const admin = sandboxAdmin(config.sandbox.adminKey);
const system = new RunningSystem();
const step = (a: ApplicationView, id: string) => a.steps.find((s) => s.stepId === id);
let kafka: KafkaClient;
let ds: DataSource;
let portal: string;

beforeAll(async () => {
  await system.start();
  kafka = createKafka(config.kafkaBrokers, 'simpul-shutdown-test');
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl, extra: { max: 2 } }).initialize();
  portal = await token('portal', `portal-shutdown-${randomUUID()}`);
}, 180_000);
afterAll(async () => {
  await admin.clearFaults().catch(() => undefined);
  await system.stop();
  await ds?.destroy();
});

afterEach(async () => {
  // A failed test may leave an app stopped; the next one needs the whole system.
  for (const spec of system.specs) if (system.pid(spec.name) === undefined) await system.startApp(spec.name);
});

const completed = (id: string) => waitForApplication(portal, id, (a) => a.status === 'COMPLETED', `application ${id} to complete`);

describe('SIGTERM', () => {
  it('portal-api answers every request it has received before it exits, and exits 0', async () => {
    const body = JSON.stringify(birthApplication('birth-auto', 'Tenang Anak'));
    const outcomes: Array<{ status: number | string; id?: string; afterSignal: boolean }> = [];
    let signalled = false;
    let firstAnswer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (firstAnswer = resolve));
    const requests = Array.from({ length: 48 }, async (_, i) => {
      try {
        const res = await fetch(`${PORTAL}/v1/applications`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${portal}`, 'Content-Type': 'application/json', 'Idempotency-Key': `shutdown-${randomUUID()}-${i}` },
          body,
          signal: AbortSignal.timeout(20_000),
        });
        const json = (await res.json()) as { id?: string };
        outcomes.push({ status: res.status, id: json.id, afterSignal: signalled });
        firstAnswer();
      } catch (err) {
        outcomes.push({ status: (err as { cause?: { code?: string } }).cause?.code ?? 'error', afterSignal: signalled });
        firstAnswer();
      }
    });
    // Signal while the burst is being served: at the first answer (not at a later poll: intake is fast enough for
    // the whole burst to be answered between two polls), with the rest still in flight.
    await answered;
    signalled = true;
    const exit = system.signal('portal-api', 'SIGTERM');
    await Promise.all(requests);
    expect(await exit).toMatchObject({ code: 0 });

    // A request is either answered 202 or (never having reached the server) refused at connect: never a 5xx or a
    // connection dropped half-way.
    expect(outcomes.filter((o) => o.status !== 202 && o.status !== 'ECONNREFUSED')).toEqual([]);
    expect(outcomes.filter((o) => o.status === 202 && o.afterSignal).length).toBeGreaterThan(0);

    // Every answered application was committed (with its outbox row): the relay of the next portal-api sends it on.
    const ids = outcomes.filter((x) => x.id).map((x) => x.id as string);
    expect((await ds.query('SELECT count(*)::int AS n FROM applications WHERE id = ANY($1::uuid[])', [ids]))[0].n).toBe(ids.length);
    await system.startApp('portal-api');
    // ... and each goes on to complete. Waiting here also keeps this burst out of the tests below, which count the
    // calls an agency receives.
    for (const id of ids) await completed(id);
  });

  it('status-projector finishes its batch and commits its offsets before it exits 0: nothing applied is re-delivered', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await submit(portal, birthApplication('birth-auto', `Batch ${'abcdefghijkl'[i]}`))).body.id);
    // Signal while status events of these applications are being projected.
    await eventually(async () => ((await ds.query('SELECT count(*)::int AS n FROM application_events WHERE application_id = ANY($1::uuid[])', [ids]))[0].n > 10 ? true : undefined), 'projection under way', 60_000);
    const exit = await system.signal('status-projector', 'SIGTERM');
    expect(exit.code).toBe(0);

    // Every message past the committed offsets must be one the projector has not applied yet.
    const admin = kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId: `${config.consumerGroupPrefix}.status-projector`, topics: [Topics.status] });
    const ends = await admin.fetchTopicOffsets(Topics.status);
    await admin.disconnect();
    const uncommitted: string[] = [];
    const consumer = kafka.consumer({ groupId: `shutdown-check-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.status, fromBeginning: true });
    const from = new Map(committed.partitions.map((p) => [p.partition, BigInt(p.offset)]));
    const remaining = new Map(ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]));
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (BigInt(message.offset) >= (from.get(partition) ?? 0n)) uncommitted.push(JSON.parse(message.value?.toString() ?? '{}').eventId ?? '');
        if (BigInt(message.offset) + 1n >= (remaining.get(partition) ?? 0n)) remaining.delete(partition);
      },
    });
    await eventually(async () => (remaining.size === 0 ? true : undefined), 'the status topic read to its end', 60_000);
    await consumer.disconnect();
    const applied = await ds.query('SELECT count(*)::int AS n FROM application_events WHERE event_id = ANY($1)', [uncommitted]);
    expect(applied[0].n).toBe(0);

    await system.startApp('status-projector');
    for (const id of ids) await completed(id);
  });

  it('an agency-worker finishes the activity it is running before it exits 0: the activity runs once', async () => {
    await admin.setFault('bpjs-health', { latencyMs: 2_500 });
    const callsBefore = (await admin.faults()).body['bpjs-health']?.calls ?? 0;
    const membersBefore = (await admin.records()).body['bpjs-health'].members;
    const accepted = await submit(portal, birthApplication('birth-auto', 'Pekerja Anak'));
    await eventually(async () => (((await admin.faults()).body['bpjs-health']?.calls ?? 0) > callsBefore ? true : undefined), 'the BPJS call in flight', 60_000);
    const exit = await system.signal('agency-worker:bpjs-health', 'SIGTERM');
    expect(exit.code).toBe(0);
    await admin.clearFaults();

    const app = await waitForApplication(portal, accepted.body.id, (a) => step(a, 'enrol-newborn')?.status === 'COMPLETED', 'the enrolment finished by the stopping worker');
    expect(step(app, 'enrol-newborn')?.references.bpjsCardNumber).toMatch(/^\d{13}$/);
    await system.startApp('agency-worker:bpjs-health');
    await completed(accepted.body.id);
    // One run of the activity is two calls: BPJS keeps no idempotency key, so the adapter asks for the member first
    // (not there) and then enrols. A second run would add a third call (the member found, nothing enrolled).
    expect(((await admin.faults()).body['bpjs-health']?.calls ?? 0) - callsBefore).toBe(2);
    expect((await admin.records()).body['bpjs-health'].members - membersBefore).toBe(1);
  });

  it('the orchestrator stops its consumer and its workflow worker and exits 0', async () => {
    const exit = await system.signal('orchestrator', 'SIGTERM');
    expect(exit.code).toBe(0);
    await system.startApp('orchestrator');
    const accepted = await submit(portal, birthApplication('birth-auto', 'Akhir Anak'));
    await completed(accepted.body.id);
  });
});
