import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { signCallback } from '@simpul/auth';
import { DEMO_FAMILIES, birthApplication, randomNik, scenarioApplication } from '@simpul/testing';
import { TEST_PORTS } from '../../scripts/apps';
import { BACKOFFICE, SANDBOX, http, sandboxAdmin, submit, waitForApplication, type ApplicationView } from '../support/api';
import { testConfig, token } from '../support/env';
import { killApp, RunningSystem } from '../support/system';

const config = testConfig();
const admin = sandboxAdmin(config.sandbox.adminKey);
const final = (a: ApplicationView) => ['COMPLETED', 'REJECTED', 'FAILED'].includes(a.status);
const step = (a: ApplicationView, id: string) => a.steps.find((s) => s.stepId === id);
/** Letters only (names allow no digits). */
const uniqueName = () => `Bayi ${randomUUID().replace(/[^a-f]/g, '').slice(0, 8)}`;
const SOCIAL_AID_CALLBACKS = `http://127.0.0.1:${TEST_PORTS.agencyWorker + 2}/v1/agency-callbacks/social-aid`;

let ds: DataSource;
let portal: string;
const replacements = new RunningSystem();

beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
  portal = await token('portal', `portal-agency-${randomUUID()}`);
});
afterAll(async () => {
  await admin.clearFaults();
  // The replacement worker keeps serving the later suites; the global teardown stops it.
  await ds.destroy();
});

/** A new member of the Wijaya family (outside the welfare register), so a death can be reported on every run. */
async function newFamilyMember(): Promise<string> {
  const nik = randomNik('317402', 'M');
  const res = await http('PUT', `${SANDBOX}/admin/residents/${nik}`, {
    headers: { 'X-Admin-Key': config.sandbox.adminKey },
    body: { nik, name: 'Hendra Wijaya', sex: 'M', birthDate: '1955-01-01', kkNumber: DEMO_FAMILIES.member.kkNumber, bpjsHealthSegment: 'PPU' },
  });
  expect(res.status).toBe(200);
  return nik;
}

async function death(correlationId?: string): Promise<ApplicationView> {
  const base = scenarioApplication('death');
  const accepted = await submit(portal, { ...base, data: { ...base.data, deceasedNik: await newFamilyMember() } }, undefined, correlationId);
  return waitForApplication(portal, accepted.body.id, final, 'the death to finish');
}

describe('asynchronous push (202, then a signed callback): Kemensos\' changes service', () => {
  it('completes the welfare-register removal of a death by the agency\'s callback, keeping the evidence for operators', async () => {
    const app = await death();
    expect(app.status).toBe('COMPLETED');
    expect(step(app, 'remove-from-benefits')).toMatchObject({ status: 'SKIPPED', definitionVersion: 2 });

    const operator = await token('operator', 'operator-evidence');
    const evidence = await http<{ items: Array<Record<string, string | number>> }>('GET', `${BACKOFFICE}/v1/operator/applications/${app.id}/evidence`, { token: operator });
    expect(evidence.status).toBe(200);
    const byStep = Object.fromEntries(evidence.body.items.map((e) => [e.stepId, e]));
    expect(byStep['remove-from-benefits']).toMatchObject({ via: 'callback', httpStatus: 200, requestSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(byStep['register-death']).toMatchObject({ via: 'response', httpStatus: 200, reference: step(app, 'register-death')?.reference });
    expect(Date.parse(byStep['register-death'].respondedAt as string)).toBeGreaterThanOrEqual(Date.parse(byStep['register-death'].requestedAt as string));
    const citizen = await http('GET', `${BACKOFFICE}/v1/operator/applications/${app.id}/evidence`, { token: portal });
    expect(citizen.status).toBe(403);

    const [pending] = await ds.query(`SELECT answered_at, request FROM agency_pending_calls WHERE idempotency_key = $1`, [`${app.id}:remove-from-benefits:removeBeneficiary`]);
    expect(pending.answered_at).not.toBeNull();
    expect(pending.request).toBeNull();

    // The step ended with the callback, not with the 202: its lane has an end, so it counts in the progress medians.
    const [lane] = await ds.query(`SELECT mode, outcome, finished_at >= mode_at AS ended FROM step_lanes WHERE application_id = $1 AND step_id = 'remove-from-benefits'`, [app.id]);
    expect(lane).toEqual({ mode: 'API', outcome: 'SKIPPED', ended: true });
  });

  it('takes duplicate and slow callbacks in its stride: the step ends once', async () => {
    const correlationId = `corr-${randomUUID()}`;
    await admin.setFault('social-aid', { duplicateCallbacks: 2, callbackDelayMs: 1500, correlationId });
    const app = await death(correlationId);
    expect(app.status).toBe('COMPLETED');
    expect((await admin.callsOf(correlationId)).body['social-aid']).toBe(1);
    const endings = await ds.query(
      `SELECT count(*)::int AS n FROM application_events WHERE application_id = $1 AND payload->>'stepId' = 'remove-from-benefits' AND payload->>'status' = 'SKIPPED'`,
      [app.id],
    );
    expect(endings[0].n).toBe(1);
    await admin.clearFaults();
  });

  it('refuses callbacks that are unsigned, wrongly signed, stale or replayed', async () => {
    const body = JSON.stringify({ idempotencyKey: `${randomUUID()}:remove-from-benefits:removeBeneficiary`, status: 200, body: {} });
    const secret = config.callbackSecrets['social-aid'];
    const post = (headers: Record<string, string>) =>
      fetch(SOCIAL_AID_CALLBACKS, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body }).then(async (r) => ({ status: r.status, text: await r.text() }));
    const signed = (timestamp: number, nonce: string, key = secret) => ({ 'X-Timestamp': String(timestamp), 'X-Nonce': nonce, 'X-Signature': signCallback(key, timestamp, nonce, body) });
    const now = Math.floor(Date.now() / 1000);

    expect((await post({})).status).toBe(401);
    expect((await post(signed(now, randomBytes(12).toString('hex'), 'not-the-agency-secret'))).text).toContain('signature does not match');
    expect((await post(signed(now - 3600, randomBytes(12).toString('hex')))).text).toContain('too far from now');
    const nonce = randomBytes(12).toString('hex');
    const first = await post(signed(now, nonce));
    expect(first.status).toBe(404);
    expect(first.text).toContain('no call of social-aid waits for');
    const replay = await post(signed(now, nonce));
    expect(replay.status).toBe(401);
    expect(replay.text).toContain('nonce already used');
  });
});

describe('exactly one act without the agency\'s idempotency', () => {
  it('issues exactly one certificate when the agency worker dies after the registry committed and before the activity completed', async () => {
    const correlationId = `corr-${randomUUID()}`;
    const childName = uniqueName();
    await admin.setFault('civil-registry', { responseDelayMs: 8000, correlationId });
    const accepted = await submit(portal, birthApplication('birth-auto', childName), undefined, correlationId);
    const reference = `${accepted.body.id}:register-birth`;
    // Wait until the registry has committed the birth (with the reference Simpul sent), then kill the worker mid-call.
    for (let i = 0; i < 100; i++) {
      const rows: unknown[] = await ds.query('SELECT 1 FROM sandbox_civil_registry.birth_certificates WHERE client_ref = $1', [reference]);
      if (rows.length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await killApp('agency-worker:civil-registry');
    await replacements.startApp('agency-worker:civil-registry');

    const app = await waitForApplication(portal, accepted.body.id, final, 'the birth to finish after the worker was killed');
    expect(app.status).toBe('COMPLETED');
    expect((await admin.callsOf(correlationId)).body['civil-registry']).toBeGreaterThanOrEqual(2);
    const certificates = await ds.query(
      `SELECT bc.akta_number FROM sandbox_civil_registry.birth_certificates bc JOIN sandbox_civil_registry.residents r ON r.nik = bc.child_nik WHERE r.name = $1`,
      [childName],
    );
    expect(certificates).toEqual([{ akta_number: step(app, 'register-birth')?.reference }]);
  });
});

describe('an agency that is down', () => {
  it('holds applications as "waiting for" the agency during an outage, then finishes them all by itself', async () => {
    // The agency is down until every application shows that it waits for it; then it comes back.
    await admin.setFault('bpjs-health', { outageForMs: 300_000 });
    const downSince = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await submit(portal, birthApplication('birth-auto', uniqueName()))).body.id);
    const waiting = await Promise.all(
      ids.map((id) => waitForApplication(portal, id, (a) => Boolean(step(a, 'enrol-newborn')?.message.en.includes('waiting for BPJS Kesehatan')), 'the waiting notice')),
    );
    expect(waiting.every((a) => step(a, 'enrol-newborn')?.status === 'RUNNING')).toBe(true);
    expect(waiting[0].steps.find((s) => s.stepId === 'enrol-newborn')?.message.id).toContain('menunggu BPJS Kesehatan');
    await admin.clearFaults();
    const backAt = Date.now();
    const done = await Promise.all(ids.map((id) => waitForApplication(portal, id, final, 'recovery after the outage')));
    expect(done.map((a) => a.status)).toEqual(ids.map(() => 'COMPLETED'));
    expect(done.every((a) => step(a, 'enrol-newborn')?.status === 'COMPLETED')).toBe(true);
    process.stdout.write(`outage test: ${ids.length} applications held for ${backAt - downSince} ms; all completed ${Date.now() - backAt} ms after the agency returned\n`);
  });
});
