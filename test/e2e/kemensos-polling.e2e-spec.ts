/**
 * Kemensos' DTKS proposal service in its own batch style (apps/agency-sandbox/src/agencies/social-aid.controller.ts):
 * called directly in its own protocol (Api-Key, `{status, kode, pesan, data}`, tickets, a periodic batch, no callback,
 * no idempotency), then through Simpul: the step polls the ticket with workflow timers between short checks, holding
 * no activity slot while the agency decides; a wrong key holds the step for an operator with the agency's own words;
 * a batch refusal ends the step REJECTED; a failing status check is retried; the evidence hashes what was exchanged.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { workflowIdFor } from '@simpul/contracts';
import { connectClient } from '@simpul/temporal';
import { DEMO_FAMILIES, birthApplication, randomNik } from '@simpul/testing';
import { BACKOFFICE, SANDBOX, http, sandboxAdmin, submit, waitForApplication, type ApplicationView } from '../support/api';
import { eventually, testConfig, token } from '../support/env';

const config = testConfig();
const admin = sandboxAdmin(config.sandbox.adminKey);
const KEMENSOS = `${SANDBOX}/social-aid/dtks/v1`;
const API_KEY = config.agencies['social-aid'].credentials.apiKey ?? '';
const final = (a: ApplicationView) => ['COMPLETED', 'REJECTED', 'FAILED'].includes(a.status);
const step = (a: ApplicationView, id: string) => a.steps.find((s) => s.stepId === id);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const uniqueName = () => `Bayi ${randomUUID().replace(/[^a-f]/g, '').slice(0, 8)}`;

interface Answer {
  status: number;
  text: string;
  body: { status?: string; kode?: string; pesan?: string; data?: Record<string, unknown> & Array<Record<string, unknown>> };
}

async function kemensos(method: 'GET' | 'POST', path: string, body?: unknown, apiKey = API_KEY): Promise<Answer> {
  const res = await fetch(`${KEMENSOS}${path}`, {
    method,
    headers: { 'Api-Key': apiKey, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Answer['body'] };
}

/** Holds the stand-in's batch (a slow agency) or makes it expect another key; `{}` restores both. */
const setKemensos = (change: { paused?: boolean; apiKey?: string }) => http('PUT', `${SANDBOX}/admin/social-aid/dtks`, { headers: { 'X-Admin-Key': config.sandbox.adminKey }, body: change });
const decided = (ticket: string) =>
  eventually(async () => {
    const a = await kemensos('GET', `/usulan/${ticket}`);
    return ['DITERIMA', 'DITOLAK'].includes(String(a.body.data?.status_usulan)) ? a : undefined;
  }, `ticket ${ticket} to be decided by a batch`);
const proposal = (noKk: string, nik: string, ref = `test:${randomUUID()}`) => ({ ref_pengirim: ref, jenis_usulan: 'TAMBAH_ANGGOTA', no_kk: noKk, nik_anggota: nik });

let ds: DataSource;
let portal: string;
beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
  portal = await token('portal', `portal-kemensos-${randomUUID()}`);
});
afterAll(async () => {
  await setKemensos({});
  await admin.clearFaults();
  await ds.destroy();
});

describe('Kemensos DTKS proposals in its own batch style', () => {
  const eligible = DEMO_FAMILIES.eligible;

  it('takes a proposal with a ticket, decides it in a later batch, and answers the ticket when polled (no callback)', async () => {
    const taken = await kemensos('POST', '/usulan', proposal(eligible.kkNumber, randomNik(eligible.regionCode, 'F')));
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ status: 'SUKSES', kode: '00', data: { status_usulan: 'DIAJUKAN', no_tiket: expect.stringMatching(/^TKT-[0-9A-F]{12}$/) } });
    const answer = await decided(String(taken.body.data?.no_tiket));
    expect(answer.body.data).toMatchObject({ status_usulan: 'DITERIMA', no_registrasi: expect.stringMatching(/^DTKS-/), layak_pkh: true });
    // The status answer carries no personal data: the proposer sent the NIK and KK, it has them.
    expect(answer.text).not.toContain(eligible.kkNumber);
  });

  it('refuses in its batch, with a reason code: a KK outside the register, a NIK already in another family', async () => {
    const outside = await kemensos('POST', '/usulan', proposal(DEMO_FAMILIES.outside.kkNumber, randomNik('357801', 'M')));
    expect((await decided(String(outside.body.data?.no_tiket))).body.data).toMatchObject({ status_usulan: 'DITOLAK', kode_alasan: 'KK_TIDAK_TERDAFTAR' });
    const otherKk = `3273019${String(Date.now()).slice(-9)}`;
    await ds.query(`INSERT INTO sandbox_social_aid.households (kk_number, decile, pkh_candidate, members, region_code) VALUES ($1, 3, false, 2, '327301')`, [otherKk]);
    const nik = randomNik(eligible.regionCode, 'M');
    const first = await kemensos('POST', '/usulan', proposal(eligible.kkNumber, nik));
    expect((await decided(String(first.body.data?.no_tiket))).body.data).toMatchObject({ status_usulan: 'DITERIMA' });
    const second = await kemensos('POST', '/usulan', proposal(otherKk, nik));
    expect((await decided(String(second.body.data?.no_tiket))).body.data).toMatchObject({ status_usulan: 'DITOLAK', kode_alasan: 'NIK_TERDAFTAR_DI_KK_LAIN' });
  });

  it('keeps no idempotency: the same proposal sent twice is two tickets, both found by the sender\'s reference', async () => {
    const body = proposal(eligible.kkNumber, randomNik(eligible.regionCode, 'F'));
    const tickets = [(await kemensos('POST', '/usulan', body)).body.data?.no_tiket, (await kemensos('POST', '/usulan', body)).body.data?.no_tiket];
    expect(tickets[0]).not.toEqual(tickets[1]);
    const found = await kemensos('GET', `/usulan?ref_pengirim=${encodeURIComponent(body.ref_pengirim)}`);
    expect(found.body.data?.map((p) => p.no_tiket)).toEqual(tickets);
  });

  it('answers a wrong key, a malformed proposal and an unknown ticket in its own error style', async () => {
    const wrongKey = await kemensos('POST', '/usulan', proposal(eligible.kkNumber, randomNik('327301', 'F')), 'not-the-key');
    expect(wrongKey).toMatchObject({ status: 401, body: { status: 'GAGAL', kode: '401', pesan: 'Api-Key tidak valid atau tidak terdaftar.' } });
    const malformed = await kemensos('POST', '/usulan', { ref_pengirim: 'x', jenis_usulan: 'TAMBAH_ANGGOTA', no_kk: '12' });
    expect(malformed).toMatchObject({ status: 400, body: { status: 'GAGAL', kode: '400', pesan: 'Field nik_anggota wajib diisi.' } });
    const badKk = await kemensos('POST', '/usulan', { ...proposal('12', randomNik('327301', 'F')) });
    expect(badKk.body.pesan).toBe('Field no_kk harus 16 digit angka.');
    expect(await kemensos('GET', '/usulan/TKT-000000000000')).toMatchObject({ status: 404, body: { status: 'GAGAL', kode: '404' } });
    // None of Simpul's own contract: no problem+json, no Idempotency-Key needed.
    expect(malformed.text).not.toContain('"type"');
  });
});

describe('Simpul polling Kemensos', () => {
  it('polls the ticket with timers while the batch is held, holding no activity slot, and completes when it decides', async () => {
    const correlationId = `corr-poll-${randomUUID()}`;
    await setKemensos({ paused: true });
    let id = '';
    const temporal = await connectClient(config);
    try {
      id = (await submit(portal, birthApplication('birth-auto', uniqueName()), undefined, correlationId)).body.id;
      const waiting = await waitForApplication(portal, id, (a) => Boolean(step(a, 'assess-family')?.message.en.includes('waiting for its verification')), 'the ticket notice');
      expect(step(waiting, 'assess-family')).toMatchObject({ status: 'RUNNING', reference: expect.stringMatching(/^TKT-/) });
      // Lookup, proposal, then at least two checks spaced by timers; between them no activity is pending.
      await eventually(async () => (((await admin.callsOf(correlationId)).body['social-aid'] ?? 0) >= 4 ? true : undefined), 'two status checks');
      await eventually(async () => {
        const described = await temporal.client.workflow.getHandle(workflowIdFor(id)).describe();
        return (described.raw.pendingActivities ?? []).length === 0 ? true : undefined;
      }, 'a moment with no activity pending (a timer between checks)');
    } finally {
      await setKemensos({});
      await temporal.connection.close();
    }
    const done = await waitForApplication(portal, id, final, 'the polled birth to finish');
    expect(done.status).toBe('COMPLETED');
    expect(step(done, 'assess-family')?.message.en).toContain('not in the welfare register');
    const rows = await ds.query('SELECT no_tiket FROM sandbox_social_aid.usulan WHERE ref_pengirim = $1', [`${id}:assess-family`]);
    expect(rows).toHaveLength(1);

    // Evidence: hashes over exactly what was sent and received, for the proposal (kept while the step waited) and for
    // the status check that brought the decision.
    const operator = await token('operator', 'operator-kemensos-evidence');
    const evidence = await http<{ items: Array<Record<string, string | number>> }>('GET', `${BACKOFFICE}/v1/operator/applications/${id}/evidence`, { token: operator });
    const assess = evidence.body.items.filter((e) => e.stepId === 'assess-family');
    const ticket = rows[0].no_tiket as string;
    const registered = step(done, 'register-birth')?.references ?? {};
    const sent = JSON.stringify({ ref_pengirim: `${id}:assess-family`, jenis_usulan: 'TAMBAH_ANGGOTA', no_kk: registered.kkNumber, nik_anggota: registered.childNik });
    const taken = JSON.stringify({ status: 'SUKSES', kode: '00', pesan: 'Berhasil', data: { no_tiket: ticket, status_usulan: 'DIAJUKAN' } });
    expect(assess).toContainEqual(expect.objectContaining({ via: 'response', httpStatus: 200, requestSha256: sha256(sent), responseSha256: sha256(taken) }));
    const polled = assess.find((e) => e.via === 'polling');
    expect(polled).toMatchObject({ httpStatus: 200, requestSha256: sha256(`GET /dtks/v1/usulan/${ticket}`) });
    expect(polled?.responseSha256).toBe(sha256((await kemensos('GET', `/usulan/${ticket}`)).text));
  });

  it('ends the step REJECTED when the batch refuses the proposal, and the application goes on', async () => {
    await setKemensos({ paused: true });
    let id = '';
    try {
      id = (await submit(portal, birthApplication('birth-officer', uniqueName()))).body.id;
      const [held] = await eventually(async () => {
        const rows: Array<{ nik_anggota: string }> = await ds.query('SELECT nik_anggota FROM sandbox_social_aid.usulan WHERE ref_pengirim = $1', [`${id}:assess-family`]);
        return rows.length ? rows : undefined;
      }, 'the proposal');
      // Another system registered the child with another family first.
      const other = `TKT-${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
      await ds.query(`INSERT INTO sandbox_social_aid.usulan (no_tiket, ref_pengirim, no_kk, nik_anggota, status_usulan, no_registrasi, layak_pkh) VALUES ($1, 'other-office', '3273010000000009', $2, 'DITERIMA', $3, false)`, [
        other,
        held.nik_anggota,
        `DTKS-${other.slice(4, 12)}`,
      ]);
    } finally {
      await setKemensos({});
    }
    const done = await waitForApplication(portal, id, final, 'the refused birth to finish');
    expect(done.status).toBe('COMPLETED');
    expect(step(done, 'assess-family')).toMatchObject({ status: 'REJECTED' });
    expect(step(done, 'assess-family')?.message.en).toContain('already registered with another family');
  });

  it('holds the step for an operator when Kemensos refuses the key, in its own words, then completes once retried', async () => {
    const operator = await token('operator', 'operator-kemensos');
    await setKemensos({ apiKey: 'a-rotated-kemensos-key' });
    let id = '';
    try {
      id = (await submit(portal, birthApplication('birth-auto', uniqueName()))).body.id;
      await waitForApplication(portal, id, (a) => a.status === 'ACTION_REQUIRED' && step(a, 'assess-family')?.status === 'FAILED', 'the step held');
    } finally {
      await setKemensos({});
    }
    const page = await http<{ timeline: Array<{ kind: string; stepId?: string; detail: Record<string, string> }> }>('GET', `${BACKOFFICE}/v1/operator/applications/${id}`, { token: operator });
    const call = page.body.timeline.find((e) => e.kind === 'agency-call' && e.stepId === 'assess-family');
    expect(call?.detail).toMatchObject({ outcome: 'FAILED', failure: expect.stringContaining('Kemensos refused GET /dtks/v1/usulan: HTTP 401, kode 401, "Api-Key tidak valid') });
    const retried = await http('POST', `${BACKOFFICE}/v1/operator/applications/${id}/steps/assess-family/retry`, { token: operator, body: { reason: 'Kemensos key renewed (ticket KS-7)' } });
    expect(retried.status).toBe(202);
    expect((await waitForApplication(portal, id, final, 'the retried birth')).status).toBe('COMPLETED');
    expect(await ds.query('SELECT 1 FROM sandbox_social_aid.usulan WHERE ref_pengirim = $1', [`${id}:assess-family`])).toHaveLength(1);
  });

  it('retries a status check that fails technically, and completes with one proposal', async () => {
    const correlationId = `corr-poll-${randomUUID()}`;
    await admin.setFault('social-aid', { failNext: 2, failStatus: 503, pathContains: '/usulan/TKT-', correlationId });
    const id = (await submit(portal, birthApplication('birth-auto', uniqueName()), undefined, correlationId)).body.id;
    const done = await waitForApplication(portal, id, final, 'the birth to finish');
    expect(done.status).toBe('COMPLETED');
    expect(step(done, 'assess-family')).toMatchObject({ status: 'COMPLETED' });
    expect((await admin.callsOf(correlationId)).body['social-aid']).toBeGreaterThanOrEqual(5);
    expect(await ds.query('SELECT 1 FROM sandbox_social_aid.usulan WHERE ref_pengirim = $1', [`${id}:assess-family`])).toHaveLength(1);
    await admin.clearFaults();
  });
});
