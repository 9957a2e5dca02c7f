/**
 * The connection profile of an API office (docs/phased-integration.md): the registry says per agency and region
 * whether its steps reach the agency directly or through the SPLP gateway. On the real stack: a region of Dinas Sosial
 * switched from DIRECT to GATEWAY (audited) sends the next application's welfare step through the sandbox's gateway,
 * while a step started directly before the switch (a Kemensos proposal waiting for the batch) keeps polling directly.
 * The proof is the gateway's own count of forwarded calls against the sandbox's count of each application's calls.
 * Region used only here: Kabupaten Sarmi (9110).
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FULL_CONSENT, randomNik } from '@simpul/testing';
import { BACKOFFICE, SANDBOX, http, submit, waitForApplication, type ApplicationView } from '../support/api';
import { addResident } from '../support/sandbox-residents';
import { testConfig, token } from '../support/env';

const config = testConfig();
const REGION = '9110';
const admin = { 'X-Admin-Key': config.sandbox.adminKey };
const step = (a: ApplicationView, id: string) => a.steps.find((s) => s.stepId === id);
const final = (a: ApplicationView) => ['COMPLETED', 'REJECTED', 'FAILED', 'ACTION_REQUIRED'].includes(a.status);
/** The welfare step waits for Kemensos' batch with the proposal's ticket as its reference (the proposal was made). */
const running = (a: ApplicationView) => step(a, 'assess-family')?.status === 'RUNNING' && /^TKT-/.test(step(a, 'assess-family')?.reference ?? '');

type Connection = { agency: string; region: string | null; mode: string; profile: string | null; effectiveProfile: string | null; previous?: string | null; previousProfile?: string | null };
type Problem = { errors: Array<{ field: string; message: string }> };

let ds: DataSource;
let portal: string;
let operator: string;
let auditor: string;

const setConnection = (body: Record<string, unknown>, who = operator) =>
  http<Connection & Problem>('PUT', `${BACKOFFICE}/v1/operator/connections`, { token: who, body: { agency: 'social-aid', region: REGION, reason: 'connection profile e2e', ...body } });
const forwarded = async () => (await http<{ forwarded: number }>('GET', `${SANDBOX}/admin/gateway`, { headers: admin })).body.forwarded;
const kemensosCalls = async (correlationId: string) => (await http<Record<string, number>>('GET', `${SANDBOX}/admin/calls/${correlationId}`, { headers: admin })).body['social-aid'] ?? 0;
const holdBatch = (paused: boolean) => http('PUT', `${SANDBOX}/admin/social-aid/dtks`, { headers: admin, body: paused ? { paused: true } : {} });
const laneOf = async (applicationId: string) =>
  ((await ds.query(`SELECT mode, profile FROM step_lanes WHERE application_id = $1 AND step_id = 'assess-family'`, [applicationId])) as Array<{ mode: string; profile: string | null }>)[0];

/** A mother on a new family card in Sarmi, and her baby's birth filed under its own correlation id. */
async function birthInSarmi(correlationId: string): Promise<string> {
  const kkNumber = `${REGION}01${String(10 + Math.floor(Math.random() * 18))}0323${String(1 + Math.floor(Math.random() * 9998)).padStart(4, '0')}`;
  const motherNik = await addResident({ nik: randomNik(`${REGION}01`, 'F'), name: 'Martha Sawaki', sex: 'F', birthDate: '1993-03-03', kkNumber, familyRole: 'ISTRI' });
  const birthDate = new Date(Date.now() - 4 * 86_400_000).toISOString().slice(0, 10);
  const body = { lifeEvent: 'BIRTH', applicantNik: motherNik, channel: 'SELF', consents: FULL_CONSENT.BIRTH, data: { motherNik, kkNumber, child: { name: 'Bayi Sarmi', sex: 'F', birthDate, birthPlace: 'Sarmi' } } };
  const accepted = await submit(portal, body, undefined, correlationId);
  expect(accepted.status).toBe(202);
  return accepted.body.id;
}

beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
  [portal, operator, auditor] = await Promise.all([token('portal', `portal-profile-${randomUUID().slice(0, 8)}`), token('operator', 'operator-profile'), token('auditor', 'auditor-profile')]);
  expect((await setConnection({ mode: 'API', profile: 'DIRECT' })).status).toBe(200);
});
afterAll(async () => {
  await holdBatch(false);
  await setConnection({ mode: 'API' });
  await ds.destroy();
});

describe('the connection profile in the registry', () => {
  it('refuses a bad profile, or a profile for a mode other than API, naming the field', async () => {
    const unknown = await setConnection({ mode: 'API', profile: 'CARRIER_PIGEON' });
    expect([unknown.status, unknown.body.errors.map((e) => e.field)]).toEqual([422, ['profile']]);
    const manual = await setConnection({ mode: 'MANUAL', profile: 'GATEWAY' });
    expect([manual.status, manual.body.errors.map((e) => e.field)]).toEqual([422, ['profile']]);
    expect(manual.body.errors[0].message).toContain('API rows only');
    expect((await setConnection({ mode: 'API', profile: 'GATEWAY' }, auditor)).status).toBe(403);
  });

  it('switched from DIRECT to GATEWAY (audited), the next step goes through the gateway while the step in flight stays direct', async () => {
    expect((await holdBatch(true)).status).toBe(200);
    const inFlightFlow = `corr-profile-direct-${randomUUID()}`;
    const inFlight = await birthInSarmi(inFlightFlow);
    await waitForApplication(portal, inFlight, running, 'the welfare proposal to wait for the held Kemensos batch');
    expect(await laneOf(inFlight)).toEqual({ mode: 'API', profile: 'DIRECT' });

    const gatewayBefore = await forwarded();
    const inFlightBefore = await kemensosCalls(inFlightFlow);
    const switched = await setConnection({ mode: 'API', profile: 'GATEWAY' });
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ region: REGION, mode: 'API', profile: 'GATEWAY', effectiveProfile: 'GATEWAY', previous: 'API', previousProfile: 'DIRECT' });
    const [audit] = await ds.query(`SELECT actor, details FROM audit_entries WHERE action = 'connection.change' AND subject->>'region' = $1 ORDER BY seq DESC LIMIT 1`, [REGION]);
    expect(audit).toMatchObject({ actor: { subject: 'operator-profile' }, details: { before: { mode: 'API', profile: 'DIRECT' }, after: { mode: 'API', profile: 'GATEWAY' } } });

    const nextFlow = `corr-profile-gateway-${randomUUID()}`;
    const next = await birthInSarmi(nextFlow);
    await waitForApplication(portal, next, running, 'the next welfare proposal to wait for the held batch');
    expect(await laneOf(next)).toEqual({ mode: 'API', profile: 'GATEWAY' });
    expect((await holdBatch(false)).status).toBe(200);

    const [a, b] = await Promise.all([
      waitForApplication(portal, inFlight, final, 'the in-flight application to finish', 180_000),
      waitForApplication(portal, next, final, 'the next application to finish', 180_000),
    ]);
    expect([a.status, b.status]).toEqual(['COMPLETED', 'COMPLETED']);
    expect(await laneOf(inFlight)).toEqual({ mode: 'API', profile: 'DIRECT' });
    // The gateway forwarded exactly the next application's Kemensos calls; the in-flight step's checks after the
    // switch (at least the one that found the decision) reached Kemensos without it.
    const nextCalls = await kemensosCalls(nextFlow);
    expect(nextCalls).toBeGreaterThanOrEqual(2);
    expect((await kemensosCalls(inFlightFlow)) - inFlightBefore).toBeGreaterThanOrEqual(1);
    expect((await forwarded()) - gatewayBefore).toBe(nextCalls);
  });

  it('shows the profile in the registry, the progress report (JSON, CSV) and the metrics', async () => {
    const list = await http<{ gatewayConfigured: boolean; defaultProfiles: Record<string, string>; items: Connection[] }>('GET', `${BACKOFFICE}/v1/operator/connections`, { token: auditor });
    expect(list.body).toMatchObject({ gatewayConfigured: true, defaultProfiles: { 'social-aid': 'DIRECT' } });
    expect(list.body.items).toContainEqual(expect.objectContaining({ agency: 'social-aid', region: REGION, mode: 'API', profile: 'GATEWAY', effectiveProfile: 'GATEWAY' }));
    const seeded = list.body.items.find((i) => i.agency === 'bpjs-health' && i.region === null);
    expect(seeded).toMatchObject({ mode: 'API', profile: null, effectiveProfile: 'DIRECT' });

    const progress = await http<{ items: Array<{ agency: string; region: string | null; mode: string; profile: string | null }> }>('GET', `${BACKOFFICE}/v1/operator/integration-progress`, { token: operator });
    expect(progress.body.items).toContainEqual(expect.objectContaining({ agency: 'social-aid', region: REGION, mode: 'API', profile: 'GATEWAY' }));
    expect(progress.body.items).toContainEqual(expect.objectContaining({ agency: 'social-aid', region: '9171', mode: 'MANUAL', profile: null }));
    const csv = await (await fetch(`${BACKOFFICE}/v1/operator/integration-progress.csv`, { headers: { Authorization: `Bearer ${auditor}` } })).text();
    const [header, ...lines] = csv.trim().split('\n');
    expect(header.split(',').at(-1)).toBe('profile');
    expect(lines.find((l) => l.startsWith(`social-aid,${REGION},`))?.split(',').at(-1)).toBe('GATEWAY');
    const metrics = await (await fetch(`${BACKOFFICE}/metrics`, { headers: { Authorization: `Bearer ${operator}` } })).text();
    expect(metrics).toContain(`simpul_integration_connection_profile{agency="social-aid",region="${REGION}",profile="GATEWAY"} 1`);
  });
});
