/**
 * Live updates and citizen notifications through the running system: GET /v1/applications/:id/events as Server-Sent
 * Events resumed across many reconnects with Last-Event-ID (nothing lost, nothing twice), heartbeats, the end of the
 * stream; and notifications.citizen.v1 with one notification per citizen-relevant change and no personal data.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEMO_FAMILIES, birthApplication } from '@simpul/testing';
import { Topics, notificationEventId } from '@simpul/contracts';
import { createKafka } from '@simpul/messaging';
import { PORTAL, submit, waitForApplication, type ApplicationView, claimAndDecide } from '../support/api';
import { eventually, testConfig, token } from '../support/env';

const config = testConfig();
let ds: DataSource;
let portal: string;
beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
  portal = await token('portal', `portal-events-${randomUUID()}`);
});
afterAll(() => ds.destroy());

interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** A minimal EventSource over fetch: Authorization and Last-Event-ID headers, one message at a time. */
class SseClient {
  private buffer = '';
  private readonly messages: SseMessage[] = [];
  private pending: ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']> | undefined;
  private ended = false;
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  private constructor(
    readonly res: Response,
    private readonly abort: AbortController,
  ) {
    this.reader = res.body?.getReader();
  }

  static async open(applicationId: string, bearer: string, lastEventId?: number, viaQuery = false): Promise<SseClient> {
    const abort = new AbortController();
    const headers: Record<string, string> = { Authorization: `Bearer ${bearer}`, Accept: 'text/event-stream' };
    if (lastEventId !== undefined && !viaQuery) headers['Last-Event-ID'] = String(lastEventId);
    const query = lastEventId !== undefined && viaQuery ? `?lastEventId=${lastEventId}` : '';
    const res = await fetch(`${PORTAL}/v1/applications/${applicationId}/events${query}`, { headers, signal: abort.signal });
    return new SseClient(res, abort);
  }

  /** The next message (comments included), or null when the server ended the stream. */
  async next(timeoutMs = 30_000): Promise<SseMessage | null> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length === 0) {
      if (this.ended || !this.reader) return null;
      this.pending ??= this.reader.read();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))));
      const result = await Promise.race([this.pending, timeout]);
      clearTimeout(timer);
      if (result === 'timeout') throw new Error(`no SSE message within ${timeoutMs} ms`);
      this.pending = undefined;
      if (result.done) this.ended = true;
      else this.parse(this.decoder.decode(result.value, { stream: true }));
    }
    return this.messages.shift() as SseMessage;
  }

  /** The next data event (skipping comments), or the end event, or null. */
  async nextEvent(timeoutMs?: number): Promise<SseMessage | null> {
    for (;;) {
      const m = await this.next(timeoutMs);
      if (!m || m.data !== undefined) return m;
    }
  }

  close(): void {
    this.pending?.catch(() => undefined);
    this.abort.abort();
  }

  private parse(chunk: string): void {
    this.buffer += chunk;
    const blocks = this.buffer.split('\n\n');
    this.buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const m: SseMessage = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) m.comment = line.slice(1).trim();
        else if (line.startsWith('id: ')) m.id = line.slice(4);
        else if (line.startsWith('event: ')) m.event = line.slice(7);
        else if (line.startsWith('data: ')) m.data = (m.data === undefined ? '' : `${m.data}\n`) + line.slice(6);
      }
      if (m.comment !== undefined || m.data !== undefined) this.messages.push(m);
    }
  }
}

interface StreamedEvent {
  seq: number;
  eventId: string;
  type: string;
  applicationStatus?: string;
  step?: { stepId: string; status: string | null; waitingFor: string | null };
  message: { id: string; en: string };
}

const step = (a: ApplicationView, id: string) => a.steps.find((s) => s.stepId === id);

describe('GET /v1/applications/:id/events (Server-Sent Events)', () => {
  it('resumes with Last-Event-ID across many reconnects without losing or repeating an event, then ends', async () => {
    const accepted = await submit(portal, birthApplication('birth-officer', 'Arum Rahmawati'));
    const id = accepted.body.id;
    const received: StreamedEvent[] = [];
    let last: number | undefined;
    let reconnects = 0;
    let decided = false;
    let ended = false;
    const officer = await token('officer', 'officer-kemensos-sse', 'social-aid');

    while (!ended) {
      // Alternate header and query, read at most two events, then drop the connection.
      const stream = await SseClient.open(id, portal, last, reconnects % 2 === 1);
      if (stream.res.status === 204) break; // the last event was the final one: nothing more will come
      expect(stream.res.status).toBe(200);
      expect(stream.res.headers.get('content-type')).toContain('text/event-stream');
      reconnects += 1;
      for (let i = 0; i < 2; i++) {
        const m = await stream.nextEvent(60_000);
        if (!m || m.event === 'end') {
          ended = true;
          break;
        }
        const event = JSON.parse(m.data as string) as StreamedEvent;
        expect(m.id).toBe(String(event.seq));
        received.push(event);
        last = event.seq;
        if (!decided && event.step?.stepId === 'assess-family' && event.step.status === 'WAITING_FOR_OFFICER') {
          const res = await claimAndDecide(officer, `${id}:assess-family`, { outcome: 'APPROVE', reason: 'verified' });
          expect(res.status).toBe(200);
          decided = true;
        }
      }
      stream.close();
    }

    const recorded: Array<{ seq: number; event_id: string }> = await ds.query('SELECT seq, event_id FROM application_events WHERE application_id = $1 ORDER BY seq', [id]);
    expect(received.map((e) => e.seq)).toEqual(recorded.map((r) => r.seq));
    expect(received.map((e) => e.seq)).toEqual(Array.from({ length: recorded.length }, (_, i) => i + 1));
    expect(received.map((e) => e.eventId)).toEqual(recorded.map((r) => r.event_id));
    expect(reconnects).toBeGreaterThan(5);
    expect(received[received.length - 1]).toMatchObject({ type: 'ApplicationStatusChanged', applicationStatus: 'COMPLETED' });
    // Who each step waited for, as the timeline says it.
    expect(received.filter((e) => e.step?.status === 'RUNNING').every((e) => e.step?.waitingFor === 'agency')).toBe(true);
    expect(received.find((e) => e.step?.status === 'WAITING_FOR_OFFICER')?.step?.waitingFor).toBe('officer');
    for (const e of received) expect(e.message).toEqual({ id: expect.stringMatching(/\S/), en: expect.stringMatching(/\S/) });

    // Everything was seen: the server says so (204), so an EventSource stops reconnecting.
    const done = await SseClient.open(id, portal, last);
    expect(done.res.status).toBe(204);
  });

  it('sends history, then waits with heartbeats, then new events as they are projected, then closes', async () => {
    const accepted = await submit(portal, birthApplication('birth-officer', 'Bening Rahmawati'));
    const id = accepted.body.id;
    await waitForApplication(portal, id, (a) => step(a, 'assess-family')?.status === 'WAITING_FOR_OFFICER' && step(a, 'enrol-newborn')?.status === 'COMPLETED', 'the officer wait');
    const stream = await SseClient.open(id, portal);
    const seen: number[] = [];
    const [{ n: recorded }] = await ds.query('SELECT count(*)::int AS n FROM application_events WHERE application_id = $1', [id]);
    while (seen.length < recorded) seen.push(Number((await stream.nextEvent())?.id));
    // Idle: a heartbeat comment within the heartbeat interval (15 s), possibly after the SLA escalation event.
    let heartbeat = false;
    for (let i = 0; i < 3 && !heartbeat; i++) {
      const m = await stream.next(20_000);
      if (m?.comment === 'heartbeat') heartbeat = true;
      else if (m?.data) seen.push(Number(m.id));
    }
    expect(heartbeat).toBe(true);

    const officer = await token('officer', 'officer-kemensos-sse', 'social-aid');
    expect((await claimAndDecide(officer, `${id}:assess-family`, { outcome: 'REJECT', reason: 'income above threshold' })).status).toBe(200);
    let end: SseMessage | null = null;
    for (;;) {
      const m = await stream.nextEvent(60_000);
      if (!m || m.event === 'end') {
        end = m;
        break;
      }
      seen.push(Number(m.id));
    }
    expect(end?.event).toBe('end');
    expect(JSON.parse(end?.data as string)).toMatchObject({ applicationId: id, status: 'COMPLETED', lastEventId: seen.length });
    expect(await stream.next(5_000)).toBeNull();
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
  });

  it('is refused without a token, with a malformed Last-Event-ID, and to another citizen', async () => {
    const owner = await token('citizen', DEMO_FAMILIES.member.mother.nik);
    const accepted = await submit(owner, birthApplication('birth-auto', 'Nirmala'));
    const id = accepted.body.id;
    expect((await fetch(`${PORTAL}/v1/applications/${id}/events`)).status).toBe(401);
    const bad = await fetch(`${PORTAL}/v1/applications/${id}/events`, { headers: { Authorization: `Bearer ${owner}`, 'Last-Event-ID': 'abc' } });
    expect(bad.status).toBe(422);
    const stranger = await token('citizen', DEMO_FAMILIES.eligible.mother.nik);
    expect((await fetch(`${PORTAL}/v1/applications/${id}/events`, { headers: { Authorization: `Bearer ${stranger}` } })).status).toBe(404);
    const own = await SseClient.open(id, owner);
    expect(own.res.status).toBe(200);
    expect(JSON.parse((await own.nextEvent())?.data as string)).toMatchObject({ seq: 1, eventId: `application-${id}:1` });
    own.close();
  });
});

describe('notifications.citizen.v1', () => {
  it('carries one notification per citizen-relevant change, keyed and identified deterministically, without personal data', async () => {
    const childName = `Kirana ${randomUUID().replace(/[^a-f]/g, '').slice(0, 6)}`;
    const accepted = await submit(portal, birthApplication('birth-auto', childName));
    const id = accepted.body.id;
    const app = await waitForApplication(portal, id, (a) => a.status === 'COMPLETED', 'birth-auto to complete');
    // The read model may show COMPLETED before every earlier event of the last batch is stored: wait for no gap.
    const events = await eventually(async () => {
      const rows: Array<{ event_id: string; type: string; status: string | null; seq: number }> = await ds.query(
        `SELECT event_id, type, payload->>'status' AS status, seq FROM application_events WHERE application_id = $1 ORDER BY seq`,
        [id],
      );
      return rows.every((r, i) => Number(r.seq) === i + 1) ? rows : undefined;
    }, 'every status event of the application stored');
    // An SLA breach (its timer can fire on a busy machine, the SLA hour being short in tests) tells the citizen too.
    const relevant = events.filter((e) => e.type === 'ApplicationStatusChanged' || e.type === 'StepSlaBreached' || (e.type === 'StepStatusChanged' && ['COMPLETED', 'WAITING_FOR_OFFICER', 'WAITING_FOR_CITIZEN', 'REJECTED', 'FAILED', 'COMPENSATED'].includes(e.status ?? '')));
    const expected = relevant.map((e) => notificationEventId(e.event_id)).sort();

    const kafka = createKafka(config.kafkaBrokers, `test-notifications-${randomUUID()}`);
    const consumer = kafka.consumer({ groupId: `test-notifications-${randomUUID()}` });
    const got: Array<{ key: string; value: Record<string, unknown>; raw: string }> = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: Topics.notifications, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() !== id) return;
          const raw = message.value?.toString() ?? '';
          got.push({ key: id, value: JSON.parse(raw), raw });
        },
      });
      await eventually(async () => (got.length >= expected.length ? true : undefined), 'the notifications of the application', 60_000);
      await new Promise((r) => setTimeout(r, 1000)); // a duplicate would arrive now
    } finally {
      await consumer.disconnect();
    }

    expect(got.map((m) => m.value.eventId).sort()).toEqual(expected);
    const completed = got.find((m) => (m.value.payload as { applicationStatus: string; statusEventType: string }).statusEventType === 'ApplicationStatusChanged' && (m.value.payload as { applicationStatus: string }).applicationStatus === 'COMPLETED');
    expect(completed?.value).toMatchObject({
      type: 'CitizenNotification',
      applicationId: id,
      payload: {
        lifeEvent: 'BIRTH',
        deepLink: `simpul://applications/${id}`,
        channels: ['IN_APP', 'EMAIL', 'SMS'],
        priority: 'HIGH',
        actionRequired: false,
        title: { id: 'Permohonan Kelahiran Anda selesai.', en: 'Your birth application is complete.' },
      },
    });
    const registration = app.steps.find((s) => s.stepId === 'register-birth');
    const personal = [DEMO_FAMILIES.member.mother.nik, DEMO_FAMILIES.member.father.nik, DEMO_FAMILIES.member.kkNumber, childName, registration?.references.childNik, registration?.references.birthCertificateNumber];
    for (const m of got) for (const value of personal) expect(m.raw).not.toContain(value as string);
    expect((await ds.query('SELECT count(*)::int AS n FROM outbox WHERE message_key = $1', [id]))[0].n).toBe(0);
  });
});
