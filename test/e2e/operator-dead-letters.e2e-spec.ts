/**
 * Dead letters in the operator console, with real poison: raw bytes written by a real producer onto the topics the
 * system consumes. The consumer dead-letters them, the back office indexes the dead-letter topic, an operator lists
 * them (error and origin), replays one (it fails again while the cause is there), fixes the cause, replays it again
 * (it is applied, exactly once), and discards another with a reason.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Topics } from '@simpul/contracts';
import { createKafka, createProducer, newEnvelope, type KafkaProducer } from '@simpul/messaging';
import { BACKOFFICE, http } from '../support/api';
import { eventually, testConfig, token } from '../support/env';

const config = testConfig();
const DL = `${BACKOFFICE}/v1/operator/dead-letters`;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let producer: KafkaProducer;
let ds: DataSource;
let operator: string;

beforeAll(async () => {
  producer = await createProducer(createKafka(config.kafkaBrokers, 'simpul-dead-letter-test'));
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
  operator = await token('operator', 'operator-dewi');
});
afterAll(async () => {
  await producer.disconnect();
  await ds.destroy();
});

async function produceRaw(topic: string, key: string, value: Buffer): Promise<{ partition: number; offset: string }> {
  const [meta] = await producer.send({ topic, acks: -1, messages: [{ key, value }] });
  return { partition: meta.partition, offset: meta.baseOffset ?? '-1' };
}

/** The open dead letters of one message key, newest first, once `count` of them are indexed. */
function deadLettersOf(key: string, count: number): Promise<Json[]> {
  return eventually(async () => {
    const res = await http<Json>('GET', `${DL}?key=${key}`, { token: operator });
    return res.status === 200 && res.body.items.length >= count ? (res.body.items as Json[]) : undefined;
  }, `${count} dead letter(s) of ${key}`, 60_000);
}

describe('dead letters: list, replay after a fix, discard', () => {
  it('lists a status event of an unknown application with its error and origin; replays it, fixes the cause, replays it once more and it is applied', async () => {
    const applicationId = randomUUID();
    const event = newEnvelope('StepStatusChanged', applicationId, `corr-${randomUUID()}`, {
      seq: 1,
      stepId: 'register-birth',
      agency: 'civil-registry',
      status: 'RUNNING',
      definitionVersion: 3,
      message: { id: 'Sedang diproses.', en: 'Being processed.' },
    }, `application-${applicationId}:1`);
    const origin = await produceRaw(Topics.status, applicationId, Buffer.from(JSON.stringify(event)));

    const [first] = await deadLettersOf(applicationId, 1);
    expect(first).toMatchObject({
      status: 'OPEN',
      error: expect.stringContaining('unknown application'),
      consumerGroup: 'simpul.status-projector',
      origin: { topic: Topics.status, partition: origin.partition, offset: origin.offset },
      applicationId,
      replayable: true,
      replayOf: null,
    });

    // Replayed before the cause is fixed: the projector refuses it again, and it comes back linked to the first.
    const early = await http<Json>('POST', `${DL}/${first.id}/replay`, { token: operator, body: { reason: 'projector redeployed; try again' } });
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ status: 'REPLAYED', replayedTo: { topic: Topics.status } });
    const [second] = await deadLettersOf(applicationId, 2);
    expect(second).toMatchObject({ status: 'OPEN', replayOf: first.id, error: expect.stringContaining('unknown application') });
    const twice = await http<Json>('POST', `${DL}/${first.id}/replay`, { token: operator, body: { reason: 'projector redeployed; try again' } });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toContain('REPLAYED');

    // The fix: the application row is restored (it had been lost), so the event now has somewhere to go.
    await ds.query(
      `INSERT INTO applications (id, life_event, definition_version, status, applicant_ref, channel, client_id, idempotency_key, request_hash, correlation_id, data)
       VALUES ($1, 'BIRTH', 3, 'SUBMITTED', 'restored', 'SELF', 'restore', $2, 'restored', $3, '{}')`,
      [applicationId, `restore-${applicationId}`, event.correlationId],
    );
    const bulk = await http<Json>('POST', `${DL}/replay`, { token: operator, body: { ids: [second.id, first.id, 999_999_999], reason: 'application row restored from backup' } });
    expect(bulk.status).toBe(200);
    expect(bulk.body).toMatchObject({ replayed: 1, refused: 2 });
    expect(bulk.body.results.map((r: Json) => [r.id, r.outcome, r.httpStatus ?? 200])).toEqual([
      [second.id, 'REPLAYED', 200],
      [first.id, 'REFUSED', 409],
      [999_999_999, 'REFUSED', 404],
    ]);
    await eventually(async () => ((await ds.query('SELECT 1 FROM application_events WHERE event_id = $1', [event.eventId])).length ? true : undefined), 'the replayed event to be projected');
    const [projected] = await ds.query('SELECT status FROM application_steps WHERE application_id = $1 AND step_id = $2', [applicationId, 'register-birth']);
    expect(projected.status).toBe('RUNNING');
    // No third dead letter: the replay succeeded.
    await new Promise((r) => setTimeout(r, 2000));
    const all = await http<Json>('GET', `${DL}?key=${applicationId}`, { token: operator });
    expect(all.body.items.map((d: Json) => d.status).sort()).toEqual(['REPLAYED', 'REPLAYED']);

    const actions: Array<{ target: string; outcome: string }> = await ds.query(
      `SELECT target, outcome FROM operator_actions WHERE action = 'REPLAY_DEAD_LETTER' AND target = ANY($1) ORDER BY created_at`,
      [[String(first.id), String(second.id)]],
    );
    expect(actions.map((a) => `${a.target}:${a.outcome}`)).toEqual([`${first.id}:ACCEPTED`, `${first.id}:REFUSED`, `${second.id}:ACCEPTED`, `${first.id}:REFUSED`]);
    const trail: Array<{ target: string; outcome: string }> = await ds.query(
      `SELECT subject->>'target' AS target, details->>'outcome' AS outcome FROM audit_entries WHERE action = 'operator.replay-dead-letter' AND subject->>'target' = ANY($1) ORDER BY seq`,
      [[String(first.id), String(second.id)]],
    );
    expect(trail.map((a) => `${a.target}:${a.outcome}`)).toEqual([`${first.id}:ACCEPTED`, `${first.id}:REFUSED`, `${second.id}:ACCEPTED`, `${first.id}:REFUSED`]);
  });

  it('shows a poison submission masked, discards it with a reason, and refuses to replay or discard it again', async () => {
    const key = randomUUID();
    const nik = '3273014506900001';
    const poison = newEnvelope('ApplicationSubmitted', key, `corr-${randomUUID()}`, { lifeEvent: 'ADOPTION', definitionVersion: 1, channel: 'SELF', data: { childNik: nik, parentName: 'Agus' } });
    const origin = await produceRaw(Topics.submitted, key, Buffer.from(JSON.stringify(poison)));
    const [letter] = await deadLettersOf(key, 1);
    expect(letter).toMatchObject({ consumerGroup: 'simpul.orchestrator', origin: { topic: Topics.submitted, partition: origin.partition, offset: origin.offset }, error: expect.stringContaining('life event') });

    const one = await http<Json>('GET', `${DL}/${letter.id}`, { token: await token('auditor', 'auditor-x') });
    expect(one.status).toBe(200);
    expect(one.body.valuePreview.payload.data).toEqual({ childNik: `************${nik.slice(-4)}`, parentName: '[masked]' });
    expect(JSON.stringify(one.body)).not.toContain(nik);

    const noReason = await http<Json>('POST', `${DL}/${letter.id}/discard`, { token: operator, body: {} });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].field).toBe('reason');
    const discarded = await http<Json>('POST', `${DL}/${letter.id}/discard`, { token: operator, body: { reason: 'ADOPTION is not a life event we offer' } });
    expect(discarded.status).toBe(200);
    expect(discarded.body).toMatchObject({ id: letter.id, status: 'DISCARDED' });
    expect((await http('POST', `${DL}/${letter.id}/discard`, { token: operator, body: { reason: 'ADOPTION is not a life event we offer' } })).status).toBe(409);
    expect((await http('POST', `${DL}/${letter.id}/replay`, { token: operator, body: { reason: 'ADOPTION is not a life event we offer' } })).status).toBe(409);
    const after = await http<Json>('GET', `${DL}/${letter.id}`, { token: operator });
    expect(after.body.discarded).toMatchObject({ by: 'operator-dewi', reason: 'ADOPTION is not a life event we offer' });
    const listed = await http<Json>('GET', `${DL}?status=DISCARDED&originTopic=${Topics.submitted}&limit=200`, { token: operator });
    expect(listed.body.items.map((d: Json) => d.id)).toContain(letter.id);
  });

  it('refuses a bad filter with a problem naming the field', async () => {
    const res = await http<Json>('GET', `${DL}?status=GONE`, { token: operator });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('status');
  });
});
