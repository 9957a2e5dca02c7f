import { randomUUID } from 'node:crypto';
import { DEMO_FAMILIES, birthApplication, scenarioApplication } from '@simpul/testing';
import { BACKOFFICE, SANDBOX, http, submit, waitForApplication } from '../support/api';
import { bpjsBridging, bpjstkSoap, dukcapil, rawCall } from '../support/agency-protocols';
import { testConfig, token } from '../support/env';
import { killApp, RunningSystem } from '../support/system';

const config = testConfig();

describe('GET / on the agency sandbox', () => {
  it('lists the stand-in agencies, their protocol styles and the fault-injection admin', async () => {
    const res = await fetch(`${SANDBOX}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    for (const agency of ['civil-registry', 'bpjs-health', 'social-aid', 'education', 'bpjs-employment']) expect(page).toContain(`<code>${agency}</code>`);
    expect(page).toContain('Dukcapil web service');
    expect(page).toContain('PUT /admin/faults/&lt;agency&gt;');
  });

  it('keeps answering unknown routes with problem+json', async () => {
    const res = await fetch(`${SANDBOX}/no-such-page`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('civil-registry in the Dukcapil web-service style', () => {
  const mother = DEMO_FAMILIES.member.mother;

  it('answers a known NIK with uppercase Indonesian fields, and "not found" as a text, both with HTTP 200', async () => {
    const known = await dukcapil('CALL_NIK', { NIK: mother.nik });
    expect(known.status).toBe(200);
    expect(known.content[0]).toMatchObject({ NIK: mother.nik, NAMA_LGKP: mother.name, NO_KK: DEMO_FAMILIES.member.kkNumber, TGL_LHR: '12-08-1992', JENIS_KLMIN: 'PEREMPUAN' });
    const unknown = await dukcapil('CALL_NIK', { NIK: '3174020101000009' });
    expect(unknown).toEqual({ status: 200, content: [{ RESPON: 'Data Tidak Ditemukan' }] });
  });

  it('refuses a wrong password, a caller address not on the allow-list and a missing field, each as a RESPON text with HTTP 200', async () => {
    expect(await dukcapil('CALL_NIK', { NIK: mother.nik }, { user_id: 'simpul-dev', password: 'wrong' })).toEqual({ status: 200, content: [{ RESPON: 'User ID atau password tidak sesuai' }] });
    expect(await dukcapil('CALL_NIK', { NIK: mother.nik }, undefined, '127.0.0.2')).toEqual({ status: 200, content: [{ RESPON: 'IP 127.0.0.2 tidak terdaftar untuk user ini' }] });
    expect(await dukcapil('CALL_NIK', {})).toEqual({ status: 200, content: [{ RESPON: 'Parameter NIK wajib diisi' }] });
  });

  it('keeps no idempotency: the same registration sent twice registers twice, and a search by the reference finds both', async () => {
    const ref = `test-${randomUUID()}`;
    const birth = { NIK_IBU: mother.nik, NO_KK: DEMO_FAMILIES.member.kkNumber, NAMA_LGKP: 'Bayi Uji', JENIS_KLMIN: 'PEREMPUAN', TGL_LHR: '01-11-2026', TMPT_LHR: 'Jakarta', NO_REF: ref };
    const first = await dukcapil('LAHIR/DAFTAR', birth);
    const second = await dukcapil('LAHIR/DAFTAR', birth);
    expect(first.content[0]).toMatchObject({ RESPON: 'SUKSES', NO_AKTA_LHR: expect.stringMatching(/^3174-LU-01112026-\d{4}$/) });
    expect(second.content[0].NO_AKTA_LHR).not.toBe(first.content[0].NO_AKTA_LHR);
    const found = await dukcapil('LAHIR/CARI', { NO_REF: ref });
    expect(found.content.map((r) => r.NO_AKTA_LHR)).toEqual([first.content[0].NO_AKTA_LHR, second.content[0].NO_AKTA_LHR]);
    expect(await dukcapil('LAHIR/DAFTAR', { ...birth, NIK_IBU: '3174020101000009' })).toEqual({ status: 200, content: [{ RESPON: 'NIK IBU TIDAK TERDAFTAR' }] });
  });

  it('holds the step for an operator when the registry refuses Simpul\'s address, then completes once it is allowed and retried', async () => {
    const portal = await token('portal', `portal-dukcapil-${randomUUID()}`);
    const operator = await token('operator', 'operator-dukcapil');
    await http('PUT', `${SANDBOX}/admin/civil-registry/allowed-ips`, { headers: { 'X-Admin-Key': config.sandbox.adminKey }, body: { ips: ['10.9.8.7'] } });
    let id: string;
    try {
      const accepted = await submit(portal, birthApplication('birth-auto', 'Bayi Alamat'));
      id = accepted.body.id;
      await waitForApplication(portal, id, (a) => a.status === 'ACTION_REQUIRED' && a.steps.some((s) => s.stepId === 'register-birth' && s.status === 'FAILED'), 'the step held');
    } finally {
      await http('PUT', `${SANDBOX}/admin/civil-registry/allowed-ips`, { headers: { 'X-Admin-Key': config.sandbox.adminKey }, body: {} });
    }
    const page = await http<{ timeline: Array<{ kind: string; stepId?: string; detail: Record<string, string> }> }>('GET', `${BACKOFFICE}/v1/operator/applications/${id}`, { token: operator });
    const call = page.body.timeline.find((e) => e.kind === 'agency-call' && e.stepId === 'register-birth');
    expect(call?.detail).toMatchObject({ outcome: 'FAILED', failure: expect.stringContaining('Disdukcapil refused LAHIR/CARI: "IP 127.0.0.1 tidak terdaftar untuk user ini"') });
    const retried = await http('POST', `${BACKOFFICE}/v1/operator/applications/${id}/steps/register-birth/retry`, { token: operator, body: { reason: 'Simpul address added to the Dukcapil allow-list (ticket DK-12)' } });
    expect(retried.status).toBe(202);
    expect((await waitForApplication(portal, id, (a) => ['COMPLETED', 'REJECTED', 'FAILED'].includes(a.status), 'the retried birth')).status).toBe('COMPLETED');
  });
});

describe('bpjs-health in the BPJS bridging style', () => {
  const member = DEMO_FAMILIES.member;

  it('answers a signed search with metaData 200 and an AES-256-CBC encrypted, LZ-string-compressed response', async () => {
    const found = await bpjsBridging('Peserta/cari', 't_peserta', { nik: member.mother.nik });
    expect(found).toMatchObject({ status: 200, metaData: { code: '200' } });
    expect(found.encrypted).not.toContain(member.mother.nik);
    expect(found.plain).toMatchObject({ peserta: { noKartu: member.bpjs.cardNumber, nik: member.mother.nik, statusPeserta: { keterangan: 'AKTIF' } } });
  });

  it('answers a business refusal with HTTP 200 and a code other than 200', async () => {
    expect(await bpjsBridging('Peserta/cari', 't_peserta', { nik: '3174020101000009' })).toMatchObject({ status: 200, metaData: { code: '201', message: 'Data peserta tidak ditemukan' }, encrypted: null });
  });

  it('refuses a wrong signature and a timestamp too far from its clock with 401', async () => {
    expect(await bpjsBridging('Peserta/cari', 't_peserta', { nik: member.mother.nik }, { secret: 'not-the-secret' })).toMatchObject({ status: 401, metaData: { code: '401', message: 'X-signature tidak valid' } });
    const expired = await bpjsBridging('Peserta/cari', 't_peserta', { nik: member.mother.nik }, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(expired).toMatchObject({ status: 401, metaData: { code: '401', message: 'X-timestamp kedaluwarsa atau di luar toleransi waktu' } });
  });
});

describe('education in the OAuth 2.0 REST style', () => {
  const admin = { 'X-Admin-Key': config.sandbox.adminKey };
  const basic = (secret: string) => `Basic ${Buffer.from(`simpul:${secret}`).toString('base64')}`;
  const tokenCall = (secret: string) => rawCall('/education/oauth2/token', { headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic(secret) }, body: 'grant_type=client_credentials' });
  const search = (bearer: string) => rawCall('/education/v2/kip-cards/search', { headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}` }, body: JSON.stringify({ pupilNik: '3174020101000009' }) });

  it('issues short-lived bearer tokens to its client, refuses a wrong secret, and answers 401 with WWW-Authenticate to an expired token', async () => {
    expect(JSON.parse((await tokenCall('wrong')).text)).toEqual({ error: 'invalid_client' });
    const issued = JSON.parse((await tokenCall('kip-dev-client-secret')).text) as { access_token: string; expires_in: number; token_type: string };
    expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    expect(issued.expires_in).toBeLessThanOrEqual(3600);
    expect((await search(issued.access_token)).status).toBe(200);
    await http('DELETE', `${SANDBOX}/admin/education/tokens`, { headers: admin });
    const expired = await search(issued.access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers['www-authenticate']).toContain('invalid_token');
    expect(JSON.parse(expired.text)).toMatchObject({ status: 401, code: 'INVALID_TOKEN' });
  });

  it('refreshes an expired token once and honours a 429 Retry-After: the scholarship completes with one card', async () => {
    const portal = await token('portal', `portal-kip-${randomUUID()}`);
    const scholarship = async (correlationId?: string) => {
      const accepted = await submit(portal, scenarioApplication('scholarship'), undefined, correlationId);
      return waitForApplication(portal, accepted.body.id, (a) => ['COMPLETED', 'REJECTED', 'FAILED'].includes(a.status), 'the scholarship');
    };
    // One scholarship first, so the worker holds a token that the revocation below turns stale.
    expect((await scholarship()).status).toBe('COMPLETED');
    const before = (await http<{ refusedTokens: number }>('DELETE', `${SANDBOX}/admin/education/tokens`, { headers: admin })).body.refusedTokens;
    const correlationId = `corr-${randomUUID()}`;
    await http('PUT', `${SANDBOX}/admin/faults/education`, { headers: admin, body: { failNext: 1, failStatus: 429, pathContains: 'v2/kip-cards', correlationId } });
    const app = await scholarship(correlationId);
    expect(app.status).toBe('COMPLETED');
    expect(app.steps.find((st) => st.stepId === 'issue-kip-card')?.references.kipCardNumber).toMatch(/^KIP\d{8}\d{5}$/);
    const after = (await http<{ refusedTokens: number }>('DELETE', `${SANDBOX}/admin/education/tokens`, { headers: admin })).body.refusedTokens;
    expect(after).toBeGreaterThan(before);
    const calls = await http<Record<string, number>>('GET', `${SANDBOX}/admin/calls/${correlationId}`, { headers: admin });
    expect(calls.body.education).toBeGreaterThanOrEqual(3);
    await http('DELETE', `${SANDBOX}/admin/faults`, { headers: admin });
  });
});

describe('through the gateway (SPLP stand-in)', () => {
  const admin = { 'X-Admin-Key': config.sandbox.adminKey };
  const replacements = new RunningSystem();

  it('asks for its own client-credentials token in front of the agency\'s scheme, and forwards the agency\'s answer unchanged', async () => {
    const body = JSON.stringify({ user_id: 'simpul-dev', password: 'dukcapil-dev-password', NIK: DEMO_FAMILIES.member.mother.nik });
    const refused = await rawCall('/splp/civil-registry/ws/CALL_NIK', { headers: { 'Content-Type': 'application/json' }, body });
    expect(refused.status).toBe(401);
    expect(refused.headers['x-gateway-error']).toBe('invalid_token');
    const basic = `Basic ${Buffer.from('simpul:gateway-dev-client-secret').toString('base64')}`;
    const issued = JSON.parse((await rawCall('/splp/oauth2/token', { headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic }, body: 'grant_type=client_credentials' })).text);
    const through = await rawCall('/splp/civil-registry/ws/CALL_NIK', { headers: { 'Content-Type': 'application/json', 'X-Gateway-Authorization': `Bearer ${issued.access_token}` }, body });
    expect(through.status).toBe(200);
    expect(JSON.parse(through.text).content[0]).toMatchObject({ NIK: DEMO_FAMILIES.member.mother.nik });
  });

  it('switches the civil-registry and BPJS connections to the gateway by configuration alone, and a birth completes through it', async () => {
    const portal = await token('portal', `portal-splp-${randomUUID()}`);
    const before = (await http<{ forwarded: number }>('GET', `${SANDBOX}/admin/gateway`, { headers: admin })).body.forwarded;
    const gateway = { SIMPUL_GATEWAY_URL: `${SANDBOX}/splp`, SIMPUL_AGENCY_CIVIL_REGISTRY_MODE: 'gateway', SIMPUL_AGENCY_BPJS_HEALTH_MODE: 'gateway' };
    const restart = async () => {
      for (const app of ['agency-worker:civil-registry', 'agency-worker:bpjs-health']) {
        await killApp(app);
        await replacements.startApp(app);
      }
    };
    Object.assign(process.env, gateway);
    try {
      await restart();
      const accepted = await submit(portal, birthApplication('birth-auto', 'Bayi Gerbang'));
      const app = await waitForApplication(portal, accepted.body.id, (a) => ['COMPLETED', 'REJECTED', 'FAILED'].includes(a.status), 'the birth through the gateway');
      expect(app.status).toBe('COMPLETED');
      const after = (await http<{ forwarded: number }>('GET', `${SANDBOX}/admin/gateway`, { headers: admin })).body.forwarded;
      // Search and registration at the registry, search and enrolment at BPJS: at least four forwarded calls.
      expect(after - before).toBeGreaterThanOrEqual(4);
    } finally {
      for (const name of Object.keys(gateway)) delete process.env[name];
      await restart();
    }
  });
});

describe('bpjs-employment as a SOAP 1.1 service', () => {
  it('serves its WSDL', async () => {
    const res = await rawCall('/bpjs-employment/ws/JkmService?wsdl', { method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.text).toContain('wsdl:definitions');
    expect(res.text).toContain('soapAction="BukaKlaimJKM"');
  });

  it('answers a business outcome with a result code, and a wrong password digest or a stale Created with a SOAP Fault', async () => {
    const unknown = await bpjstkSoap('CekKlaimJKM', { NIK_PESERTA: '3174020101000009' });
    expect(unknown).toMatchObject({ status: 200, body: { CekKlaimJKMResponse: { KODE_HASIL: '03' } } });
    const notMember = await bpjstkSoap('BukaKlaimJKM', { NIK_PESERTA: '3174020101000009', NIK_AHLI_WARIS: '3174025208920003', TGL_MENINGGAL: '2026-11-30' });
    expect(notMember.body.BukaKlaimJKMResponse).toMatchObject({ KODE_HASIL: '01' });
    const wrong = await bpjstkSoap('CekKlaimJKM', { NIK_PESERTA: '3174020101000009' }, { password: 'wrong' });
    expect(wrong).toMatchObject({ status: 500, body: { Fault: { faultcode: 'wsse:FailedAuthentication' } } });
    const stale = await bpjstkSoap('CekKlaimJKM', { NIK_PESERTA: '3174020101000009' }, { created: new Date(Date.now() - 3_600_000).toISOString() });
    expect(stale).toMatchObject({ status: 500, body: { Fault: { faultcode: 'wsse:MessageExpired' } } });
  });
});
