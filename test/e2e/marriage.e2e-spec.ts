import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { randomNik, scenarioApplication } from '@simpul/testing';
import { submit, waitForApplication, type ApplicationView } from '../support/api';
import { testConfig, token } from '../support/env';
import { keepHistory } from '../support/histories';
import { addResident } from '../support/sandbox-residents';

/**
 * MARRIAGE, the life event added as one file (libs/contracts/src/life-events/marriage.ts) with a new agency
 * (religious-affairs: the KUA's marriage registry, in its web-service style): the KUA registers the marriage and
 * issues the marriage book number, the civil registry records both spouses as married and issues the new family card,
 * BPJS Kesehatan moves the wife into the new family's membership (with consent).
 */
const config = testConfig();
const settled = (a: ApplicationView) => ['COMPLETED', 'REJECTED', 'FAILED', 'ACTION_REQUIRED'].includes(a.status);
const stepOf = (a: ApplicationView, id: string) => a.steps.find((s) => s.stepId === id);
const statuses = (a: ApplicationView) => Object.fromEntries(a.steps.map((s) => [s.stepId, s.status]));

let ds: DataSource;
let portal: string;

beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
  portal = await token('portal', `portal-marriage-${randomUUID()}`);
});
afterAll(async () => {
  await ds.destroy();
});

/** An unmarried man and an unmarried woman of Surabaya, each on their parents' family card; she is a JKN member. */
async function newCouple(): Promise<{ husbandNik: string; wifeNik: string }> {
  const kk = () => `357801${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}0125${String(1 + Math.floor(Math.random() * 9998)).padStart(4, '0')}`;
  const husbandNik = await addResident({ nik: randomNik('357801', 'M'), name: 'Rudi Hartono', sex: 'M', birthDate: '1995-03-04', kkNumber: kk(), familyRole: 'ANAK' });
  const wifeNik = await addResident({ nik: randomNik('357801', 'F'), name: 'Laras Sari', sex: 'F', birthDate: '1997-06-07', kkNumber: kk(), familyRole: 'ANAK', bpjsHealthSegment: 'PBPU' });
  return { husbandNik, wifeNik };
}

async function run(body: ReturnType<typeof scenarioApplication>): Promise<ApplicationView> {
  const accepted = await submit(portal, body);
  expect(accepted.status).toBe(202);
  return waitForApplication(portal, accepted.body.id, settled, 'the marriage to settle');
}

function weddingOf(couple: { husbandNik: string; wifeNik: string }, consents?: Record<string, boolean>) {
  const base = scenarioApplication('marriage');
  return { ...base, applicantNik: couple.wifeNik, data: { ...base.data, ...couple }, ...(consents ? { consents } : {}) };
}

describe('MARRIAGE ("tell us once" after a wedding)', () => {
  it('registers the marriage at the KUA, records both spouses married with a new family card, and moves the wife into its JKN membership', async () => {
    const couple = await newCouple();
    const app = await run(weddingOf(couple));
    expect(app.status).toBe('COMPLETED');
    expect(statuses(app)).toEqual({ 'register-marriage': 'COMPLETED', 'update-family-card': 'COMPLETED', 'move-spouse-membership': 'COMPLETED' });
    const book = stepOf(app, 'register-marriage')?.references.marriageBookNumber;
    expect(book).toMatch(/^\d{4}\/357801\/[IVX]+\/\d{4}$/);
    const newKk = stepOf(app, 'update-family-card')?.references.newKkNumber;
    expect(newKk).toMatch(/^357801\d{10}$/);
    const residents = await ds.query('SELECT nik, kk_number, marital_status, family_role FROM sandbox_civil_registry.residents WHERE nik = ANY($1) ORDER BY family_role', [[couple.husbandNik, couple.wifeNik]]);
    expect(residents).toEqual([
      { nik: couple.wifeNik, kk_number: newKk, marital_status: 'KAWIN', family_role: 'ISTRI' },
      { nik: couple.husbandNik, kk_number: newKk, marital_status: 'KAWIN', family_role: 'KEPALA KELUARGA' },
    ]);
    const [member] = await ds.query('SELECT kk_number FROM sandbox_bpjs_health.members WHERE nik = $1', [couple.wifeNik]);
    expect(member.kk_number).toBe(newKk);
    expect(stepOf(app, 'move-spouse-membership')?.references.bpjsCardNumber).toMatch(/^\d{13}$/);
    const [act] = await ds.query('SELECT husband_nik, wife_nik, status FROM sandbox_religious_affairs.marriages WHERE act_number = $1', [book]);
    expect(act).toEqual({ husband_nik: couple.husbandNik, wife_nik: couple.wifeNik, status: 'AKTIF' });
    keepHistory(app, 'completed');
  });

  it('rejects a marriage when the KUA finds the husband still married (marriage-rejected), before any other agency acts', async () => {
    const app = await run(scenarioApplication('marriage-rejected'));
    expect(app.status).toBe('REJECTED');
    expect(app.reason?.code).toBe('ALREADY_MARRIED');
    expect(statuses(app)).toEqual({ 'register-marriage': 'REJECTED', 'update-family-card': 'SKIPPED', 'move-spouse-membership': 'SKIPPED' });
    keepHistory(app, 'rejected');
  });

  it('skips the membership move when the citizen did not consent to it', async () => {
    const couple = await newCouple();
    const app = await run(weddingOf(couple, {}));
    expect(app.status).toBe('COMPLETED');
    expect(statuses(app)).toEqual({ 'register-marriage': 'COMPLETED', 'update-family-card': 'COMPLETED', 'move-spouse-membership': 'SKIPPED' });
    const [member] = await ds.query('SELECT kk_number FROM sandbox_bpjs_health.members WHERE nik = $1', [couple.wifeNik]);
    expect(member.kk_number).not.toBe(stepOf(app, 'update-family-card')?.references.newKkNumber);
  });

  it('completes the demo scenario (marriage), again and again with the same act and family card', async () => {
    const first = await run(scenarioApplication('marriage'));
    const second = await run(scenarioApplication('marriage'));
    for (const app of [first, second]) expect(app.status).toBe('COMPLETED');
    expect(stepOf(second, 'register-marriage')?.references.marriageBookNumber).toBe(stepOf(first, 'register-marriage')?.references.marriageBookNumber);
    expect(stepOf(second, 'update-family-card')?.references.newKkNumber).toBe(stepOf(first, 'update-family-card')?.references.newKkNumber);
  });
});
