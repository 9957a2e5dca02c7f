/**
 * Proactive services through the running system: a health facility's FHIR R4 notification opens a draft, completed
 * from the civil registry's family card, the family confirms it and it completes like any application; repeats,
 * invalid Bundles (OperationOutcome naming the path), another facility's events, and an unconfirmed draft's expiry.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Topics } from '@simpul/contracts';
import { createKafka } from '@simpul/messaging';
import { OutboxRepository } from '@simpul/persistence';
import { DEMO_FACILITIES, DEMO_FAMILIES, facilityBirthBundle, facilityDeathBundle } from '@simpul/testing';
import { DraftsRepository } from '../../apps/portal-api/src/health-facility-events/drafts.repository';
import { PORTAL, http, waitForApplication, type HttpAnswer } from '../support/api';
import { eventually, facilityToken, testConfig, token } from '../support/env';
import { newFamily } from '../support/sandbox-residents';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FHIR = 'application/fhir+json';
const DAY = 86_400_000;
const clinic = DEMO_FACILITIES.clinic.id;
const member = DEMO_FAMILIES.member;

let ds: DataSource;
let clinicToken: string;
let hospitalToken: string;
let mother: string;

beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: testConfig().databaseUrl }).initialize();
  [clinicToken, hospitalToken, mother] = await Promise.all([facilityToken(clinic), facilityToken(DEMO_FACILITIES.hospital.id), token('citizen', member.mother.nik)]);
});
afterAll(() => ds.destroy());

/** Posts a Bundle as a facility system does. */
async function notify(bundle: unknown, as = clinicToken, contentType = FHIR): Promise<HttpAnswer<Json>> {
  const res = await fetch(`${PORTAL}/v1/health-facility-events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${as}`, 'Content-Type': contentType, Accept: FHIR },
    body: typeof bundle === 'string' ? bundle : JSON.stringify(bundle),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

/** The citizen notification keyed by `key` on notifications.citizen.v1, read from the topic as the gateway does. */
async function notificationOf(key: string): Promise<Json> {
  const kafka = createKafka(testConfig().kafkaBrokers, `test-draft-notifications-${randomUUID()}`);
  const consumer = kafka.consumer({ groupId: `test-draft-notifications-${randomUUID()}` });
  let found: Json | undefined;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: Topics.notifications, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void (message.key?.toString() === key && (found = JSON.parse(message.value?.toString() ?? '{}'))) });
    return await eventually(async () => found, `the notification of draft ${key}`, 60_000);
  } finally {
    await consumer.disconnect();
  }
}

/** The expressions an OperationOutcome points at. */
const expressions = (outcome: Json): string[] => outcome.issue.flatMap((i: Json) => i.expression ?? []);

describe('POST /v1/health-facility-events', () => {
  it('opens a draft from a clinic birth Bundle, sealed at rest, and tells the mother without personal data', async () => {
    const res = await notify(facilityBirthBundle({ motherNik: member.mother.nik }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), lifeEvent: 'BIRTH', status: 'DRAFT', facilityId: clinic });
    expect(res.headers.get('location')).toBe(`/v1/application-drafts/${res.body.id}`);

    const [row] = await ds.query('SELECT data::text AS data, facility_id FROM application_drafts WHERE id = $1', [res.body.id]);
    expect(row.facility_id).toBe(clinic);
    expect(row.data).toContain('$sealed');
    expect(row.data).not.toContain(member.mother.nik);
    const note = await notificationOf(res.body.id);
    expect(note).toMatchObject({ type: 'DraftOpened', applicationId: res.body.id, payload: { draftId: res.body.id, lifeEvent: 'BIRTH', actionRequired: true, recipientRefs: expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{64}$/)]) } });
    // The mother, and the head of her family from the family card (while he is alive in the registry): keyed hashes only.
    expect(note.payload.recipientRefs.every((r: string) => /^[0-9a-f]{64}$/.test(r))).toBe(true);
    expect(JSON.stringify(note)).not.toContain(member.mother.nik);
  });

  it('answers a repeated Bundle with the same draft, and a different Bundle under a used identifier with 409', async () => {
    const bundle = facilityBirthBundle({ motherNik: member.mother.nik, type: 'collection' });
    const first = await notify(bundle);
    const again = await notify(bundle);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    const changed = await notify({ ...bundle, entry: (bundle.entry as Json[]).map((e) => (e.resource.multipleBirthInteger ? { ...e, resource: { ...e.resource, gender: 'male' } } : e)) });
    expect(changed.status).toBe(409);
    expect(changed.body.resourceType).toBe('OperationOutcome');
    expect(expressions(changed.body)).toEqual(['Bundle.identifier']);
  });

  const broken: Array<[string, (b: Json) => unknown, string]> = [
    ['a birth date that is no date', (b) => withNewborn(b, { birthDate: '2026-13-45' }), 'Bundle.entry[1].resource.birthDate'],
    ['an element FHIR does not have', (b) => withNewborn(b, { favouriteColour: 'blue' }), 'Bundle.entry[1].resource.favouriteColour'],
    ["a mother's NIK that is a man's", (b) => withMother(b, member.father.nik), 'Bundle.entry[2].resource.identifier[0].value'],
    ['no birth weight', (b) => ({ ...b, entry: (b.entry as Json[]).filter((e) => !JSON.stringify(e).includes('8339-4')) }), 'Bundle.entry'],
    ['no profile', (b) => ({ ...b, meta: {} }), 'Bundle.meta.profile'],
    ['another resource than a Bundle', () => ({ resourceType: 'Patient', gender: 'female' }), 'Bundle'],
  ];
  it.each(broken)('refuses %s with an OperationOutcome naming the path', async (_what, breakIt, path) => {
    const res = await notify(breakIt(facilityBirthBundle({ motherNik: member.mother.nik })));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain(FHIR);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(expressions(res.body)).toContain(path);
  });

  it('refuses malformed JSON and another media type, in FHIR terms where the client speaks FHIR', async () => {
    const malformed = await notify('{"resourceType": "Bundle",');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid' }] });
    expect((await notify(facilityBirthBundle(), clinicToken, 'application/json')).status).toBe(415);
  });

  it('lets a facility notify only events at itself, and only facilities notify', async () => {
    const elsewhere = await notify(facilityBirthBundle({ facilityId: clinic }), hospitalToken);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.issue[0]).toMatchObject({ code: 'forbidden', expression: [expect.stringMatching(/^Bundle\.entry\[\d\]\.resource\.identifier\[0\]\.value$/)] });
    expect((await notify(facilityBirthBundle(), mother)).status).toBe(403);
    const anonymous = await notify(facilityBirthBundle(), '');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.issue[0].code).toBe('login');
  });
});

describe('the family confirms a draft', () => {
  it('shows the mother her draft, with the family card filled in and what is missing, and nobody else', async () => {
    const { body } = await notify(facilityBirthBundle({ motherNik: member.mother.nik }));
    const draft = await http<Json>('GET', `${PORTAL}/v1/application-drafts/${body.id}`, { token: mother });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ status: 'DRAFT', lifeEvent: 'BIRTH', data: { motherNik: member.mother.nik, kkNumber: member.kkNumber, child: { sex: 'F', birthPlace: DEMO_FACILITIES.clinic.city } } });
    expect(draft.body.missing).toEqual(['child.name']);
    expect(draft.body.consentSteps.map((s: Json) => s.stepId)).toEqual(['enrol-newborn', 'assess-family']);
    const list = await http<Json>('GET', `${PORTAL}/v1/application-drafts?limit=200`, { token: mother });
    expect(list.body.items.map((d: Json) => d.id)).toContain(body.id);
    const stranger = await token('citizen', DEMO_FAMILIES.outside.mother.nik);
    expect((await http('GET', `${PORTAL}/v1/application-drafts/${body.id}`, { token: stranger })).status).toBe(404);
  });

  it('submits the completed draft as the application with its id, which completes; a second confirmation is answered or refused', async () => {
    const { body } = await notify(facilityBirthBundle({ motherNik: member.mother.nik }));
    const key = `confirm-${randomUUID()}`;
    const confirmation = { data: { kkNumber: member.kkNumber, fatherNik: member.father.nik, child: { name: 'Putri Sehat' } }, consents: { 'enrol-newborn': true, 'assess-family': true } };
    const confirm = (k: string) => http<Json>('POST', `${PORTAL}/v1/application-drafts/${body.id}/confirmation`, { token: mother, body: confirmation, headers: { 'Idempotency-Key': k } });
    const accepted = await confirm(key);
    expect(accepted.status).toBe(202);
    expect(accepted.body.id).toBe(body.id);
    const app = await waitForApplication(mother, body.id, (a) => a.status === 'COMPLETED', 'the confirmed birth to complete', 180_000);
    expect(app.steps.find((s) => s.stepId === 'register-birth')?.status).toBe('COMPLETED');

    const replay = await confirm(key);
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body.id]).toEqual([202, 'true', body.id]);
    expect((await confirm(`confirm-${randomUUID()}`)).status).toBe(409);
    const draft = await http<Json>('GET', `${PORTAL}/v1/application-drafts/${body.id}`, { token: mother });
    expect(draft.body).toMatchObject({ status: 'CONFIRMED', data: null, applicationUrl: `/v1/applications/${body.id}` });
    const [row] = await ds.query('SELECT data FROM application_drafts WHERE id = $1', [body.id]);
    expect(row.data).toBeNull();
  });

  it('names the field a confirmation still lacks (422), and submits nothing', async () => {
    const { body } = await notify(facilityBirthBundle({ motherNik: member.mother.nik }));
    const res = await http<Json>('POST', `${PORTAL}/v1/application-drafts/${body.id}/confirmation`, { token: mother, body: {}, headers: { 'Idempotency-Key': `confirm-${randomUUID()}` } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: Json) => e.field)).toContain('data.child.name');
    expect(await ds.query('SELECT 1 FROM applications WHERE id = $1', [body.id])).toHaveLength(0);
  });

  it('lets the next of kin a death notification names, or any adult of the family card, confirm it as the reporter, signed in at the high level', async () => {
    const family = await newFamily();
    const kin = family.mother;
    const { status, body } = await notify(facilityDeathBundle({ deceasedNik: family.father, kinNik: kin }), hospitalToken);
    expect(status).toBe(201);
    const kinToken = await token('citizen', kin);
    const draft = await http<Json>('GET', `${PORTAL}/v1/application-drafts/${body.id}`, { token: kinToken });
    expect(draft.body).toMatchObject({ lifeEvent: 'DEATH', data: { deceasedNik: family.father, kkNumber: family.kkNumber, placeOfDeath: DEMO_FACILITIES.hospital.city }, missing: [] });
    // The grown-up son is on the card: he may confirm too, though the hospital did not name him.
    expect((await http('GET', `${PORTAL}/v1/application-drafts/${body.id}`, { token: await token('citizen', family.son) })).status).toBe(200);
    const confirmation = (as: string) => http<Json>('POST', `${PORTAL}/v1/application-drafts/${body.id}/confirmation`, {
      token: as,
      body: { consents: { 'open-death-benefit-claim': true } },
      headers: { 'Idempotency-Key': `confirm-${randomUUID()}` },
    });
    // Confirming a death files a death: a password sign-in is asked to step up, as POST /v1/applications does.
    const basic = await confirmation(kinToken);
    expect([basic.status, basic.body.type]).toEqual([401, 'https://simpul.go.id/problems/step-up-required']);
    expect(basic.headers.get('www-authenticate')).toContain('insufficient_user_authentication');
    const res = await confirmation(await token('citizen', kin, undefined, { acr: testConfig().auth.acr.high }));
    expect([res.status, res.body.errors]).toEqual([202, undefined]);
    const app = await waitForApplication(kinToken, body.id, (a) => !['SUBMITTED', 'IN_PROGRESS'].includes(a.status), 'the death application to end', 180_000);
    expect(app.lifeEvent).toBe('DEATH');
    const [stored] = await ds.query('SELECT data FROM applications WHERE id = $1', [body.id]);
    expect(stored.data).toMatchObject({ reporterNik: kin, kkNumber: family.kkNumber });
  });

  it("completes a birth draft from the mother's family card, lets the head of the family confirm it, and audits the read without a NIK", async () => {
    const family = await newFamily();
    const { status, body } = await notify(facilityBirthBundle({ motherNik: family.mother }));
    expect(status).toBe(201);
    const father = await token('citizen', family.father);
    const draft = await http<Json>('GET', `${PORTAL}/v1/application-drafts/${body.id}`, { token: father });
    expect(draft.body).toMatchObject({ status: 'DRAFT', data: { motherNik: family.mother, kkNumber: family.kkNumber, fatherNik: family.father }, missing: ['child.name'] });
    const accepted = await http<Json>('POST', `${PORTAL}/v1/application-drafts/${body.id}/confirmation`, {
      token: father,
      body: { data: { child: { name: 'Sekar Pratama' } }, consents: { 'enrol-newborn': true, 'assess-family': true } },
      headers: { 'Idempotency-Key': `confirm-${randomUUID()}` },
    });
    expect(accepted.status).toBe(202);
    const app = await waitForApplication(father, body.id, (a) => !['SUBMITTED', 'IN_PROGRESS'].includes(a.status), 'the birth confirmed by the father to end', 180_000);
    expect([app.status, app.steps.find((s) => s.stepId === 'register-birth')?.status]).toEqual(['COMPLETED', 'COMPLETED']);

    const reads: Array<{ actor: Json; details: Json; row: string }> = await ds.query(
      `SELECT actor, details, (to_jsonb(e))::text AS row FROM audit_entries e WHERE action = 'family-card.read' AND actor->>'subject' = $1 ORDER BY seq DESC LIMIT 1`,
      [facilityClientSubject(clinicToken)],
    );
    expect(reads[0]).toMatchObject({ actor: { role: 'facility' }, details: { purpose: 'draft-prefill', outcome: 'FOUND', members: 3 } });
    for (const nik of [family.mother, family.father, family.son, family.kkNumber]) expect(reads[0].row).not.toContain(nik);
  });

  it('expires a draft nobody confirmed: its data goes, and it can no longer be confirmed', async () => {
    const { body } = await notify(facilityBirthBundle({ motherNik: member.mother.nik }));
    const drafts = new DraftsRepository(ds, new OutboxRepository(ds));
    expect(await drafts.expire(new Date(Date.now() + 30 * DAY), [body.id])).toEqual({ expired: 0 });
    expect(await drafts.expire(new Date(Date.now() + 61 * DAY), [body.id])).toEqual({ expired: 1 });
    const draft = await http<Json>('GET', `${PORTAL}/v1/application-drafts/${body.id}`, { token: mother });
    expect(draft.body).toMatchObject({ status: 'EXPIRED', data: null });
    const late = await http<Json>('POST', `${PORTAL}/v1/application-drafts/${body.id}/confirmation`, { token: mother, body: { data: { kkNumber: member.kkNumber } }, headers: { 'Idempotency-Key': `confirm-${randomUUID()}` } });
    expect(late.status).toBe(410);
  });
});

/** The subject of a facility's token, as the audit trail names the facility. */
function facilityClientSubject(bearer: string): string {
  return JSON.parse(Buffer.from(bearer.split('.')[1], 'base64url').toString()).sub as string;
}

function withNewborn(bundle: Json, change: Json): Json {
  return { ...bundle, entry: (bundle.entry as Json[]).map((e) => (e.resource.multipleBirthInteger ? { ...e, resource: { ...e.resource, ...change } } : e)) };
}

function withMother(bundle: Json, nik: string): Json {
  return { ...bundle, entry: (bundle.entry as Json[]).map((e) => (e.resource.resourceType === 'Patient' && !e.resource.multipleBirthInteger ? { ...e, resource: { ...e.resource, identifier: [{ ...e.resource.identifier[0], value: nik }] } } : e)) };
}
