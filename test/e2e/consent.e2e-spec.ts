/**
 * Consent through the running system: the citizen's consent per data-sharing step is recorded with the application
 * and shown in its status; a step without consent is skipped with the reason (the agency is never called); withdrawing
 * consent skips the steps that have not started yet.
 */
import { randomUUID } from 'node:crypto';
import { birthApplication, DEMO_FAMILIES } from '@simpul/testing';
import { BACKOFFICE, PORTAL, http, sandboxAdmin, submit, waitForApplication, type ApplicationView } from '../support/api';
import { eventually, testConfig, token } from '../support/env';
import { keepHistory } from '../support/histories';

const config = testConfig();
/** Withdrawing a consent is a step-up action: these citizens signed in with the digital identity. */
const HIGH = { acr: config.auth.acr.high };
const admin = sandboxAdmin(config.sandbox.adminKey);
const final = (a: ApplicationView) => ['COMPLETED', 'REJECTED', 'FAILED'].includes(a.status);
type ConsentView = { stepId: string; granted: boolean; revokedAt: string | null };
type WithConsents = ApplicationView & { consents: ConsentView[] | null };
const step = (a: ApplicationView, id: string) => a.steps.find((s) => s.stepId === id);

afterAll(() => admin.clearFaults());

describe('consent per data-sharing step', () => {
  it('skips a step the citizen did not consent to, with the reason, and never calls its agency', async () => {
    const citizen = await token('citizen', DEMO_FAMILIES.member.mother.nik, undefined, HIGH);
    const correlationId = randomUUID();
    const body = { ...birthApplication('birth-auto', 'Laras Wijaya'), consents: { 'enrol-newborn': false, 'assess-family': true } };
    const accepted = await submit(citizen, body, undefined, correlationId);
    expect(accepted.status).toBe(202);
    const done = (await waitForApplication(citizen, accepted.body.id, final, 'the birth to finish')) as WithConsents;
    expect(done.status).toBe('COMPLETED');
    expect(step(done, 'register-birth')?.status).toBe('COMPLETED');
    expect(step(done, 'enrol-newborn')).toMatchObject({ status: 'SKIPPED', message: { en: expect.stringContaining('you did not consent to share your data with BPJS Kesehatan') } });
    expect(step(done, 'assess-family')?.status).not.toBe('SKIPPED');
    expect(done.consents).toEqual([
      expect.objectContaining({ stepId: 'enrol-newborn', granted: false, revokedAt: null }),
      expect.objectContaining({ stepId: 'assess-family', granted: true, revokedAt: null }),
    ]);
    const calls = await admin.callsOf(correlationId);
    expect(calls.body['bpjs-health'] ?? 0).toBe(0);
    expect(calls.body['civil-registry']).toBeGreaterThan(0);
    keepHistory(done, 'consent-declined');
  });

  it('stops future sharing when the citizen withdraws consent before the step starts; only the owner may', async () => {
    const mother = DEMO_FAMILIES.eligible.mother.nik;
    const citizen = await token('citizen', mother, undefined, HIGH);
    const correlationId = randomUUID();
    // Hold the registry's answer, so the later steps have not started when consent is withdrawn.
    await admin.setFault('civil-registry', { latencyMs: 4000, correlationId });
    const accepted = await submit(citizen, birthApplication('birth-officer', 'Wulan Rahmawati'), undefined, correlationId);
    expect(accepted.status).toBe(202);
    const id = accepted.body.id;
    await waitForApplication(citizen, id, (a) => step(a, 'register-birth')?.status === 'RUNNING', 'the registry step to run');

    const url = `${PORTAL}/v1/applications/${id}/consents/assess-family`;
    expect((await http('DELETE', url)).status).toBe(401);
    expect((await http('DELETE', url, { token: await token('citizen', DEMO_FAMILIES.outside.mother.nik, undefined, HIGH) })).status).toBe(404);
    expect((await http('DELETE', url, { token: await token('officer', 'officer-consent', 'social-aid') })).status).toBe(403);
    expect((await http('DELETE', url, { token: await token('portal', 'another-portal') })).status).toBe(404);
    // A step that asks for no consent has no consent to withdraw: that resource does not exist.
    const notConsentStep = await http<{ detail: string }>('DELETE', `${PORTAL}/v1/applications/${id}/consents/register-birth`, { token: citizen });
    expect(notConsentStep.status).toBe(404);
    expect(notConsentStep.body.detail).toContain('register-birth');

    const revoked = await http<ConsentView>('DELETE', url, { token: citizen });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ stepId: 'assess-family', granted: false, revokedAt: expect.any(String) });
    expect((await http('DELETE', url, { token: citizen })).status).toBe(200); // repeating it is harmless

    const done = (await waitForApplication(citizen, id, final, 'the birth to finish')) as WithConsents;
    expect(done.status).toBe('COMPLETED');
    expect(step(done, 'enrol-newborn')?.status).toBe('COMPLETED');
    expect(step(done, 'assess-family')).toMatchObject({ status: 'SKIPPED', message: { en: expect.stringContaining('you withdrew your consent to share your data with Kemensos') } });
    expect(done.consents?.find((c) => c.stepId === 'assess-family')).toMatchObject({ granted: false, revokedAt: revoked.body.revokedAt });
    expect((await admin.callsOf(correlationId)).body['social-aid'] ?? 0).toBe(0);
    // Nothing for a social-aid officer to decide.
    const officer = await token('officer', 'officer-kemensos-consent', 'social-aid');
    const queue = await http<{ items: Array<{ applicationId: string }> }>('GET', `${BACKOFFICE}/v1/tasks?limit=200`, { token: officer });
    expect(queue.body.items.map((t) => t.applicationId)).not.toContain(id);
    keepHistory(done, 'consent-revoked');
  });

  it('validates the consents at intake, naming the field', async () => {
    const portal = await token('portal', 'portal-consent');
    const unknown = await submit(portal, { ...birthApplication('birth-auto'), consents: { 'register-birth': true, 'enrol-newborn': 'yes' } });
    expect(unknown.status).toBe(422);
    const fields = (unknown.body as unknown as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['consents.enrol-newborn', 'consents.register-birth']);
    const notObject = await submit(portal, { ...birthApplication('birth-auto'), consents: ['enrol-newborn'] });
    expect(notObject.status).toBe(422);
  });

  it('lists the consent steps in the catalog', async () => {
    const catalog = await http<{ items: Array<{ type: string; consentSteps: string[] }> }>('GET', `${PORTAL}/v1/life-events`, { token: await token('portal', 'portal-consent') });
    expect(Object.fromEntries(catalog.body.items.map((i) => [i.type, i.consentSteps]))).toEqual({
      BIRTH: ['enrol-newborn', 'assess-family'],
      DEATH: ['open-death-benefit-claim'],
      RELOCATION: ['move-primary-clinic'],
      SCHOLARSHIP: [],
      MARRIAGE: ['move-spouse-membership'],
    });
  });
});

// A revocation after the application finished changes the record and stops nothing (there is nothing left to share).
describe('consent withdrawn after the end', () => {
  it('is recorded and harmless', async () => {
    const citizen = await token('citizen', DEMO_FAMILIES.member.mother.nik, undefined, HIGH);
    const accepted = await submit(citizen, birthApplication('birth-auto', 'Nadia Wijaya'));
    await waitForApplication(citizen, accepted.body.id, final, 'the birth to finish');
    const res = await http<ConsentView>('DELETE', `${PORTAL}/v1/applications/${accepted.body.id}/consents/enrol-newborn`, { token: citizen });
    expect(res.status).toBe(200);
    await eventually(async () => {
      const view = await http<WithConsents>('GET', `${PORTAL}/v1/applications/${accepted.body.id}`, { token: citizen });
      return view.body.consents?.find((c) => c.stepId === 'enrol-newborn')?.revokedAt ? true : undefined;
    }, 'the revocation to be recorded');
  });
});
