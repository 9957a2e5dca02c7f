/** The status projection on the real PostgreSQL read model: once in effect, in sequence, poison refused. */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { StatusEvent } from '@simpul/contracts';
import { newEnvelope, PoisonMessageError, type InboundMessage } from '@simpul/messaging';
import { StatusProjection } from '../../apps/status-projector/src/status-projection';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database';

let scratch: ScratchDatabase;
let ds: DataSource;
let projection: StatusProjection;

beforeAll(async () => {
  scratch = await scratchDatabase('projection');
  ds = scratch.ds;
  projection = new StatusProjection(ds);
});
afterAll(() => scratch?.drop());

async function newApplication(): Promise<string> {
  const id = randomUUID();
  await ds.query(
    `INSERT INTO applications (id, life_event, definition_version, status, applicant_ref, channel, client_id, idempotency_key, request_hash, correlation_id, data)
     VALUES ($1, 'BIRTH', 1, 'SUBMITTED', 'ref', 'SELF', 'test', $2, 'h', 'c', '{}')`,
    [id, `key-${id}`],
  );
  return id;
}

function message(event: StatusEvent | Record<string, unknown>, raw?: string): InboundMessage {
  return { topic: 'applications.status.v1', partition: 0, key: String((event as { applicationId?: string }).applicationId ?? 'x'), value: Buffer.from(raw ?? JSON.stringify(event)), offset: '0', headers: {} };
}

const stepEvent = (applicationId: string, seq: number, status: string, extra: Record<string, unknown> = {}) =>
  ({
    ...newEnvelope('StepStatusChanged', applicationId, 'c', {
      seq,
      stepId: 'register-birth',
      agency: 'civil-registry',
      status,
      definitionVersion: 1,
      message: { id: `status ${status}`, en: `status ${status}` },
      ...extra,
    }),
    eventId: `application-${applicationId}:${seq}`,
  }) as StatusEvent;

describe('status projection', () => {
  it('applies each event once and never lets an older event overwrite a newer one', async () => {
    const id = await newApplication();
    const running = stepEvent(id, 2, 'RUNNING');
    const completed = stepEvent(id, 3, 'COMPLETED', { reference: 'AKTA-1', outputs: { birthCertificateNumber: 'AKTA-1' } });
    await projection.handle(message(completed));
    await projection.handle(message(running));
    await projection.handle(message(completed));
    const [step] = await ds.query('SELECT status, reference, outputs, seq, started_at, completed_at FROM application_steps WHERE application_id = $1', [id]);
    expect(step).toMatchObject({ status: 'COMPLETED', reference: 'AKTA-1', outputs: { birthCertificateNumber: 'AKTA-1' }, seq: 3 });
    expect(step.completed_at).not.toBeNull();
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM application_events WHERE application_id = $1', [id]);
    expect(n).toBe(2);
  });

  it('applies several events in one transaction, and none of them when one is poison', async () => {
    const id = await newApplication();
    await projection.handleMany([message(stepEvent(id, 1, 'PENDING')), message(stepEvent(id, 2, 'RUNNING')), message(stepEvent(id, 3, 'COMPLETED'))]);
    const [step] = await ds.query('SELECT status, seq FROM application_steps WHERE application_id = $1', [id]);
    expect(step).toMatchObject({ status: 'COMPLETED', seq: 3 });

    const other = await newApplication();
    await expect(projection.handleMany([message(stepEvent(other, 1, 'PENDING')), message({}, '{not json')])).rejects.toThrow(PoisonMessageError);
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM application_events WHERE application_id = $1', [other]);
    expect(n).toBe(0);
  });

  it("tells each event's reactions the application status as it was after that event, within one batch", async () => {
    const id = await newApplication();
    const app = (seq: number, status: string) => ({ ...newEnvelope('ApplicationStatusChanged', id, 'c', { seq, status }), eventId: `application-${id}:${seq}` }) as StatusEvent;
    await projection.handleMany([message(app(1, 'IN_PROGRESS')), message(stepEvent(id, 2, 'COMPLETED')), message(app(3, 'COMPLETED'))]);
    const notices: Array<{ value: { payload: { seq: number; applicationStatus: string } } }> = await ds.query(
      `SELECT value FROM outbox WHERE message_key = $1 AND topic = 'notifications.citizen.v1' ORDER BY id`,
      [id],
    );
    expect(notices.map((n) => [n.value.payload.seq, n.value.payload.applicationStatus])).toEqual([
      [1, 'IN_PROGRESS'],
      [2, 'IN_PROGRESS'],
      [3, 'COMPLETED'],
    ]);
  });

  it('moves the application status forward only', async () => {
    const id = await newApplication();
    const app = (seq: number, status: string, reason?: Record<string, string>) =>
      ({ ...newEnvelope('ApplicationStatusChanged', id, 'c', { seq, status, ...(reason ? { reason } : {}) }), eventId: `application-${id}:${seq}` }) as StatusEvent;
    await projection.handle(message(app(9, 'REJECTED', { code: 'MOTHER_NIK_UNKNOWN', id: 'ditolak', en: 'rejected' })));
    await projection.handle(message(app(1, 'IN_PROGRESS')));
    const [row] = await ds.query('SELECT status, status_reason, status_seq FROM applications WHERE id = $1', [id]);
    expect(row).toEqual({ status: 'REJECTED', status_reason: { code: 'MOTHER_NIK_UNKNOWN', id: 'ditolak', en: 'rejected' }, status_seq: 9 });
  });

  it.each([
    ['malformed JSON', () => message({}, '{"eventId":'), 'not valid JSON'],
    ['an unknown step status', (id: string) => message(stepEvent(id, 1, 'DANCING')), 'unknown step status DANCING'],
    ['an unknown application', () => message(stepEvent(randomUUID(), 1, 'RUNNING')), 'unknown application'],
    ['a missing sequence', (id: string) => message({ ...stepEvent(id, 1, 'RUNNING'), payload: { status: 'RUNNING' } }), 'payload.seq'],
    ['an application id that is no UUID', () => message(stepEvent('not-a-uuid', 1, 'RUNNING')), 'applicationId is not a UUID'],
  ])('refuses %s as poison', async (_label, build, reason) => {
    const id = await newApplication();
    const attempt = projection.handle(build(id));
    await expect(attempt).rejects.toThrow(PoisonMessageError);
    await expect(projection.handle(build(id))).rejects.toThrow(reason);
  });
});
