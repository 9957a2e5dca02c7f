import type { AgencyConnection } from '@simpul/config';
import type { AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import { agencyRejection, contractError, safeJson, technicalFailure, type AgencyHttp } from '../agency-http.client';

/**
 * Kemenag adapter (the KUA offices' marriage registry, SIMKAH), for its web-service style, the one it shares with
 * Dukcapil: user id and password in the JSON body (the caller's address on an allow-list), uppercase Indonesian
 * fields, DD-MM-YYYY dates, always HTTP 200 with refusals as a `RESPON` text. No idempotency key: the registration
 * is first searched by the reference Simpul sent with it (NO_REF = application:step), so a retry finds the first one.
 */
type Row = Record<string, string>;

/** RESPON texts that are the KUA's decisions about the marriage: business rejections, never retried. */
const REFUSALS: Record<string, [code: string, id: string, en: string]> = {
  'SUAMI MASIH TERIKAT PERKAWINAN': [
    'ALREADY_MARRIED',
    'Menurut register KUA, suami masih terikat perkawinan lain; pencatatan memerlukan izin Pengadilan Agama.',
    'Per the KUA register the husband is still married; registering needs the religious court’s permission.',
  ],
  'ISTRI MASIH TERIKAT PERKAWINAN': ['ALREADY_MARRIED', 'Menurut register KUA, istri masih terikat perkawinan lain.', 'Per the KUA register the wife is still married.'],
  'NIK ISTRI BUKAN NIK PEREMPUAN': ['WIFE_NIK_NOT_FEMALE', 'NIK istri bukan NIK perempuan.', "The wife's NIK is not a woman's."],
};
const NOT_FOUND = 'Data Tidak Ditemukan';
const dmy = (iso: unknown) => String(iso).split('-').reverse().join('-');

export function createReligiousAffairsAdapter(http: AgencyHttp, connection: AgencyConnection) {
  const ruleVersion = connection.apiVersion;
  const ref = (r: AgencyStepRequest) => `${r.applicationId}:${r.stepId}`;

  /** One web-service call: the records found, undefined for "not found"; every other RESPON is mapped here. */
  const call = async (request: AgencyStepRequest, service: string, fields: Record<string, unknown>): Promise<Row[] | undefined> => {
    const { userId, password } = connection.credentials;
    const body = JSON.stringify({ user_id: userId, password, ...fields });
    const reply = await http.exchange(request, 'registerMarriage', { path: `/ws/${service}`, headers: { 'Content-Type': 'application/json' }, body });
    if (reply.status >= 500 || reply.status === 408 || reply.status === 429) throw technicalFailure(`SIMKAH answered ${reply.status} to ${service}`);
    if (reply.status !== 200) throw contractError(`SIMKAH answered HTTP ${reply.status} to ${service}; its web service answers 200 only: check the service address`);
    const content = (safeJson(reply.text) as { content?: Row[] }).content;
    if (!Array.isArray(content) || content.length === 0) throw contractError(`SIMKAH's answer to ${service} has no content: the service contract changed`);
    const respon = content[0].RESPON;
    if (!respon || respon === 'SUKSES') return content;
    if (respon === NOT_FOUND) return undefined;
    const refusal = REFUSALS[respon];
    if (refusal) throw agencyRejection(refusal[0], { id: refusal[1], en: refusal[2] });
    throw contractError(`SIMKAH refused ${service}: "${respon}"`);
  };

  return {
    async 'religious-affairs.registerMarriage'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const earlier = (await call(request, 'NIKAH/CARI', { NO_REF: ref(request) }))?.[0];
      const row =
        earlier ??
        (
          await call(request, 'NIKAH/DAFTAR', {
            NIK_SUAMI: i.husbandNik,
            NIK_ISTRI: i.wifeNik,
            TGL_AKAD: dmy(i.marriageDate),
            TEMPAT_AKAD: i.marriagePlace,
            KODE_KUA: i.kuaRegionCode,
            NO_REF: ref(request),
          })
        )?.[0];
      if (!row?.NO_AKTA_NIKAH) throw contractError('SIMKAH registered the marriage without an act number');
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: row.NO_AKTA_NIKAH,
        outputs: { marriageBookNumber: row.NO_AKTA_NIKAH },
        message: { id: `Pernikahan tercatat di KUA; akta nikah ${row.NO_AKTA_NIKAH}.`, en: `Marriage registered by the KUA; marriage book ${row.NO_AKTA_NIKAH}.` },
      };
    },
  };
}
