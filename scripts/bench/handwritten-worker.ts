/**
 * The worker of the hand-written baseline (handwritten-workflow.ts), as its own process:
 * `node dist/scripts/bench/handwritten-worker.js <temporalAddress> <namespace> <taskQueue>`.
 *
 * Its activities make the same HTTP calls to the sandbox agencies as Simpul's adapters for a birth, in the same
 * protocols, each with a minimal client written here (fetch, node:crypto, lz-string): Disdukcapil's web service (JSON
 * body with user id and password, look-up by our reference before registering), BPJS Kesehatan's bridging (HMAC-signed
 * headers, AES-256-CBC + LZ-string answers, look-up by NIK before enrolling), Kemensos's DTKS proposals (Api-Key, look-up
 * by our reference, then a ticket polled by the workflow). Written here rather than reusing Simpul's adapters because
 * those run inside its agency-worker framework (AgencyHttp: tracing spans, metrics, evidence hashes, heartbeats, gateway
 * tokens, error classification for operators): the baseline is what a team would write without it. Only the agency
 * addresses and credentials come from Simpul's configuration, so both talk to the same sandbox with the same keys.
 * Errors are thrown as plain retryable failures, a refusal as a non-retryable `AgencyRejection`.
 */
import { createDecipheriv, createHash, createHmac } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { decompressFromEncodedURIComponent } from 'lz-string';
import { loadConfig } from '@simpul/config';
import type { BirthData, HandwrittenActivities, Registration } from './handwritten-workflow';

const [address, namespace, taskQueue] = process.argv.slice(2);
const agencies = loadConfig(process.env).agencies;

async function post(url: string, headers: Record<string, string>, body?: unknown, method = 'POST'): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method, headers: { 'Content-Type': 'application/json', ...headers }, ...(body ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${url} answered ${res.status}`);
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

// --- Disdukcapil web service
const dukcapil = agencies['civil-registry'];
async function dukcapilCall(service: string, fields: Record<string, unknown>): Promise<Record<string, string> | undefined> {
  const { userId, password } = dukcapil.credentials;
  const { json } = await post(`${dukcapil.baseUrl}/ws/${service}`, {}, { user_id: userId, password, ...fields });
  const row = (json.content as Array<Record<string, string>> | undefined)?.[0];
  if (!row) throw new Error(`Disdukcapil ${service}: no content`);
  if (!row.RESPON || row.RESPON === 'SUKSES') return row;
  if (row.RESPON === 'Data Tidak Ditemukan') return undefined;
  throw ApplicationFailure.nonRetryable(`Disdukcapil ${service}: ${row.RESPON}`, 'AgencyRejection');
}

// --- BPJS Kesehatan bridging
const bpjs = agencies['bpjs-health'];
async function bpjsCall<T>(service: string, part: string, fields: Record<string, unknown>): Promise<T | undefined> {
  const { consId, secret, userKey } = bpjs.credentials;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', secret).update(`${consId}&${timestamp}`).digest('base64');
  const { json } = await post(`${bpjs.baseUrl}/${service}`, { 'X-cons-id': consId, 'X-timestamp': timestamp, 'X-signature': signature, user_key: userKey }, { request: { [part]: fields } });
  const meta = json.metaData as { code?: string } | undefined;
  if (meta?.code !== '200' || typeof json.response !== 'string') return undefined;
  const key = createHash('sha256').update(`${consId}${secret}${timestamp}`).digest();
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  const compressed = Buffer.concat([decipher.update(Buffer.from(json.response, 'base64')), decipher.final()]).toString('utf8');
  return JSON.parse(decompressFromEncodedURIComponent(compressed) ?? 'null') as T;
}

// --- Kemensos DTKS proposals
const kemensos = agencies['social-aid'];
const kemensosHeaders = { 'Api-Key': kemensos.credentials.apiKey ?? '' };
async function kemensosCall<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const { json } = await post(`${kemensos.baseUrl}/dtks/v1${path}`, kemensosHeaders, body, method);
  if (json.status !== 'SUKSES') throw ApplicationFailure.nonRetryable(`Kemensos ${path}: ${String(json.kode)}`, 'AgencyRejection');
  return json.data as T;
}

const dmy = (iso: string) => iso.split('-').reverse().join('-');

const activities: HandwrittenActivities = {
  async registerBirth(ref: string, data: BirthData): Promise<Registration> {
    const row =
      (await dukcapilCall('LAHIR/CARI', { NO_REF: ref })) ??
      (await dukcapilCall('LAHIR/DAFTAR', {
        NO_REF: ref,
        NIK_IBU: data.motherNik,
        NIK_AYAH: data.fatherNik ?? '',
        NO_KK: data.kkNumber,
        NAMA_LGKP: data.child.name,
        JENIS_KLMIN: data.child.sex === 'F' ? 'PEREMPUAN' : 'LAKI-LAKI',
        TGL_LHR: dmy(data.child.birthDate),
        TMPT_LHR: data.child.birthPlace,
      }));
    if (!row) throw new Error('Disdukcapil registered nothing');
    return { certificate: row.NO_AKTA_LHR, childNik: row.NIK, kkNumber: row.NO_KK };
  },

  async enrolNewborn(motherNik: string, r: Registration): Promise<string> {
    const found = await bpjsCall<{ peserta: { noKartu: string } }>('Peserta/cari', 't_peserta', { nik: r.childNik });
    if (found) return found.peserta.noKartu;
    const enrolled = await bpjsCall<{ noKartu: string }>('Peserta/bayi/insert', 't_bayi', { nikIbu: motherNik, nikBayi: r.childNik, noKK: r.kkNumber });
    return enrolled?.noKartu ?? 'not-a-member';
  },

  async proposeFamilyMember(ref: string, r: Registration): Promise<string> {
    const earlier = await kemensosCall<Array<{ no_tiket: string }>>('GET', `/usulan?ref_pengirim=${encodeURIComponent(ref)}`);
    if (earlier[0]) return earlier[0].no_tiket;
    return (await kemensosCall<{ no_tiket: string }>('POST', '/usulan', { ref_pengirim: ref, jenis_usulan: 'TAMBAH_ANGGOTA', no_kk: r.kkNumber, nik_anggota: r.childNik })).no_tiket;
  },

  async checkProposal(ticket: string): Promise<string | undefined> {
    const p = await kemensosCall<{ status_usulan: string; no_registrasi?: string | null }>('GET', `/usulan/${encodeURIComponent(ticket)}`);
    if (p.status_usulan === 'DIAJUKAN' || p.status_usulan === 'DIPROSES') return undefined;
    return p.no_registrasi ?? ticket;
  },
};

async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection, namespace, taskQueue, workflowsPath: require.resolve('./handwritten-workflow'), activities });
  process.once('SIGTERM', () => worker.shutdown());
  process.stdout.write('hand-written worker running\n');
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
