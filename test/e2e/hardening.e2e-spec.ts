/**
 * Hardening through the running system: security headers, CORS deny-by-default, body size limit, strict field
 * whitelisting, and rate limits per caller (per citizen, per client, per address for callers without a valid token).
 */
import { request as httpRequest } from 'node:http';
import { birthApplication, randomNik } from '@simpul/testing';
import { BACKOFFICE, PORTAL, http, submit } from '../support/api';
import { token } from '../support/env';

/** A request from another loopback address (127.0.0.2), so the per-address bucket is this test's own. */
function fromOtherAddress(url: string, headers: Record<string, string> = {}): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'GET', headers, localAddress: '127.0.0.2' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('hardening', () => {
  it('sends security headers on every answer, and no CSP exception outside the API docs', async () => {
    for (const url of [`${PORTAL}/health/live`, `${BACKOFFICE}/v1/tasks`, `${PORTAL}/v1/life-events`]) {
      const res = await fetch(url);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')?.split(/;\s*/)).toEqual(["default-src 'none'", "frame-ancestors 'none'"]);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('gives every request an id (the one the caller sent, when it is a plain token), which its log lines carry', async () => {
    const fresh = await fetch(`${PORTAL}/v1/life-events`);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const given = await fetch(`${BACKOFFICE}/v1/tasks`, { headers: { 'X-Request-Id': 'trace-me.42' } });
    expect(given.headers.get('x-request-id')).toBe('trace-me.42');
    const odd = await fetch(`${PORTAL}/v1/life-events`, { headers: { 'X-Request-Id': 'no spaces <allowed>' } });
    expect(odd.headers.get('x-request-id')).not.toBe('no spaces <allowed>');
  });

  it('answers no cross-origin browser call unless the origin is configured', async () => {
    const preflight = await fetch(`${PORTAL}/v1/applications`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${PORTAL}/health/live`, { headers: { Origin: 'https://evil.example' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a body over the size limit (413) and any field it does not know (422, named)', async () => {
    const portal = await token('portal', 'portal-hardening');
    const huge = { ...birthApplication('birth-auto'), data: { ...birthApplication('birth-auto').data, padding: 'x'.repeat(300 * 1024) } };
    const tooBig = await submit(portal, huge);
    expect(tooBig.status).toBe(413);
    const extra = await submit(portal, { ...birthApplication('birth-auto'), isAdmin: true });
    expect(extra.status).toBe(422);
    expect((extra.body as unknown as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain('isAdmin');
    const nested = await submit(portal, { ...birthApplication('birth-auto'), assistedBy: { officerId: 'x-1', office: 'MPP Jakarta', role: 'root' } });
    expect(nested.status).toBe(422);
  });

  it('limits each citizen, without slowing other citizens or clients', async () => {
    const greedy = await token('citizen', randomNik('317402', 'F'));
    const other = await token('citizen', randomNik('317402', 'M'));
    const portal = await token('portal', 'portal-hardening');
    const answers: Array<{ status: number; retryAfter: string | null }> = [];
    for (let batch = 0; batch < 8; batch++) {
      const res = await Promise.all(Array.from({ length: 50 }, () => fetch(`${PORTAL}/v1/life-events`, { headers: { Authorization: `Bearer ${greedy}` } })));
      for (const r of res) answers.push({ status: r.status, retryAfter: r.headers.get('retry-after') });
      await Promise.all(res.map((r) => r.arrayBuffer()));
    }
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(300);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0].retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await http('GET', `${PORTAL}/v1/life-events`, { token: other })).status).toBe(200);
    expect((await http('GET', `${PORTAL}/v1/life-events`, { token: portal })).status).toBe(200);
  });

  it('limits callers without a valid token by address', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let batch = 0; batch < 6; batch++) {
      const res = await Promise.all(Array.from({ length: 25 }, (_, i) => fromOtherAddress(`${PORTAL}/v1/life-events`, i % 2 ? { Authorization: 'Bearer not.a.token' } : {})));
      for (const r of res) {
        statuses.push(r.status);
        retryAfter ??= r.status === 429 ? r.retryAfter : undefined;
      }
    }
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(100);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // A valid token from that address is not affected.
    expect((await fromOtherAddress(`${PORTAL}/v1/life-events`, { Authorization: `Bearer ${await token('portal', 'portal-hardening')}` })).status).toBe(200);
  });
});
