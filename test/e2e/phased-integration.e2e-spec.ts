/**
 * Phased integration on the real stack (docs/phased-integration.md): regions checked against the Ministry of Home
 * Affairs' area reference; the connection registry (operator API, audited); a region whose Dinas Sosial works by hand
 * (the manual lane: a task for that office's officers, whose entry ends the step through the workflow's polling);
 * switching it to API (the next application's step is automatic, an in-flight manual step stays manual); an
 * UNAVAILABLE office (the step waits, then resumes when the mode changes); the progress report against what this
 * test created. Regions used only here (Papua): Kabupaten Jayapura (9103) and Kabupaten Kepulauan Yapen (9105).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { DEMO_FAMILIES, FULL_CONSENT, randomNik, scenarioApplication } from '@simpul/testing';
import { TEST_PORTS } from '../../scripts/apps';
import { BACKOFFICE, http, submit, waitForApplication, type ApplicationView } from '../support/api';
import { addResident } from '../support/sandbox-residents';
import { eventually, testConfig, token } from '../support/env';

const config = testConfig();
const MANUAL_REGION = '9103';
const WAITING_REGION = '9105';
type Progress = { items: Array<{ agency: string; region: string | null; mode: string; changedAt: string | null; steps: { api: number; manual: number; waiting: number }; automatedShare: number | null; medianSeconds: { api: number | null; manual: number | null } }> };
type ManualTaskList = { items: Array<{ id: string; applicationId: string; stepId: string; office: string; status: string }> };

const step = (a: ApplicationView, id: string) => a.steps.find((s) => s.stepId === id);
const final = (a: ApplicationView) => ['COMPLETED', 'REJECTED', 'FAILED', 'ACTION_REQUIRED'].includes(a.status);

let ds: DataSource;
let portal: string;
let operator: string;
let auditor: string;
let officerHere: string;
let officerElsewhere: string;
let officerOtherAgency: string;
let baseline: Progress;

/** A mother on a new family card in `regency` (in the sandbox's civil registry), and her baby's birth application. */
async function birthIn(regency: string) {
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  const kkNumber = `${regency}01${day}0323${String(1 + Math.floor(Math.random() * 9998)).padStart(4, '0')}`;
  const motherNik = await addResident({ nik: randomNik(`${regency}01`, 'F'), name: 'Yohana Wenda', sex: 'F', birthDate: '1994-04-04', kkNumber, familyRole: 'ISTRI' });
  const birthDate = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
  const body = { lifeEvent: 'BIRTH', applicantNik: motherNik, channel: 'SELF', consents: FULL_CONSENT.BIRTH, data: { motherNik, kkNumber, child: { name: 'Bayi Papua', sex: 'M', birthDate, birthPlace: 'Sentani' } } };
  const accepted = await submit(portal, body);
  expect(accepted.status).toBe(202);
  return accepted.body.id;
}

const setMode = (region: string, mode: string, who = operator) => http('PUT', `${BACKOFFICE}/v1/operator/connections`, { token: who, body: { agency: 'social-aid', region, mode, reason: 'phased-integration e2e' } });
const progress = async () => (await http<Progress>('GET', `${BACKOFFICE}/v1/operator/integration-progress`, { token: operator })).body;
const row = (p: Progress, region: string) => p.items.find((i) => i.agency === 'social-aid' && i.region === region) ?? { steps: { api: 0, manual: 0, waiting: 0 } };
const laneOf = async (applicationId: string): Promise<string | undefined> =>
  ((await ds.query(`SELECT mode FROM step_lanes WHERE application_id = $1 AND step_id = 'assess-family'`, [applicationId])) as Array<{ mode: string }>)[0]?.mode;
const manualTaskOf = (applicationId: string) =>
  eventually(async () => {
    const list = await http<ManualTaskList>('GET', `${BACKOFFICE}/v1/manual-tasks?limit=200`, { token: officerHere });
    return list.body.items.find((t) => t.applicationId === applicationId);
  }, `the manual task of ${applicationId} in the Dinas Sosial Kabupaten Jayapura queue`);

beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
  [portal, operator, auditor, officerHere, officerElsewhere, officerOtherAgency] = await Promise.all([
    token('portal', `portal-phased-${randomUUID().slice(0, 8)}`),
    token('operator', 'operator-phased'),
    token('auditor', 'auditor-phased'),
    token('officer', `officer-social-aid-${MANUAL_REGION}`, 'social-aid', { region: MANUAL_REGION }),
    token('officer', 'officer-social-aid-3273', 'social-aid', { region: '3273' }),
    token('officer', `officer-civil-registry-${MANUAL_REGION}`, 'civil-registry', { region: MANUAL_REGION }),
  ]);
  expect((await setMode(MANUAL_REGION, 'MANUAL')).status).toBe(200);
  expect((await setMode(WAITING_REGION, 'UNAVAILABLE')).status).toBe(200);
  baseline = await progress();
});
afterAll(async () => {
  await ds.destroy();
});

describe('regions from the area reference', () => {
  it('refuses an application whose family card is from a regency the reference does not know, naming the field', async () => {
    const res = await submit(portal, { lifeEvent: 'SCHOLARSHIP', applicantNik: '3273014506900001', channel: 'SELF', data: { pupilNik: '3273011507120003', kkNumber: '3199010101150001', schoolNpsn: '20219876' } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ errors: [{ field: 'data.kkNumber', message: expect.stringContaining('3199') }] });
  });

  it('refuses registry changes naming the field: an unknown region, a region for a national agency, an unknown mode', async () => {
    const bad = async (body: unknown) => http<{ errors: Array<{ field: string }> }>('PUT', `${BACKOFFICE}/v1/operator/connections`, { token: operator, body });
    const unknown = await bad({ agency: 'social-aid', region: '3199', mode: 'API' });
    expect([unknown.status, unknown.body.errors.map((e) => e.field)]).toEqual([422, ['region']]);
    const national = await bad({ agency: 'bpjs-health', region: '3273', mode: 'MANUAL' });
    expect([national.status, national.body.errors.map((e) => e.field)]).toEqual([422, ['region']]);
    const mode = await bad({ agency: 'social-aid', region: '3273', mode: 'CARRIER_PIGEON' });
    expect([mode.status, mode.body.errors.map((e) => e.field)]).toEqual([422, ['mode']]);
  });

  it('takes a change whose optional reason is null, as if absent (found by Schemathesis: it was a 500)', async () => {
    const res = await http('PUT', `${BACKOFFICE}/v1/operator/connections`, { token: operator, body: { agency: 'education', region: '', mode: 'API', reason: null } });
    expect(res.status).toBe(200);
    const [entry] = await ds.query(`SELECT reason FROM audit_entries WHERE action = 'connection.change' ORDER BY seq DESC LIMIT 1`);
    expect(entry.reason).toBeNull();
  });
});

describe('the manual lane', () => {
  let first: string;
  let inFlight: string;

  it('an application in a manual region completes through the officer of that office entering the outcome', async () => {
    first = await birthIn(MANUAL_REGION);
    const waiting = await waitForApplication(portal, first, (a) => step(a, 'assess-family')?.status === 'RUNNING' && /manual/.test(step(a, 'assess-family')?.message.id ?? ''), 'the welfare step in the manual lane');
    expect(step(waiting, 'assess-family')?.message.id).toMatch(/diproses secara manual di Dinas Sosial Kabupaten Jayapura, perkiraan selesai \d{1,2} \w+ \d{4}/);
    expect(step(waiting, 'assess-family')?.message.en).toMatch(/processed by hand at Dinas Sosial Kabupaten Jayapura, expected by \d{1,2} \w+ \d{4}/);
    const task = await manualTaskOf(first);
    expect(task).toMatchObject({ stepId: 'assess-family', office: 'Dinas Sosial Kabupaten Jayapura', status: 'OPEN' });

    // Officers of another regency or another agency do not see it, cannot open it, cannot decide it.
    for (const other of [officerElsewhere, officerOtherAgency]) {
      const list = await http<ManualTaskList>('GET', `${BACKOFFICE}/v1/manual-tasks?limit=200`, { token: other });
      expect(list.body.items.some((t) => t.id === task.id)).toBe(false);
      expect((await http('GET', `${BACKOFFICE}/v1/manual-tasks/${task.id}`, { token: other })).status).toBe(404);
      expect((await http('POST', `${BACKOFFICE}/v1/manual-tasks/${task.id}/outcome`, { token: other, body: { outcome: 'COMPLETED', documentNumber: 'SK-X/1' } })).status).toBe(404);
    }
    const detail = await http<{ data: Record<string, string> }>('GET', `${BACKOFFICE}/v1/manual-tasks/${task.id}`, { token: officerHere });
    expect(detail.body.data.kkNumber).toMatch(/^\*{12}\d{4}$/);
    const missing = await http<{ errors: Array<{ field: string }> }>('POST', `${BACKOFFICE}/v1/manual-tasks/${task.id}/outcome`, { token: officerHere, body: { outcome: 'COMPLETED' } });
    expect([missing.status, missing.body.errors.map((e) => e.field)]).toEqual([422, ['documentNumber']]);

    const documentNumber = `SK-DINSOS-9103/${Date.now()}`;
    expect((await http('POST', `${BACKOFFICE}/v1/manual-tasks/${task.id}/outcome`, { token: officerHere, body: { outcome: 'COMPLETED', documentNumber, outputs: { pkhEligible: 'false' } } })).status).toBe(200);
    expect((await http('POST', `${BACKOFFICE}/v1/manual-tasks/${task.id}/outcome`, { token: officerHere, body: { outcome: 'REJECTED', reason: 'changed my mind' } })).status).toBe(409);

    const done = await waitForApplication(portal, first, final, 'the application to complete after the manual entry', 120_000);
    expect(done.status).toBe('COMPLETED');
    expect(step(done, 'assess-family')).toMatchObject({ status: 'COMPLETED', reference: documentNumber, ruleVersion: 'manual-lane' });
    expect(step(done, 'assess-family')?.message.en).toContain(`document number ${documentNumber}`);
    // The evidence: who entered what, when.
    const evidence = await http<{ items: Array<{ stepId: string; via: string; enteredBy?: string; reference?: string }> }>('GET', `${BACKOFFICE}/v1/operator/applications/${first}/evidence`, { token: operator });
    const entered = evidence.body.items.find((e) => e.stepId === 'assess-family' && e.via === 'manual');
    expect(entered).toMatchObject({ enteredBy: `officer-social-aid-${MANUAL_REGION}`, reference: documentNumber });
    const audited = await ds.query(`SELECT 1 FROM audit_entries WHERE action = 'manual-task.record' AND subject->>'taskId' = $1`, [task.id]);
    expect(audited).toHaveLength(1);
  });

  it('switched to API (audited), the next application goes by API while the manual step in flight stays manual', async () => {
    inFlight = await birthIn(MANUAL_REGION);
    const task = await manualTaskOf(inFlight);
    const switched = await setMode(MANUAL_REGION, 'API');
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ agency: 'social-aid', region: MANUAL_REGION, mode: 'API', previous: 'MANUAL', changedBy: 'operator-phased' });
    const [audit] = await ds.query(`SELECT actor, details FROM audit_entries WHERE action = 'connection.change' AND subject->>'region' = $1 ORDER BY seq DESC LIMIT 1`, [MANUAL_REGION]);
    expect(audit).toMatchObject({ actor: { subject: 'operator-phased', role: 'operator' }, details: { from: 'MANUAL', to: 'API' } });

    const next = await birthIn(MANUAL_REGION);
    const automatic = await waitForApplication(portal, next, final, 'the next application to complete by API', 120_000);
    expect(automatic.status).toBe('COMPLETED');
    expect(step(automatic, 'assess-family')?.ruleVersion).not.toBe('manual-lane');
    expect(await laneOf(next)).toBe('API');

    // The step started by hand is still by hand: still waiting for the officer, who now refuses it.
    const still = await waitForApplication(portal, inFlight, (a) => step(a, 'assess-family')?.status === 'RUNNING', 'the in-flight manual step');
    expect(still.status).toBe('IN_PROGRESS');
    expect(await laneOf(inFlight)).toBe('MANUAL');
    expect((await http('POST', `${BACKOFFICE}/v1/manual-tasks/${task.id}/outcome`, { token: officerHere, body: { outcome: 'REJECTED', reason: 'KK tidak terdaftar di DTKS daerah' } })).status).toBe(200);
    const refused = await waitForApplication(portal, inFlight, final, 'the refused manual step to end the application', 120_000);
    expect(step(refused, 'assess-family')).toMatchObject({ status: 'REJECTED' });
    expect(step(refused, 'assess-family')?.message.id).toContain('Ditolak oleh petugas Dinas Sosial Kabupaten Jayapura: KK tidak terdaftar di DTKS daerah');
  });
});

describe('an office not reachable yet (UNAVAILABLE)', () => {
  it('the step waits with a message to the citizen, and resumes by API when the mode changes', async () => {
    const app = await birthIn(WAITING_REGION);
    const waiting = await waitForApplication(portal, app, (a) => step(a, 'assess-family')?.status === 'RUNNING' && /belum terhubung/.test(step(a, 'assess-family')?.message.id ?? ''), 'the welfare step to wait for its office');
    expect(step(waiting, 'assess-family')?.message.en).toContain('Dinas Sosial Kabupaten Kepulauan Yapen is not connected to Simpul yet');
    expect(await laneOf(app)).toBe('UNAVAILABLE');
    // The registry is read again at each check: still unavailable, still waiting.
    const client = await import('@simpul/temporal').then((t) => t.connectClient(config));
    try {
      await eventually(async () => {
        const described = await client.client.workflow.getHandle(`application-${app}`).describe();
        return (described.raw.pendingActivities?.length ?? 0) === 0 ? true : undefined;
      }, 'the workflow to wait on a timer, holding no activity');
    } finally {
      await client.connection.close();
    }
    expect((await setMode(WAITING_REGION, 'API')).status).toBe(200);
    const done = await waitForApplication(portal, app, final, 'the waiting step to resume by API', 180_000);
    expect(done.status).toBe('COMPLETED');
    expect(step(done, 'assess-family')?.status).toBe('COMPLETED');
    expect(await laneOf(app)).toBe('API');
    expect((await setMode(WAITING_REGION, 'UNAVAILABLE')).status).toBe(200);
  });
});

describe('an office not connected, for a step the life event lets go (whenUnavailable: SKIP)', () => {
  it("skips MARRIAGE's membership move at once, tells the citizen where to ask, and completes the rest", async () => {
    const setBpjs = (mode: string) => http('PUT', `${BACKOFFICE}/v1/operator/connections`, { token: operator, body: { agency: 'bpjs-health', mode, reason: 'phased-integration e2e' } });
    expect((await setBpjs('UNAVAILABLE')).status).toBe(200);
    try {
      const accepted = await submit(portal, scenarioApplication('marriage'));
      expect(accepted.status).toBe(202);
      const done = await waitForApplication(portal, accepted.body.id, final, 'the marriage to settle');
      expect(done.status).toBe('COMPLETED');
      expect(step(done, 'update-family-card')?.status).toBe('COMPLETED');
      expect(step(done, 'move-spouse-membership')).toMatchObject({ status: 'SKIPPED' });
      expect(step(done, 'move-spouse-membership')?.message.en).toContain('skipped because BPJS Kesehatan is not connected to Simpul yet');
      const [lane] = await ds.query(`SELECT mode, outcome FROM step_lanes WHERE application_id = $1 AND step_id = 'move-spouse-membership'`, [accepted.body.id]);
      expect(lane).toMatchObject({ mode: 'UNAVAILABLE', outcome: 'SKIPPED' });
    } finally {
      expect((await setBpjs('API')).status).toBe(200);
    }
  });
});

describe('the demo: provisioning seeds a mix, scenario birth-manual-region', () => {
  it('lists DKI Jakarta connected and Kota Jayapura\'s Dinas Sosial working by hand', async () => {
    const list = await http<{ items: Array<{ agency: string; region: string | null; mode: string; changedBy: string }> }>('GET', `${BACKOFFICE}/v1/operator/connections`, { token: auditor });
    expect(list.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ agency: 'civil-registry', region: '31', mode: 'API' }),
        expect.objectContaining({ agency: 'social-aid', region: '31', mode: 'API' }),
        expect.objectContaining({ agency: 'social-aid', region: '9171', mode: 'MANUAL' }),
        expect.objectContaining({ agency: 'bpjs-health', region: null, mode: 'API' }),
      ]),
    );
  });

  it('files the scenario with the demo script; the Kota Jayapura officer completes the welfare step by hand', async () => {
    const demo = join(__dirname, '..', '..', 'dist', 'scripts', 'demo.js');
    const env = { ...process.env, SIMPUL_PORTAL_API_PORT: String(TEST_PORTS.portalApi), SIMPUL_IDENTITY_SANDBOX_PORT: String(TEST_PORTS.identitySandbox) };
    const out = await promisify(execFile)(process.execPath, [demo, 'birth-manual-region', '--wait'], { env });
    const filed = JSON.parse(out.stdout) as ApplicationView;
    expect(step(filed, 'assess-family')).toMatchObject({ status: 'RUNNING', ruleVersion: 'manual-lane' });
    expect(step(filed, 'assess-family')?.message.en).toContain('processed by hand at Dinas Sosial Kota Jayapura');
    expect(DEMO_FAMILIES.jayapura.kkNumber.startsWith('9171')).toBe(true);
    const jayapura = await token('officer', 'officer-social-aid-9171', 'social-aid', { region: '9171' });
    const task = await eventually(async () => (await http<ManualTaskList>('GET', `${BACKOFFICE}/v1/manual-tasks?limit=200`, { token: jayapura })).body.items.find((t) => t.applicationId === filed.id), 'the Jayapura manual task');
    expect((await http('POST', `${BACKOFFICE}/v1/manual-tasks/${task.id}/outcome`, { token: jayapura, body: { outcome: 'COMPLETED', documentNumber: 'DINSOS-JPR/2026/0042' } })).status).toBe(200);
    const done = await waitForApplication(operator, filed.id, final, 'the demo birth to complete', 120_000);
    expect(done.status).toBe('COMPLETED');
    expect(step(done, 'assess-family')).toMatchObject({ status: 'COMPLETED', reference: 'DINSOS-JPR/2026/0042' });
  });
});

describe('integration progress', () => {
  it("counts this test's steps per mode and region, as JSON, CSV and Prometheus metrics", async () => {
    const now = await progress();
    const before = row(baseline, MANUAL_REGION);
    const after = row(now, MANUAL_REGION) as Progress['items'][number];
    expect(after.steps.manual - before.steps.manual).toBe(2);
    expect(after.steps.api - before.steps.api).toBe(1);
    expect(after.mode).toBe('API');
    expect(after.medianSeconds.manual).toBeGreaterThan(0);
    expect(after.medianSeconds.api).toBeGreaterThan(0);
    expect(after.automatedShare).toBeCloseTo(after.steps.api / (after.steps.api + after.steps.manual), 2);
    const waited = row(now, WAITING_REGION) as Progress['items'][number];
    expect(waited.steps.api - row(baseline, WAITING_REGION).steps.api).toBe(1);
    expect(waited.mode).toBe('UNAVAILABLE');

    const csv = await fetch(`${BACKOFFICE}/v1/operator/integration-progress.csv`, { headers: { Authorization: `Bearer ${auditor}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const line = (await csv.text()).split('\n').find((l) => l.startsWith(`social-aid,${MANUAL_REGION},`));
    expect(line?.split(',').slice(4, 8)).toEqual(['API', expect.any(String), String(after.steps.api), String(after.steps.manual)]);
    expect((await http('GET', `${BACKOFFICE}/v1/operator/integration-progress`, { token: officerHere })).status).toBe(403);

    const metrics = await (await fetch(`${BACKOFFICE}/metrics`, { headers: { Authorization: `Bearer ${operator}` } })).text();
    expect(metrics).toContain(`simpul_integration_steps_30d{agency="social-aid",region="${MANUAL_REGION}",mode="MANUAL"} ${after.steps.manual}`);
    expect(metrics).toContain(`simpul_integration_connection_mode{agency="social-aid",region="${MANUAL_REGION}",mode="API"} 1`);
  });

  it('puts the region back to manual for the next run (and the registry lists it)', async () => {
    expect((await setMode(MANUAL_REGION, 'MANUAL')).status).toBe(200);
    const list = await http<{ items: Array<{ agency: string; region: string | null; mode: string; office: string }> }>('GET', `${BACKOFFICE}/v1/operator/connections`, { token: auditor });
    expect(list.body.items).toContainEqual(expect.objectContaining({ agency: 'social-aid', region: MANUAL_REGION, mode: 'MANUAL', office: 'Dinas Sosial Kabupaten Jayapura' }));
  });
});
