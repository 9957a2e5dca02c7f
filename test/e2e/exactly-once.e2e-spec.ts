import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEMO_FAMILIES, birthApplication, randomNik, scenarioApplication } from '@simpul/testing';
import { SANDBOX, http, sandboxAdmin, submit, waitForApplication, type ApplicationView } from '../support/api';
import { eventually, testConfig, token } from '../support/env';
import { killApp, RunningSystem } from '../support/system';

/**
 * Exactly one effect at agencies that keep no idempotency key: the sandbox commits and then drops the connection on a
 * fraction of calls (the answer is lost), and the agency workers are killed while calls are in flight. The adapters
 * look up before they act, so each application still has exactly one birth certificate, one JKN enrolment, one DTKS
 * proposal at Kemensos (polled by ticket) and one KIP card, counted in the sandbox agencies' own tables.
 */
const config = testConfig();
const admin = sandboxAdmin(config.sandbox.adminKey);
const final = (a: ApplicationView) => ['COMPLETED', 'REJECTED', 'FAILED'].includes(a.status);
const replacements = new RunningSystem();
const BIRTHS = 8;
const SCHOLARSHIPS = 3;
const DROP_RATE = 0.3;
const AGENCIES = ['civil-registry', 'bpjs-health', 'social-aid', 'education'];

let ds: DataSource;
beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
});
afterAll(async () => {
  await admin.clearFaults();
  await ds.destroy();
});

/** A new pupil in the eligible (decile 2) family, so each scholarship is a different pupil's card. */
async function newPupil(): Promise<string> {
  const nik = randomNik(DEMO_FAMILIES.eligible.regionCode, 'F');
  const res = await http('PUT', `${SANDBOX}/admin/residents/${nik}`, {
    headers: { 'X-Admin-Key': config.sandbox.adminKey },
    body: { nik, name: 'Siti Santoso', sex: 'F', birthDate: '2014-02-02', kkNumber: DEMO_FAMILIES.eligible.kkNumber },
  });
  expect(res.status).toBe(200);
  return nik;
}

describe('exactly one effect without the agency\'s idempotency', () => {
  it('issues one certificate, one enrolment, one welfare proposal and one KIP card per application while answers are lost after commit and workers die mid-call', async () => {
    const portal = await token('portal', `portal-once-${randomUUID()}`);
    const droppedBefore = await admin.faults();
    const dropped0 = (a: string) => (droppedBefore.body[a] as { droppedAfterCommit?: number } | undefined)?.droppedAfterCommit ?? 0;
    for (const agency of AGENCIES) await admin.setFault(agency, { dropAfterCommitRate: DROP_RATE, latencyMs: 150 });

    const flows: Array<{ id: string; correlationId: string; kind: 'birth' | 'scholarship'; name?: string; pupil?: string }> = [];
    for (let i = 0; i < BIRTHS; i++) {
      const correlationId = `corr-once-${randomUUID()}`;
      const name = `Bayi ${randomUUID().replace(/[^a-f]/g, '').slice(0, 8)}`;
      flows.push({ id: (await submit(portal, birthApplication('birth-auto', name), undefined, correlationId)).body.id, correlationId, kind: 'birth', name });
    }
    for (let i = 0; i < SCHOLARSHIPS; i++) {
      const correlationId = `corr-once-${randomUUID()}`;
      const pupil = await newPupil();
      const base = scenarioApplication('scholarship');
      flows.push({ id: (await submit(portal, { ...base, data: { ...base.data, pupilNik: pupil } }, undefined, correlationId)).body.id, correlationId, kind: 'scholarship', pupil });
    }
    // Kill each agency worker while calls are in flight: the registry, BPJS and education workers once the first
    // registration has committed, the Kemensos worker once the first welfare proposal has (later proposals and status
    // checks of tickets are then under way).
    const committed = (table: string, column: string, ref: string) =>
      eventually(async () => ((await ds.query(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [ref])).length ? true : undefined), `a first commit in ${table}`, 120_000);
    await committed('sandbox_civil_registry.birth_certificates', 'client_ref', `${flows[0].id}:register-birth`);
    for (const app of ['agency-worker:civil-registry', 'agency-worker:bpjs-health', 'agency-worker:education']) {
      await killApp(app);
      await replacements.startApp(app);
    }
    await committed('sandbox_social_aid.usulan', 'ref_pengirim', `${flows[0].id}:assess-family`);
    await killApp('agency-worker:social-aid');
    await replacements.startApp('agency-worker:social-aid');

    const done = await Promise.all(flows.map((f) => waitForApplication(portal, f.id, final, `${f.kind} ${f.id} to finish`, 180_000)));
    expect(done.map((a) => a.status)).toEqual(flows.map(() => 'COMPLETED'));
    await admin.clearFaults();

    let duplicates = 0;
    for (const [i, f] of flows.entries()) {
      if (f.kind === 'birth') {
        const certificates: Array<{ akta_number: string; child_nik: string }> = await ds.query(
          `SELECT bc.akta_number, bc.child_nik FROM sandbox_civil_registry.birth_certificates bc JOIN sandbox_civil_registry.residents r ON r.nik = bc.child_nik WHERE r.name = $1`,
          [f.name],
        );
        const enrolments: unknown[] = await ds.query('SELECT 1 FROM sandbox_bpjs_health.members WHERE nik = ANY($1::text[])', [certificates.map((c) => c.child_nik)]);
        const proposals: Array<{ no_tiket: string }> = await ds.query('SELECT no_tiket FROM sandbox_social_aid.usulan WHERE ref_pengirim = $1', [`${f.id}:assess-family`]);
        duplicates += Math.max(0, certificates.length - 1) + Math.max(0, enrolments.length - 1) + Math.max(0, proposals.length - 1);
        expect(certificates.map((c) => c.akta_number)).toEqual([done[i].steps.find((s) => s.stepId === 'register-birth')?.reference]);
        expect(enrolments).toHaveLength(1);
        expect(proposals.map((p) => p.no_tiket)).toEqual([done[i].steps.find((s) => s.stepId === 'assess-family')?.reference]);
      } else {
        const cards: Array<{ kip_number: string }> = await ds.query('SELECT kip_number FROM sandbox_education.kip_cards WHERE pupil_nik = $1', [f.pupil]);
        duplicates += Math.max(0, cards.length - 1);
        expect(cards.map((c) => c.kip_number)).toEqual([done[i].steps.find((s) => s.stepId === 'issue-kip-card')?.reference]);
      }
    }
    let calls = 0;
    for (const f of flows) calls += Object.values((await admin.callsOf(f.correlationId)).body).reduce((a, b) => a + b, 0);
    const after = await admin.faults();
    const droppedOf = (a: string) => ((after.body[a] as { droppedAfterCommit?: number } | undefined)?.droppedAfterCommit ?? 0) - dropped0(a);
    const droppedNow = AGENCIES.reduce((n, a) => n + droppedOf(a), 0);
    process.stdout.write(`exactly-once: ${flows.length} applications, ${calls} agency calls made, ${droppedNow} commits dropped (Kemensos: ${droppedOf('social-aid')}), ${AGENCIES.length} agency workers killed mid-run, duplicates found: ${duplicates}\n`);
    expect(droppedNow).toBeGreaterThan(0);
    expect(duplicates).toBe(0);
  });
});
