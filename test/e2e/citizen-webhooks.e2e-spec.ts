/**
 * Portal webhooks through the running system, to a small HTTP receiver on 127.0.0.1 inside the test: registration,
 * HMAC-SHA256 signatures, retries with exponential backoff, order per application, the delivery log, redelivery, and
 * that a portal hears only of the applications it submitted.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { DEMO_FAMILIES, birthApplication } from '@simpul/testing';
import { PORTAL, http, submit, waitForApplication } from '../support/api';
import { eventually, testConfig, token } from '../support/env';

const config = testConfig();

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  answered: number;
}

/** Records every POST; answers with what `answer` says for it. */
class Receiver {
  readonly requests: Received[] = [];
  private server: Server | undefined;
  answer: (r: Omit<Received, 'answered'>, index: number) => number = () => 200;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
        const answered = this.answer(r, this.requests.filter((x) => x.path === r.path).length);
        this.requests.push({ ...r, answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  on(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

interface Delivery {
  id: string;
  applicationId: string;
  eventId: string;
  type: string;
  seq: number;
  status: string;
  attempts: number;
  redeliveryOf: string | null;
}

const receiver = new Receiver();
let base: string;
let ds: DataSource;
beforeAll(async () => {
  base = await receiver.start();
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
});
afterAll(async () => {
  await receiver.stop();
  await ds.destroy();
});

const sign = (secret: string, timestamp: string, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

describe('POST /v1/webhooks and the deliveries', () => {
  it('delivers every change of the portal\'s application, signed, retried with backoff, in order, and logged; redelivers on request', async () => {
    const portal = await token('portal', `portal-hooks-${randomUUID()}`);
    const otherPortal = await token('portal', `portal-hooks-other-${randomUUID()}`);
    const secret = `s3cret-${randomUUID()}`;
    const path = `/hooks/${randomUUID()}`;
    const otherPath = `/hooks/${randomUUID()}`;
    // The first delivery fails twice (HTTP 500), then everything is accepted.
    receiver.answer = (r, index) => (r.path === path && index < 2 ? 500 : 200);

    const created = await http<{ id: string; url: string; secretHint: string; secret?: string }>('POST', `${PORTAL}/v1/webhooks`, { token: portal, body: { url: `${base}${path}`, secret, description: 'test' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: `${base}${path}`, secretHint: `…${secret.slice(-4)}` });
    expect(created.body.secret).toBeUndefined();
    const [stored] = await ds.query('SELECT secret_sealed FROM webhooks WHERE id = $1', [created.body.id]);
    expect(stored.secret_sealed).not.toContain(secret);
    const other = await http<{ id: string }>('POST', `${PORTAL}/v1/webhooks`, { token: otherPortal, body: { url: `${base}${otherPath}`, secret } });
    expect(other.status).toBe(201);

    const accepted = await submit(portal, birthApplication('birth-auto', 'Puspita'));
    const id = accepted.body.id;
    await waitForApplication(portal, id, (a) => a.status === 'COMPLETED', 'the application to complete');
    const events: Array<{ event_id: string; seq: number }> = await ds.query('SELECT event_id, seq FROM application_events WHERE application_id = $1 ORDER BY seq', [id]);
    const delivered = () => receiver.on(path).filter((r) => r.answered === 200);
    await eventually(async () => (delivered().length >= events.length ? true : undefined), 'every change to be delivered', 60_000);

    // Signed: HMAC-SHA256 over "<timestamp>.<body>" with the portal's secret, fresh timestamps.
    for (const r of receiver.on(path)) {
      const timestamp = r.headers['x-simpul-timestamp'] as string;
      expect(r.headers['x-simpul-signature']).toBe(sign(secret, timestamp, r.body));
      expect(Math.abs(Number(timestamp) - r.at / 1000)).toBeLessThan(30);
      expect(r.headers['content-type']).toBe('application/json');
    }
    // Every status event once, nothing of anyone else's.
    const bodies = delivered().map((r) => JSON.parse(r.body) as { eventId: string; seq: number; applicationId: string; message: { id: string; en: string } });
    expect(bodies.map((b) => b.eventId).sort()).toEqual(events.map((e) => e.event_id).sort());
    expect(bodies.every((b) => b.applicationId === id && b.message.id.length > 0 && b.message.en.length > 0)).toBe(true);
    expect(receiver.on(otherPath)).toEqual([]);
    expect((await ds.query('SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1', [other.body.id]))[0].n).toBe(0);
    for (const value of [DEMO_FAMILIES.member.mother.nik, 'Puspita']) expect(delivered().map((r) => r.body).join('')).not.toContain(value);

    // In order: the first delivery was retried (500, 500, 200) before anything after it went out; then one by one.
    const deliveryIds = receiver.on(path).map((r) => Number(r.headers['x-simpul-delivery']));
    expect(deliveryIds.slice(0, 3)).toEqual([deliveryIds[0], deliveryIds[0], deliveryIds[0]]);
    expect(receiver.on(path).slice(0, 3).map((r) => r.answered)).toEqual([500, 500, 200]);
    const okIds = delivered().map((r) => Number(r.headers['x-simpul-delivery']));
    expect(okIds).toEqual([...okIds].sort((a, b) => a - b));

    // The log: in delivery order, all delivered; the retried one shows its attempts and the backoff between them.
    const log = await http<{ items: Delivery[]; nextAfter: string | null }>('GET', `${PORTAL}/v1/webhooks/${created.body.id}/deliveries?applicationId=${id}&limit=200`, { token: portal });
    expect(log.status).toBe(200);
    expect(log.body.items.map((d) => Number(d.id))).toEqual(okIds);
    expect(log.body.items.every((d) => d.status === 'DELIVERED' && d.applicationId === id)).toBe(true);
    expect(log.body.items[0].attempts).toBe(3);
    const first = await http<Delivery & { attemptLog: Array<{ attempt: number; attemptedAt: string; statusCode: number }> }>(
      'GET', `${PORTAL}/v1/webhooks/${created.body.id}/deliveries/${log.body.items[0].id}`, { token: portal },
    );
    const attempts = first.body.attemptLog;
    expect(attempts.map((a) => [a.attempt, a.statusCode])).toEqual([[1, 500], [2, 500], [3, 200]]);
    const gap = (i: number) => Date.parse(attempts[i].attemptedAt) - Date.parse(attempts[i - 1].attemptedAt);
    expect(gap(1)).toBeGreaterThanOrEqual(1000);
    expect(gap(2)).toBeGreaterThanOrEqual(2000);
    const paged = await http<{ items: Delivery[]; nextAfter: string | null }>('GET', `${PORTAL}/v1/webhooks/${created.body.id}/deliveries?limit=2`, { token: portal });
    expect(paged.body.items).toHaveLength(2);
    const rest = await http<{ items: Delivery[] }>('GET', `${PORTAL}/v1/webhooks/${created.body.id}/deliveries?after=${paged.body.nextAfter}&limit=200`, { token: portal });
    expect([...paged.body.items, ...rest.body.items].map((d) => d.id)).toEqual(log.body.items.map((d) => d.id));

    // Redelivery: the same event again, as a new delivery in the log.
    const again = await http<Delivery>('POST', `${PORTAL}/v1/webhooks/${created.body.id}/deliveries/${log.body.items[1].id}/redeliver`, { token: portal });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ redeliveryOf: log.body.items[1].id, eventId: log.body.items[1].eventId, status: 'PENDING' });
    await eventually(async () => (receiver.on(path).some((r) => r.headers['x-simpul-delivery'] === again.body.id) ? true : undefined), 'the redelivery');
    const redelivered = receiver.on(path).find((r) => r.headers['x-simpul-delivery'] === again.body.id) as Received;
    expect(JSON.parse(redelivered.body).eventId).toBe(log.body.items[1].eventId);
    expect(redelivered.headers['x-simpul-signature']).toBe(sign(secret, redelivered.headers['x-simpul-timestamp'] as string, redelivered.body));
    // Another portal cannot read this webhook's log or ask for a redelivery.
    expect((await http('GET', `${PORTAL}/v1/webhooks/${created.body.id}/deliveries`, { token: otherPortal })).status).toBe(404);
    expect((await http('POST', `${PORTAL}/v1/webhooks/${created.body.id}/deliveries/${log.body.items[1].id}/redeliver`, { token: otherPortal })).status).toBe(404);
  });

  it('registers only http(s) URLs with a proper secret, for portals only, and lists and deletes them per portal', async () => {
    const portal = await token('portal', `portal-hooks-admin-${randomUUID()}`);
    const invalid = async (body: Record<string, unknown>, field: string) => {
      const res = await http<{ errors: Array<{ field: string }> }>('POST', `${PORTAL}/v1/webhooks`, { token: portal, body });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e) => e.field)).toContain(field);
    };
    await invalid({ url: 'ftp://127.0.0.1/x', secret: 'a-long-enough-secret' }, 'url');
    await invalid({ url: 'not a url', secret: 'a-long-enough-secret' }, 'url');
    await invalid({ url: 'https://user:pw@example.org/x', secret: 'a-long-enough-secret' }, 'url');
    await invalid({ url: 'javascript:alert(1)', secret: 'a-long-enough-secret' }, 'url');
    await invalid({ url: `${base}/x`, secret: 'short' }, 'secret');
    const citizen = await token('citizen', DEMO_FAMILIES.member.mother.nik);
    expect((await http('POST', `${PORTAL}/v1/webhooks`, { token: citizen, body: { url: `${base}/x`, secret: 'a-long-enough-secret' } })).status).toBe(403);
    expect((await http('GET', `${PORTAL}/v1/webhooks`)).status).toBe(401);

    const generated = await http<{ id: string; secret: string; secretHint: string }>('POST', `${PORTAL}/v1/webhooks`, { token: portal, body: { url: `${base}/generated` } });
    expect(generated.status).toBe(201);
    expect(generated.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generated.body.secretHint).toBe(`…${generated.body.secret.slice(-4)}`);
    const listed = await http<{ items: Array<{ id: string; secret?: string }> }>('GET', `${PORTAL}/v1/webhooks`, { token: portal });
    expect(listed.body.items.map((w) => w.id)).toEqual([generated.body.id]);
    expect(listed.body.items[0].secret).toBeUndefined();

    const stranger = await token('portal', `portal-hooks-stranger-${randomUUID()}`);
    expect((await http('DELETE', `${PORTAL}/v1/webhooks/${generated.body.id}`, { token: stranger })).status).toBe(404);
    expect((await http('GET', `${PORTAL}/v1/webhooks`, { token: stranger })).body).toEqual({ items: [] });
    expect((await http('DELETE', `${PORTAL}/v1/webhooks/${generated.body.id}`, { token: portal })).status).toBe(204);
    expect((await http('GET', `${PORTAL}/v1/webhooks`, { token: portal })).body).toEqual({ items: [] });
    expect((await http('GET', `${PORTAL}/v1/webhooks/${generated.body.id}/deliveries`, { token: portal })).status).toBe(404);
  });
});
