/**
 * The citizen's view through the running system: the timeline of every demo scenario in both languages (who each
 * step waits for, expected dates from the SLAs, the next action, the references issued), lookup by the portal's own
 * reference, assisted channels, and that nobody reads an application that is not theirs.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEMO_FAMILIES, birthApplication, scenarioApplication, type Scenario } from '@simpul/testing';
import { PORTAL, http, submit, waitForApplication, type ApplicationView, claimAndDecide } from '../support/api';
import { testConfig, token } from '../support/env';
import { newWijayaMember } from '../support/sandbox-residents';

const config = testConfig();
/** The e2e system runs with SIMPUL_SLA_SECONDS_PER_HOUR=0.05: an SLA hour lasts 50 ms. */
const SLA_HOUR_MS = 50;

interface Text {
  id: string;
  en: string;
}
interface CitizenStep extends Omit<ApplicationView['steps'][number], 'references'> {
  stepId: string;
  title: Text;
  agency: string;
  agencyName: string;
  status: string;
  waitingFor: 'agency' | 'officer' | 'citizen' | null;
  startedAt: string | null;
  completedAt: string | null;
  expectedBy: string | null;
  overdue: boolean;
  slaHours: number;
  message: Text;
  references: Record<string, string>;
}
interface CitizenView extends Omit<ApplicationView, 'steps'> {
  title: Text;
  statusText: Text;
  summary: Text;
  nextAction: Text & { required: boolean; code: string; stepId?: string };
  expectedCompletionBy: string | null;
  channel: string;
  assistedBy: { officerId: string; office: string } | null;
  references: Array<{ key: string; label: Text; value: string; stepId: string; agency: string; valid: boolean }>;
  steps: CitizenStep[];
}

let ds: DataSource;
let portal: string;
beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
  portal = await token('portal', `portal-citizen-${randomUUID()}`);
});
afterAll(() => ds.destroy());

const settled = (a: { status: string }) => ['COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED'].includes(a.status);
const stepOf = (a: CitizenView, id: string) => a.steps.find((s) => s.stepId === id) as CitizenStep;
const refKeys = (a: CitizenView) => a.references.filter((r) => r.valid).map((r) => r.key).sort();
const bilingual = (t: Text | undefined) => expect(t).toEqual(expect.objectContaining({ id: expect.stringMatching(/\S/), en: expect.stringMatching(/\S/) }));

async function view(id: string, as = portal): Promise<CitizenView> {
  const res = await http<CitizenView>('GET', `${PORTAL}/v1/applications/${id}`, { token: as });
  expect(res.status).toBe(200);
  return res.body;
}

async function until(id: string, done: (a: CitizenView) => boolean, what: string): Promise<CitizenView> {
  return (await waitForApplication(portal, id, (a) => done(a as unknown as CitizenView), what)) as unknown as CitizenView;
}

async function file(body: unknown): Promise<string> {
  const res = await submit(portal, body);
  expect(res.status).toBe(202);
  return res.body.id;
}

/** What every settled application shows: plain language in both languages, nothing still expected. */
function expectSettledTimeline(app: CitizenView, status: string, statuses: Record<string, string>) {
  expect(app.status).toBe(status);
  expect(Object.fromEntries(app.steps.map((s) => [s.stepId, s.status]))).toEqual(statuses);
  bilingual(app.title);
  bilingual(app.statusText);
  bilingual(app.summary);
  bilingual(app.nextAction);
  expect(app.nextAction.required).toBe(false);
  expect(app.expectedCompletionBy).toBeNull();
  for (const s of app.steps) {
    bilingual(s.title);
    bilingual(s.message);
    expect(s).toMatchObject({ waitingFor: null, expectedBy: null });
    expect(s.slaHours).toBeGreaterThan(0);
  }
}

describe('GET /v1/applications/:id — the timeline of each scenario', () => {
  it('birth-auto: every step done, the certificate, NIK, family card and JKN card numbers summarised', async () => {
    const app = await until(await file(scenarioApplication('birth-auto')), settled, 'birth-auto');
    expectSettledTimeline(app, 'COMPLETED', { 'verify-late-report': 'SKIPPED', 'register-birth': 'COMPLETED', 'enrol-newborn': 'COMPLETED', 'assess-family': 'COMPLETED' });
    expect(refKeys(app)).toEqual(['assessmentId', 'birthCertificateNumber', 'bpjsCardNumber', 'childNik', 'kkNumber']);
    const certificate = app.references.find((r) => r.key === 'birthCertificateNumber');
    expect(certificate).toMatchObject({ label: { id: 'Nomor akta kelahiran', en: 'Birth certificate number' }, stepId: 'register-birth', agency: 'civil-registry' });
    expect(certificate?.value).toBe(stepOf(app, 'register-birth').references.birthCertificateNumber);
    expect(app.summary.en).toBe('Your birth application is complete. Your reference numbers are listed below.');
    expect(app.summary.id).toBe('Permohonan Kelahiran Anda selesai. Nomor-nomor dokumen Anda tercantum di bawah.');
    expect(app.nextAction.code).toBe('NONE');
  });

  it('birth-officer: the PKH step waits for a Kemensos officer, with its due date from its 120-hour SLA, then completes', async () => {
    const id = await file(scenarioApplication('birth-officer'));
    const waiting = await until(id, (a) => stepOf(a, 'assess-family')?.status === 'WAITING_FOR_OFFICER' && stepOf(a, 'enrol-newborn')?.status === 'COMPLETED', 'the officer wait');
    const assess = stepOf(waiting, 'assess-family');
    expect(assess.waitingFor).toBe('officer');
    expect(Date.parse(assess.expectedBy as string)).toBe(Date.parse(assess.startedAt as string) + 120 * SLA_HOUR_MS);
    expect(waiting.expectedCompletionBy).toBe(assess.expectedBy);
    expect(stepOf(waiting, 'enrol-newborn')).toMatchObject({ waitingFor: null, expectedBy: null });
    expect(waiting.summary.en).toContain('Welfare register update and PKH assessment (waiting for a Kemensos officer to decide)');
    expect(waiting.summary.id).toContain('Pemutakhiran data kesejahteraan dan PKH (menunggu keputusan petugas Kemensos)');
    expect(waiting.nextAction).toMatchObject({ required: false, code: 'NONE' });

    const officer = await token('officer', 'officer-kemensos-citizen', 'social-aid');
    const decided = await claimAndDecide(officer, `${id}:assess-family`, { outcome: 'APPROVE', reason: 'verified' });
    expect(decided.status).toBe(200);
    const done = await until(id, settled, 'birth-officer to finish');
    expectSettledTimeline(done, 'COMPLETED', { 'verify-late-report': 'SKIPPED', 'register-birth': 'COMPLETED', 'enrol-newborn': 'COMPLETED', 'assess-family': 'COMPLETED' });
    expect(refKeys(done)).toContain('pkhGrantId');
  });

  it('birth-late: the registration waits behind the late-report check, due 24 SLA hours after it', async () => {
    const id = await file(scenarioApplication('birth-late'));
    const waiting = await until(id, (a) => stepOf(a, 'verify-late-report')?.status === 'WAITING_FOR_OFFICER', 'the late-report check');
    const check = stepOf(waiting, 'verify-late-report');
    expect(check.waitingFor).toBe('officer');
    const registration = stepOf(waiting, 'register-birth');
    expect(registration).toMatchObject({ status: 'PENDING', waitingFor: null });
    // Not started: due when its predecessor is expected to end (no earlier than now if that is overdue) plus 24 hours.
    expect(Date.parse(registration.expectedBy as string)).toBeGreaterThanOrEqual(Date.parse(check.expectedBy as string) + 24 * SLA_HOUR_MS);
    expect(Date.parse(waiting.expectedCompletionBy as string)).toBeGreaterThan(Date.parse(registration.expectedBy as string));

    const officer = await token('officer', 'officer-dukcapil-citizen', 'civil-registry');
    expect((await claimAndDecide(officer, `${id}:verify-late-report`, { outcome: 'APPROVE', reason: 'hospital letter' })).status).toBe(200);
    const done = await until(id, settled, 'birth-late to finish');
    expectSettledTimeline(done, 'COMPLETED', { 'verify-late-report': 'COMPLETED', 'register-birth': 'COMPLETED', 'enrol-newborn': 'COMPLETED', 'assess-family': 'COMPLETED' });
  });

  it('birth-rejected: the reason in both languages, and what the citizen may do', async () => {
    const app = await until(await file(birthApplication('birth-rejected', 'Citra')), settled, 'birth-rejected');
    expectSettledTimeline(app, 'REJECTED', { 'verify-late-report': 'SKIPPED', 'register-birth': 'REJECTED', 'enrol-newborn': 'SKIPPED', 'assess-family': 'SKIPPED' });
    expect(app.summary.en).toBe(`Your birth application was rejected. Reason: ${app.reason?.en}`);
    expect(app.summary.id).toBe(`Permohonan Kelahiran Anda ditolak. Alasan: ${app.reason?.id}`);
    expect(app.nextAction.code).toBe('MAY_REAPPLY');
    expect(app.references).toEqual([]);
  });

  it('death: the death certificate and the heirs\' claim number', async () => {
    const base = scenarioApplication('death');
    const app = await until(await file({ ...base, data: { ...base.data, deceasedNik: await newWijayaMember() } }), settled, 'death');
    expect(app.status).toBe('COMPLETED');
    expectSettledTimeline(app, 'COMPLETED', Object.fromEntries(app.steps.map((s) => [s.stepId, s.status])));
    expect(refKeys(app)).toEqual(expect.arrayContaining(['deathCertificateNumber', 'deathBenefitClaimNumber']));
  });

  it.each<[Scenario, string]>([
    ['death-rejected', 'register-death'],
    ['relocation-rejected', 'issue-move-letter'],
    ['scholarship-rejected', 'confirm-welfare-status'],
  ])('%s: rejected at %s, the rest skipped, nothing expected any more', async (scenario, rejectedStep) => {
    const app = await until(await file(scenarioApplication(scenario)), settled, scenario);
    expectSettledTimeline(app, 'REJECTED', Object.fromEntries(app.steps.map((s) => [s.stepId, s.status])));
    expect(stepOf(app, rejectedStep).status).toBe('REJECTED');
    expect(app.nextAction.code).toBe('MAY_REAPPLY');
    expect(app.summary.en).toContain('was rejected. Reason: ');
  });

  it('relocation: the move letter, the new family card, the clinic and the transfer', async () => {
    const app = await until(await file(scenarioApplication('relocation')), settled, 'relocation');
    expectSettledTimeline(app, 'COMPLETED', { 'issue-move-letter': 'COMPLETED', 'move-primary-clinic': 'COMPLETED', 'transfer-household': 'COMPLETED' });
    expect(refKeys(app)).toEqual(['clinicCode', 'moveLetterNumber', 'newKkNumber', 'transferId']);
  });

  it('relocation-compensated: the undone move letter and clinic move are shown as no longer valid', async () => {
    const app = await until(await file(scenarioApplication('relocation-compensated')), settled, 'relocation-compensated');
    expectSettledTimeline(app, 'REJECTED', { 'issue-move-letter': 'COMPENSATED', 'move-primary-clinic': 'COMPENSATED', 'transfer-household': 'REJECTED' });
    expect(app.references.find((r) => r.key === 'moveLetterNumber')).toMatchObject({ valid: false });
    expect(refKeys(app)).toEqual([]);
  });

  it('scholarship: the KIP card number', async () => {
    const app = await until(await file(scenarioApplication('scholarship')), settled, 'scholarship');
    expectSettledTimeline(app, 'COMPLETED', { 'confirm-family': 'COMPLETED', 'confirm-welfare-status': 'COMPLETED', 'issue-kip-card': 'COMPLETED' });
    expect(refKeys(app)).toContain('kipCardNumber');
  });
});

describe('lookup by the portal\'s own reference, and the list', () => {
  it('finds an application by the Idempotency-Key it was filed with, only for the portal that filed it', async () => {
    const key = `portal-tx-${randomUUID()}`;
    const accepted = await submit(portal, birthApplication('birth-auto', 'Laras'), key);
    const found = await http<CitizenView>('GET', `${PORTAL}/v1/applications/by-reference/${key}`, { token: portal });
    expect(found.status).toBe(200);
    expect(found.body.id).toBe(accepted.body.id);
    expect(found.body.steps.length).toBeGreaterThan(0);
    const listed = await http<{ items: Array<{ id: string }> }>('GET', `${PORTAL}/v1/applications?idempotencyKey=${key}`, { token: portal });
    expect(listed.body.items.map((i) => i.id)).toEqual([accepted.body.id]);

    const otherPortal = await token('portal', `portal-other-${randomUUID()}`);
    expect((await http('GET', `${PORTAL}/v1/applications/by-reference/${key}`, { token: otherPortal })).status).toBe(404);
    expect((await http<{ items: unknown[] }>('GET', `${PORTAL}/v1/applications?idempotencyKey=${key}`, { token: otherPortal })).body.items).toEqual([]);
    expect((await http('GET', `${PORTAL}/v1/applications/by-reference/bad key!`, { token: portal })).status).toBe(422);
  });

  it('lists the caller\'s applications with filters and pages, each with its status in both languages', async () => {
    const own = await token('portal', `portal-list-${randomUUID()}`);
    const ids: string[] = [];
    for (const name of ['Mawar', 'Melati', 'Kenanga']) ids.push((await submit(own, birthApplication('birth-auto', name))).body.id);
    ids.push((await submit(own, scenarioApplication('scholarship'))).body.id);
    const births = await http<{ items: Array<{ id: string; lifeEvent: string; statusText: Text; title: Text }>; nextCursor: string | null }>(
      'GET', `${PORTAL}/v1/applications?lifeEvent=BIRTH&limit=2`, { token: own },
    );
    expect(births.body.items).toHaveLength(2);
    expect(births.body.items.every((i) => i.lifeEvent === 'BIRTH')).toBe(true);
    bilingual(births.body.items[0].statusText);
    expect(births.body.items[0].title).toEqual({ id: 'Kelahiran', en: 'Birth' });
    const next = await http<{ items: Array<{ id: string }>; nextCursor: string | null }>('GET', `${PORTAL}/v1/applications?lifeEvent=BIRTH&limit=2&cursor=${births.body.nextCursor}`, { token: own });
    expect([...births.body.items, ...next.body.items].map((i) => i.id).sort()).toEqual(ids.slice(0, 3).sort());
    const future = await http<{ items: unknown[] }>('GET', `${PORTAL}/v1/applications?createdFrom=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { token: own });
    expect(future.body.items).toEqual([]);
    expect((await http('GET', `${PORTAL}/v1/applications?channel=FAX`, { token: own })).status).toBe(422);
  });
});

describe('assisted channels', () => {
  it('records and shows the counter officer who filed for the citizen', async () => {
    const body = { ...birthApplication('birth-auto', 'Sekar'), channel: 'MPP_COUNTER', assistedBy: { officerId: 'mpp-jaksel-017', office: 'MPP Jakarta Selatan' } };
    const accepted = await submit(portal, body);
    expect(accepted.status).toBe(202);
    const app = await view(accepted.body.id);
    expect(app).toMatchObject({ channel: 'MPP_COUNTER', assistedBy: { officerId: 'mpp-jaksel-017', office: 'MPP Jakarta Selatan' } });
    const [row] = await ds.query('SELECT channel, assisted_by FROM applications WHERE id = $1', [accepted.body.id]);
    expect(row).toEqual({ channel: 'MPP_COUNTER', assisted_by: { officerId: 'mpp-jaksel-017', office: 'MPP Jakarta Selatan' } });
    const self = await view((await submit(portal, birthApplication('birth-auto', 'Sinta'))).body.id);
    expect(self).toMatchObject({ channel: 'SELF', assistedBy: null });
  });

  it('requires the officer on an assisted channel, refuses it on SELF, and keeps citizens to SELF', async () => {
    const missing = await submit(portal, { ...birthApplication('birth-auto'), channel: 'MOBILE_SERVICE' });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.body)).toContain('assistedBy (officerId, office) is required when channel is MOBILE_SERVICE');
    const onSelf = await submit(portal, { ...birthApplication('birth-auto'), assistedBy: { officerId: 'x1', office: 'MPP Bandung' } });
    expect(onSelf.status).toBe(422);
    const badOfficer = await submit(portal, { ...birthApplication('birth-auto'), channel: 'MPP_COUNTER', assistedBy: { officerId: 'a b', office: '' } });
    expect(badOfficer.status).toBe(422);
    const fields = (badOfficer.body as unknown as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['assistedBy.office', 'assistedBy.officerId']));
    const citizen = await token('citizen', DEMO_FAMILIES.member.mother.nik);
    const byCitizen = await submit(citizen, { ...birthApplication('birth-auto'), channel: 'MPP_COUNTER', assistedBy: { officerId: 'x1', office: 'MPP Bandung' } });
    expect(byCitizen.status).toBe(422);
  });
});

describe('who may read an application', () => {
  it('lets the citizen read their own application and nobody else\'s, in every form', async () => {
    const key = `citizen-own-${randomUUID()}`;
    const owner = await token('citizen', DEMO_FAMILIES.member.mother.nik);
    const accepted = await submit(owner, birthApplication('birth-auto', 'Wulan'), key);
    expect(accepted.status).toBe(202);
    const id = accepted.body.id;
    expect((await http('GET', `${PORTAL}/v1/applications/${id}`, { token: owner })).status).toBe(200);
    expect((await http('GET', `${PORTAL}/v1/applications/by-reference/${key}`, { token: owner })).status).toBe(200);

    const stranger = await token('citizen', DEMO_FAMILIES.eligible.mother.nik);
    expect((await http('GET', `${PORTAL}/v1/applications/${id}`, { token: stranger })).status).toBe(404);
    expect((await http('GET', `${PORTAL}/v1/applications/by-reference/${key}`, { token: stranger })).status).toBe(404);
    const events = await fetch(`${PORTAL}/v1/applications/${id}/events`, { headers: { Authorization: `Bearer ${stranger}` } });
    expect(events.status).toBe(404);
    expect(events.headers.get('content-type')).toContain('application/problem+json');
    const listed = await http<{ items: Array<{ id: string }> }>('GET', `${PORTAL}/v1/applications?limit=100`, { token: stranger });
    expect(listed.body.items.map((i) => i.id)).not.toContain(id);
    const ownList = await http<{ items: Array<{ id: string }> }>('GET', `${PORTAL}/v1/applications?limit=100`, { token: owner });
    expect(ownList.body.items.map((i) => i.id)).toContain(id);

    const otherPortal = await token('portal', `portal-stranger-${randomUUID()}`);
    expect((await http('GET', `${PORTAL}/v1/applications/${id}`, { token: otherPortal })).status).toBe(404);
    const officer = await token('officer', 'officer-1', 'civil-registry');
    expect((await http('GET', `${PORTAL}/v1/applications/${id}`, { token: officer })).status).toBe(403);
    expect((await http('GET', `${PORTAL}/v1/applications/${id}`)).status).toBe(401);
  });
});
