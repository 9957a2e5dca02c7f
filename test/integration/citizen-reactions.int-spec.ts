/**
 * What the status projector writes beside the read model, in the same transaction, on the real PostgreSQL: the
 * citizen notification (outbox → notifications.citizen.v1), the webhook deliveries of the submitting portal, and the
 * NOTIFY that wakes portal-api; each once per status event, however often the event is delivered.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APPLICATION_EVENTS_NOTIFY_CHANNEL, Topics, notificationEventId, type StatusEvent } from '@simpul/contracts';
import { newEnvelope, type InboundMessage } from '@simpul/messaging';
import { eventually } from '../support/env';
import { StatusProjection } from '../../apps/status-projector/src/status-projection';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database';

// A database of its own: no portal-api relays these made-up applications' outbox rows, and no delivery worker tries
// their made-up webhooks.
let scratch: ScratchDatabase;
let ds: DataSource;
let projection: StatusProjection;

beforeAll(async () => {
  scratch = await scratchDatabase('reactions');
  ds = scratch.ds;
  projection = new StatusProjection(ds);
});
afterAll(() => scratch?.drop());

async function newApplication(clientId: string): Promise<string> {
  const id = randomUUID();
  await ds.query(
    `INSERT INTO applications (id, life_event, definition_version, status, applicant_ref, channel, client_id, idempotency_key, request_hash, correlation_id, data)
     VALUES ($1, 'BIRTH', 3, 'SUBMITTED', 'ref', 'SELF', $2, $3, 'h', 'corr-1', '{}')`,
    [id, clientId, `key-${id}`],
  );
  return id;
}

async function newWebhook(clientId: string): Promise<string> {
  const id = randomUUID();
  await ds.query(`INSERT INTO webhooks (id, client_id, url, secret_sealed, secret_hint) VALUES ($1, $2, 'http://127.0.0.1:9/x', 'v1.x.y.z', 'abcd')`, [id, clientId]);
  return id;
}

const message = (event: StatusEvent): InboundMessage =>
  ({ topic: 'applications.status.v1', partition: 0, key: event.applicationId, value: Buffer.from(JSON.stringify(event)), offset: '0', headers: {} });

const event = (applicationId: string, seq: number, type: StatusEvent['type'], payload: Record<string, unknown>) =>
  ({ ...newEnvelope(type, applicationId, 'corr-1', { seq, ...payload }), eventId: `application-${applicationId}:${seq}` }) as StatusEvent;

const stepEvent = (applicationId: string, seq: number, status: string, extra: Record<string, unknown> = {}) =>
  event(applicationId, seq, 'StepStatusChanged', {
    stepId: 'register-birth',
    agency: 'civil-registry',
    status,
    definitionVersion: 3,
    message: { id: 'Akta kelahiran untuk Putri Ayu terbit', en: 'Certificate for Putri Ayu issued' },
    ...extra,
  });

describe('status projector reactions', () => {
  it('queues one citizen notification per relevant change, with a deterministic id and no personal data', async () => {
    const id = await newApplication(`portal-${randomUUID()}`);
    const running = stepEvent(id, 2, 'RUNNING');
    const completed = stepEvent(id, 3, 'COMPLETED', { reference: '3174-LU-1', outputs: { birthCertificateNumber: '3174-LU-1', childNik: '3174024101260001' } });
    const final = event(id, 4, 'ApplicationStatusChanged', { status: 'COMPLETED' });
    for (const e of [event(id, 1, 'ApplicationStatusChanged', { status: 'IN_PROGRESS' }), running, completed, completed, final, final]) await projection.handle(message(e));

    const rows: Array<{ topic: string; message_key: string; value: { eventId: string; payload: Record<string, unknown> }; headers: Record<string, string> }> = await ds.query(
      'SELECT topic, message_key, value, headers FROM outbox WHERE message_key = $1 ORDER BY id',
      [id],
    );
    expect(rows.map((r) => r.value.eventId)).toEqual([`application-${id}:1`, `application-${id}:3`, `application-${id}:4`].map(notificationEventId));
    expect(rows.every((r) => r.topic === Topics.notifications && r.message_key === id && r.headers['x-event-id'] === r.value.eventId)).toBe(true);
    expect(rows[1].value.payload).toMatchObject({
      statusEventType: 'StepStatusChanged',
      seq: 3,
      applicationStatus: 'IN_PROGRESS',
      step: { stepId: 'register-birth', agency: 'civil-registry', status: 'COMPLETED' },
      title: { id: 'Pencatatan kelahiran dan akta: selesai.', en: 'Birth registration and certificate: done.' },
      channels: ['IN_APP', 'EMAIL'],
      deepLink: `simpul://applications/${id}`,
    });
    expect(rows[2].value.payload).toMatchObject({ applicationStatus: 'COMPLETED', channels: ['IN_APP', 'EMAIL', 'SMS'], priority: 'HIGH' });
    const text = JSON.stringify(rows);
    for (const personal of ['Putri Ayu', '3174024101260001', '3174-LU-1']) expect(text).not.toContain(personal);
  });

  it('queues deliveries only for the webhooks of the portal that submitted the application, once per event', async () => {
    const owner = `portal-${randomUUID()}`;
    const id = await newApplication(owner);
    const mine = await newWebhook(owner);
    const theirs = await newWebhook(`portal-${randomUUID()}`);
    const e = stepEvent(id, 1, 'PENDING');
    await projection.handle(message(e));
    await projection.handle(message(e));
    const rows: Array<{ webhook_id: string; event_id: string; seq: number; status: string; payload: Record<string, unknown> }> = await ds.query(
      'SELECT webhook_id, event_id, seq, status, payload FROM webhook_deliveries WHERE application_id = $1',
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ webhook_id: mine, event_id: e.eventId, seq: 1, status: 'PENDING' });
    expect(rows[0].payload).toMatchObject({ eventId: e.eventId, type: 'StepStatusChanged', applicationId: id, lifeEvent: 'BIRTH', links: { application: `/v1/applications/${id}` } });
    expect(JSON.stringify(rows[0].payload)).not.toContain('Putri Ayu');
    expect(rows.some((r) => r.webhook_id === theirs)).toBe(false);
  });

  it('announces each committed change on the NOTIFY channel with the application id only', async () => {
    const id = await newApplication(`portal-${randomUUID()}`);
    const listener = new Client({ connectionString: scratch.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    await listener.query(`LISTEN ${APPLICATION_EVENTS_NOTIFY_CHANNEL}`);
    try {
      await projection.handle(message(stepEvent(id, 1, 'PENDING')));
      await projection.handle(message(stepEvent(id, 1, 'PENDING')));
      // Notifications arrive in commit order: once a later application's is heard, a second one for `id` would have been.
      const later = await newApplication(`portal-${randomUUID()}`);
      await projection.handle(message(stepEvent(later, 1, 'PENDING')));
      await eventually(async () => (heard.includes(later) ? true : undefined), 'the later application\'s notification');
      expect(heard.filter((h) => h === id)).toEqual([id]);
    } finally {
      await listener.end();
    }
  });
});
