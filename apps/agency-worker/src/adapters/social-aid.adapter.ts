import type { AgencyConnection } from '@simpul/config';
import type { AgencyStepRequest, AgencyStepResult, LocalizedText } from '@simpul/contracts';
import { agencyRejection, contractError, safeJson, technicalFailure, type AgencyHttp, type AgencyReply } from '../agency-http.client';

/**
 * Kemensos DTKS proposal service (usulan), batch style: an `Api-Key` header; a proposal is taken with a ticket
 * (`no_tiket`) and decided by a later batch; no callback, so the result is polled: `assessFamily` answers PENDING with
 * the ticket and the workflow runs `checkProposal` between timers (workflows/src/agency-polling.ts). The agency keeps
 * no idempotency: the proposal carries our reference (`ref_pengirim` = application:step), looked up before proposing.
 * Its answers: `{status: SUKSES|GAGAL, kode, pesan, data}`; HTTP 401/400/404 mean our key or request is wrong.
 */
interface Answer<T> {
  status?: string;
  kode?: string;
  pesan?: string;
  data?: T;
}
interface Proposal {
  no_tiket: string;
  status_usulan: 'DIAJUKAN' | 'DIPROSES' | 'DITERIMA' | 'DITOLAK';
  no_registrasi?: string | null;
  layak_pkh?: boolean | null;
  kode_alasan?: string | null;
  alasan?: string | null;
}
interface Determination {
  no_penetapan: string;
  komponen: string;
}

const API = '/dtks/v1';
const CHECK_ACTION = 'social-aid.checkProposal';
const NOT_IN_REGISTER: LocalizedText = {
  id: 'Keluarga tidak terdaftar di DTSEN, sehingga tidak memenuhi syarat PKH. Tidak ada tindakan lebih lanjut.',
  en: 'The family is not in the welfare register (DTSEN), so it is not eligible for PKH. Nothing more to do.',
};
const REFUSALS: Record<string, LocalizedText> = {
  NIK_TERDAFTAR_DI_KK_LAIN: { id: 'Kemensos menolak usulan: NIK anak sudah terdaftar pada keluarga lain di DTSEN.', en: "Kemensos refused the update: the child's NIK is already registered with another family." },
  PKH01: { id: 'Keluarga tidak memenuhi syarat PKH.', en: 'The family is not eligible for PKH.' },
};

/** Reads Kemensos' envelope: SUKSES is the answer; a known business code a rejection; anything else is on our side. */
function read<T>(reply: AgencyReply, what: string): T {
  if (reply.status === 429) throw technicalFailure(`Kemensos is throttling ${what} (429)`, Number(reply.headers.get('retry-after') ?? '1') * 1000);
  if (reply.status >= 500 || reply.status === 408) throw technicalFailure(`Kemensos answered ${reply.status} to ${what}`);
  const answer = safeJson(reply.text) as Answer<T>;
  if (reply.status === 200 && answer.status === 'SUKSES' && answer.data !== undefined) return answer.data;
  const code = String(answer.kode ?? reply.status);
  if (reply.status === 200 && answer.status === 'GAGAL' && REFUSALS[code]) throw agencyRejection(code === 'PKH01' ? 'NOT_ELIGIBLE' : code, REFUSALS[code]);
  throw contractError(`Kemensos refused ${what}: HTTP ${reply.status}, kode ${code}, "${String(answer.pesan ?? 'no answer envelope').slice(0, 200)}"`);
}

export function createSocialAidAdapter(http: AgencyHttp, connection: AgencyConnection) {
  const headers = { 'Content-Type': 'application/json', 'Api-Key': connection.credentials.apiKey ?? '' };
  const ruleVersion = connection.apiVersion;
  const call = async <T>(request: AgencyStepRequest, action: string, method: 'GET' | 'POST', path: string, body?: object) => {
    const reply = await http.exchange(request, action, { method, path, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { data: read<T>(reply, `${method} ${path.split('?')[0]}`), reply };
  };
  const pending = (ticket: string): AgencyStepResult => ({
    outcome: 'PENDING',
    reference: ticket,
    outputs: { proposalTicket: ticket },
    ruleVersion,
    pending: { ticket, checkAction: CHECK_ACTION },
    message: {
      id: `Usulan pemutakhiran DTSEN diterima Kemensos (tiket ${ticket}); menunggu hasil verifikasi.`,
      en: `Kemensos took the welfare register update (ticket ${ticket}); waiting for its verification.`,
    },
  });

  return {
    async 'social-aid.assessFamily'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const ref = `${request.applicationId}:${request.stepId}`;
      const found = await call<Proposal[]>(request, 'assessFamily', 'GET', `${API}/usulan?ref_pengirim=${encodeURIComponent(ref)}`);
      if (found.data[0]) return pending(found.data[0].no_tiket);
      const body = { ref_pengirim: ref, jenis_usulan: 'TAMBAH_ANGGOTA', no_kk: request.input.kkNumber, nik_anggota: request.input.childNik };
      return pending((await call<Proposal>(request, 'assessFamily', 'POST', `${API}/usulan`, body)).data.no_tiket);
    },

    async [CHECK_ACTION](request: AgencyStepRequest): Promise<AgencyStepResult> {
      const ticket = String(request.input.ticket ?? '');
      const { data, reply } = await call<Proposal>(request, 'checkProposal', 'GET', `${API}/usulan/${encodeURIComponent(ticket)}`);
      reply.evidence.via = 'polling';
      if (data.status_usulan === 'DIAJUKAN' || data.status_usulan === 'DIPROSES') return pending(ticket);
      if (data.status_usulan === 'DITOLAK') {
        if (data.kode_alasan === 'KK_TIDAK_TERDAFTAR') return { ruleVersion, outcome: 'COMPLETED', reference: ticket, outputs: { assessmentId: ticket, pkhEligible: 'false' }, message: NOT_IN_REGISTER };
        const code = data.kode_alasan ?? 'DITOLAK';
        throw agencyRejection(code, REFUSALS[code] ?? { id: `Kemensos menolak usulan: ${data.alasan ?? code}`, en: `Kemensos refused the update (${code}).` });
      }
      if (data.status_usulan !== 'DITERIMA' || !data.no_registrasi) throw contractError(`Kemensos answered ticket ${ticket} with an unknown status "${String(data.status_usulan).slice(0, 40)}"`);
      const registered = { ruleVersion, reference: data.no_registrasi, outputs: { assessmentId: data.no_registrasi } };
      if (!data.layak_pkh) {
        return { ...registered, outcome: 'COMPLETED', outputs: { ...registered.outputs, pkhEligible: 'false' }, message: { id: 'Data keluarga di DTSEN diperbarui.', en: 'The family record in the welfare register was updated.' } };
      }
      return {
        ...registered,
        outcome: 'NEEDS_OFFICER',
        message: {
          id: 'Keluarga berpotensi menerima PKH anak usia dini; menunggu verifikasi pendamping sosial.',
          en: 'The family may receive the PKH early-childhood component; waiting for a social-aid officer to verify.',
        },
      };
    },

    async 'social-aid.grantEarlyChildhoodBenefit'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const registration = String(request.input.assessmentReference ?? '');
      const found = await call<Determination[]>(request, 'grant', 'GET', `${API}/pkh/penetapan?no_registrasi=${encodeURIComponent(registration)}`);
      const made = found.data[0] ?? (await call<Determination>(request, 'grant', 'POST', `${API}/pkh/penetapan`, { no_registrasi: registration, id_pendamping: request.input.officerId })).data;
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: made.no_penetapan,
        outputs: { pkhGrantId: made.no_penetapan, pkhEligible: 'true' },
        message: { id: `Komponen PKH anak usia dini disetujui (nomor ${made.no_penetapan}).`, en: `The PKH early-childhood component was granted (reference ${made.no_penetapan}).` },
      };
    },
  };
}
