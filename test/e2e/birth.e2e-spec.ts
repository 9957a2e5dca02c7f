import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { birthApplication } from '@simpul/testing';
import { BACKOFFICE, http, sandboxAdmin, submit, waitForApplication, type ApplicationView } from '../support/api';
import { eventually, testConfig, token } from '../support/env';
import { keepHistory } from '../support/histories';

const config = testConfig();
const admin = sandboxAdmin(config.sandbox.adminKey);
const final = (a: ApplicationView) => ['COMPLETED', 'REJECTED', 'FAILED'].includes(a.status);
const step = (a: ApplicationView, id: string) => a.steps.find((s) => s.stepId === id);

/** Letters only (names allow no digits): a child name no earlier run used. */
const uniqueWord = () => randomUUID().replace(/[^a-f]/g, '').slice(0, 8).replace(/^./, (c) => c.toUpperCase());

let ds: DataSource;
let portal: string;

beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
  portal = await token('portal', `portal-e2e-${Date.now()}`);
});
afterAll(async () => {
  await admin.clearFaults();
  await ds.destroy();
});

describe('a birth through the running system (portal → Kafka → Temporal → agencies → read model)', () => {
  it('completes without an officer for a JKN member family outside the welfare register (birth-auto)', async () => {
    const childName = `Anisa ${uniqueWord()}`;
    const accepted = await submit(portal, birthApplication('birth-auto', childName));
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toBe(`/v1/applications/${accepted.body.id}`);

    const app = await waitForApplication(portal, accepted.body.id, final, 'birth-auto to finish');
    expect(app.status).toBe('COMPLETED');
    const registration = step(app, 'register-birth');
    expect(registration).toMatchObject({ agency: 'civil-registry', status: 'COMPLETED' });
    expect(registration?.references.birthCertificateNumber).toMatch(/^3174-LU-\d{8}-\d{4}$/);
    expect(registration?.references.childNik).toMatch(/^317402\d{10}$/);
    expect(registration?.message.id).toContain('Akta kelahiran');
    expect(registration?.message.en).toContain('Birth certificate');
    expect(step(app, 'enrol-newborn')).toMatchObject({ agency: 'bpjs-health', status: 'COMPLETED' });
    expect(step(app, 'enrol-newborn')?.references.bpjsCardNumber).toMatch(/^\d{13}$/);
    expect(step(app, 'assess-family')).toMatchObject({ agency: 'social-aid', status: 'COMPLETED' });
    expect(step(app, 'assess-family')?.message.en).toContain('not in the welfare register');
    for (const s of app.steps) {
      expect(s.startedAt).not.toBeNull();
      expect(s.completedAt).not.toBeNull();
    }

    // Exactly one certificate for this child at the registry, one enrolment at BPJS.
    const certificates = await ds.query(
      `SELECT bc.akta_number FROM sandbox_civil_registry.birth_certificates bc JOIN sandbox_civil_registry.residents r ON r.nik = bc.child_nik WHERE r.name = $1`,
      [childName],
    );
    expect(certificates).toEqual([{ akta_number: registration?.references.birthCertificateNumber }]);
    const enrolments = await ds.query('SELECT count(*)::int AS n FROM sandbox_bpjs_health.members WHERE nik = $1', [registration?.references.childNik]);
    expect(enrolments[0].n).toBe(1);

    const [row] = await ds.query('SELECT status, life_event FROM applications WHERE id = $1', [app.id]);
    expect(row).toEqual({ status: 'COMPLETED', life_event: 'BIRTH' });
    // Everything the application wrote to the outbox (its submission, notifications) drains to Kafka.
    await eventually(async () => {
      const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM outbox WHERE message_key = $1', [app.id]);
      return n === 0 ? true : undefined;
    }, 'the outbox to drain', 15_000);
    keepHistory(app, 'auto');
    // Recorded after Kemensos moved to polling (agency-polling patch): birth-v3-auto.json above predates it.
    keepHistory(app, 'auto-polled');
  });

  it('waits for a social-aid officer for an eligible family, then completes on approval (birth-officer)', async () => {
    const accepted = await submit(portal, birthApplication('birth-officer', 'Bintang Rahmawati'));
    expect(accepted.status).toBe(202);
    const waiting = await waitForApplication(
      portal,
      accepted.body.id,
      (a) => step(a, 'assess-family')?.status === 'WAITING_FOR_OFFICER' && step(a, 'enrol-newborn')?.status === 'COMPLETED',
      'the social-aid step to wait for an officer',
    );
    expect(waiting.status).toBe('IN_PROGRESS');
    expect(step(waiting, 'enrol-newborn')?.message.en).toContain('(PBI)');

    const taskId = `${accepted.body.id}:assess-family`;
    const otherAgency = await token('officer', 'officer-bpjs', 'bpjs-health');
    const refused = await http('POST', `${BACKOFFICE}/v1/tasks/${taskId}/decision`, { token: otherAgency, body: { outcome: 'APPROVE' } });
    expect(refused.status).toBe(404);

    const officer = await token('officer', 'officer-kemensos-1', 'social-aid');
    const queue = await http<{ items: Array<{ id: string }> }>('GET', `${BACKOFFICE}/v1/tasks?limit=100`, { token: officer });
    expect(queue.body.items.map((t) => t.id)).toContain(taskId);

    expect((await http('POST', `${BACKOFFICE}/v1/tasks/${taskId}/claim`, { token: officer })).status).toBe(200);
    const decided = await http('POST', `${BACKOFFICE}/v1/tasks/${taskId}/decision`, { token: officer, body: { outcome: 'APPROVE', reason: 'verified at home visit' } });
    expect(decided.status).toBe(200);
    const again = await http('POST', `${BACKOFFICE}/v1/tasks/${taskId}/decision`, { token: officer, body: { outcome: 'APPROVE', reason: 'verified at home visit' } });
    expect([200, 409]).toContain(again.status);
    const [audited] = await ds.query(`SELECT actor, details, reason FROM audit_entries WHERE action = 'task.decision' AND subject->>'taskId' = $1 ORDER BY seq LIMIT 1`, [taskId]);
    expect(audited).toEqual({ actor: { subject: 'officer-kemensos-1', role: 'officer', agency: 'social-aid' }, details: { stepId: 'assess-family', outcome: 'APPROVE' }, reason: 'verified at home visit' });

    const done = await waitForApplication(portal, accepted.body.id, final, 'birth-officer to finish');
    expect(done.status).toBe('COMPLETED');
    expect(step(done, 'assess-family')).toMatchObject({ status: 'COMPLETED' });
    expect(step(done, 'assess-family')?.references.pkhGrantId).toMatch(/^PKH-/);
    // Kemensos keeps no idempotency: one DTKS proposal for the application, one PKH determination for its registration.
    const proposals = await ds.query('SELECT no_registrasi FROM sandbox_social_aid.usulan WHERE ref_pengirim = $1', [`${done.id}:assess-family`]);
    expect(proposals).toEqual([{ no_registrasi: step(done, 'assess-family')?.references.assessmentId }]);
    const grants = await ds.query('SELECT count(*)::int AS n FROM sandbox_social_aid.penetapan_pkh WHERE no_registrasi = $1', [step(done, 'assess-family')?.references.assessmentId]);
    expect(grants[0].n).toBe(1);
    keepHistory(done, 'officer-approved');
  });

  it('rejects an application whose mother the registry does not know, without retrying (birth-rejected)', async () => {
    const correlationId = `corr-${randomUUID()}`;
    const accepted = await submit(portal, birthApplication('birth-rejected', 'Cahya'), undefined, correlationId);
    expect(accepted.status).toBe(202);
    const app = await waitForApplication(portal, accepted.body.id, final, 'birth-rejected to finish');
    expect(app.status).toBe('REJECTED');
    expect(app.reason).toMatchObject({ code: 'MOTHER_NIK_UNKNOWN' });
    expect(app.reason?.en).toContain("mother's NIK is not in the population register");
    expect(step(app, 'register-birth')).toMatchObject({ status: 'REJECTED' });
    expect(step(app, 'enrol-newborn')).toMatchObject({ status: 'SKIPPED' });
    expect(step(app, 'assess-family')).toMatchObject({ status: 'SKIPPED' });
    // The registry keeps no idempotency key: one look-up by Simpul's reference, one registration it refused, no retry.
    expect((await admin.callsOf(correlationId)).body).toEqual({ 'civil-registry': 2 });
    keepHistory(app, 'rejected');
  });

  it('retries an agency answering 503 with backoff, then succeeds once', async () => {
    const correlationId = `corr-${randomUUID()}`;
    await admin.setFault('bpjs-health', { failNext: 2, failStatus: 503, correlationId });
    const accepted = await submit(portal, birthApplication('birth-auto', 'Dimas Wijaya'), undefined, correlationId);
    const app = await waitForApplication(portal, accepted.body.id, final, 'the retried application to finish');
    expect(app.status).toBe('COMPLETED');
    expect(step(app, 'enrol-newborn')).toMatchObject({ status: 'COMPLETED' });
    // No agency keeps an idempotency key: each looks up before it acts (civil registry: search + register; BPJS:
    // two refused tries, then search + enrolment; Kemensos: search + proposal, then status checks of its ticket).
    const calls = (await admin.callsOf(correlationId)).body;
    expect(calls).toMatchObject({ 'civil-registry': 2, 'bpjs-health': 4 });
    expect(calls['social-aid']).toBeGreaterThanOrEqual(3);
    const enrolments = await ds.query('SELECT count(*)::int AS n FROM sandbox_bpjs_health.members WHERE nik = $1', [step(app, 'register-birth')?.references.childNik]);
    expect(enrolments[0].n).toBe(1);
  });

  it('ends the PKH step rejected, and the application completed, when the officer rejects', async () => {
    const accepted = await submit(portal, birthApplication('birth-officer', 'Eka Rahmawati'));
    await waitForApplication(portal, accepted.body.id, (a) => step(a, 'assess-family')?.status === 'WAITING_FOR_OFFICER', 'officer wait');
    const officer = await token('officer', 'officer-kemensos-2', 'social-aid');
    const missingReason = await http('POST', `${BACKOFFICE}/v1/tasks/${accepted.body.id}:assess-family/decision`, { token: officer, body: { outcome: 'REJECT' } });
    expect(missingReason.status).toBe(422);
    expect(JSON.stringify(missingReason.body)).toContain('reason');
    expect((await http('POST', `${BACKOFFICE}/v1/tasks/${accepted.body.id}:assess-family/claim`, { token: officer })).status).toBe(200);
    const res = await http('POST', `${BACKOFFICE}/v1/tasks/${accepted.body.id}:assess-family/decision`, {
      token: officer,
      body: { outcome: 'REJECT', reason: 'household income above threshold' },
    });
    expect(res.status).toBe(200);
    const done = await waitForApplication(portal, accepted.body.id, final, 'finish after rejection');
    expect(done.status).toBe('COMPLETED');
    expect(step(done, 'assess-family')).toMatchObject({ status: 'REJECTED' });
    expect(step(done, 'assess-family')?.message.en).toContain('household income above threshold');
  });
});
