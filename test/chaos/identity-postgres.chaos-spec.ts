/**
 * The identity provider rides out a PostgreSQL restart: PostgreSQL is killed (every process of the cluster, as when
 * its machine dies) and started again while identity-sandbox keeps running, unsupervised, so a crash would show. While
 * PostgreSQL is down a refresh (which reads the store; a client-credentials JWT needs none) answers 503
 * temporarily_unavailable, retryable, never a crash; once it is back, the same process signs a person in, mints tokens,
 * and honours the refresh token issued before the restart.
 */
import { existsSync } from 'node:fs';
import { BACKOFFICE } from '../support/api';
import { testConfig } from '../support/env';
import { OidcSession } from '../support/oidc';
import { RunningSystem } from '../support/system';
import { killServer, restartServers } from './servers';

const config = testConfig();
const system = new RunningSystem();
const IDP = 'identity-sandbox';

beforeAll(async () => {
  await system.startApp(IDP);
}, 240_000);
afterAll(async () => {
  await restartServers().catch(() => undefined);
  await system.stop();
});

/** The portal's client-credentials token request: status and error code. */
async function portalToken(): Promise<{ status: number; error?: string }> {
  const basic = Buffer.from(`simpul-portal:${config.identitySandbox.clientSecrets.portal}`).toString('base64');
  const res = await fetch(`${config.auth.issuer}/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { error?: string };
  return { status: res.status, error: body.error };
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('identity-sandbox and a PostgreSQL restart', () => {
  it('answers 503 while PostgreSQL is down, and signs in again afterwards without being restarted', async () => {
    const session = new OidcSession(config.auth.issuer, 'simpul-backoffice', `${BACKOFFICE}/ui/`);
    const before = await session.signIn('officer-social-aid');
    expect(before.status).toBe(200);
    const pid = system.pid(IDP);
    expect(pid).toBeDefined();

    const postmaster = await killServer('postgres');
    const down = await until(async () => {
      const res = await session.refresh(before.refresh_token as string);
      return res.status === 503 ? res : undefined;
    }, 'a refresh to answer 503 while PostgreSQL is down', 60_000);
    expect(down.error).toBe('temporarily_unavailable');
    expect(system.pid(IDP)).toBe(pid);

    // PostgreSQL refuses to start while its old postmaster's pid still exists (a zombie not yet reaped counts).
    await until(async () => (existsSync(`/proc/${postmaster}`) ? undefined : true), 'the killed postmaster to be reaped');
    await restartServers();
    await until(async () => ((await portalToken()).status === 200 ? true : undefined), 'a token once PostgreSQL is back');
    const again = await new OidcSession(config.auth.issuer, 'simpul-backoffice', `${BACKOFFICE}/ui/`).signIn('operator-1');
    expect(again.status).toBe(200);
    // What was stored before the restart is still there: the earlier refresh token works (once).
    expect((await session.refresh(before.refresh_token as string)).status).toBe(200);
    expect(system.pid(IDP)).toBe(pid);
    expect(system.supervisorRestarts.get(IDP) ?? 0).toBe(0);
  });
});
