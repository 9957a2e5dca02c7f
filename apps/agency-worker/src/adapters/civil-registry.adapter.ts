import type { AgencyConnection } from '@simpul/config';
import type { AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import { agencyRejection, contractError, safeJson, technicalFailure, type AgencyHttp } from '../agency-http.client';

/**
 * Disdukcapil adapter, for its web-service style: user id and password in the JSON body (the caller's address is on
 * the registry's allow-list), uppercase Indonesian fields, DD-MM-YYYY dates, always HTTP 200 with refusals as a
 * `RESPON` text. The registry keeps no idempotency key, so every registration first searches for the reference
 * Simpul sent with it (NO_REF = application:step, no personal data): a retry after a lost answer finds the first one.
 */
export type Row = Record<string, string>;

/** RESPON texts that are the registry's decisions about the citizen's case: business rejections, never retried. */
const REFUSALS: Record<string, [code: string, id: string, en: string]> = {
  'NIK IBU TIDAK TERDAFTAR': ['MOTHER_NIK_UNKNOWN', 'NIK ibu tidak terdaftar di database kependudukan.', "The mother's NIK is not in the population register."],
  'NIK IBU BUKAN NIK PEREMPUAN': ['MOTHER_NIK_NOT_FEMALE', 'NIK ibu bukan NIK perempuan.', "The mother's NIK is not a woman's."],
  'NO_KK TIDAK SESUAI DENGAN KK IBU': ['KK_MISMATCH', 'Nomor KK tidak sesuai dengan KK ibu.', "The family card number is not the mother's family card."],
  'NIK TIDAK TERDAFTAR': ['NIK_UNKNOWN', 'NIK tidak terdaftar di database kependudukan.', 'The NIK is not in the population register.'],
  'NIK SUDAH TERCATAT MENINGGAL': ['ALREADY_DECEASED', 'Kematian orang ini sudah tercatat.', "This person's death is already registered."],
  'NO_KK TIDAK SESUAI': ['KK_MISMATCH', 'Nomor KK tidak sesuai.', 'The family card number does not match.'],
  'TUJUAN PINDAH DALAM WILAYAH YANG SAMA': [
    'SAME_REGION',
    'Alamat tujuan berada di wilayah yang sama; gunakan layanan perubahan alamat.',
    'The destination is in the same district; use the change-of-address service instead.',
  ],
  'NO_SKPWNI TIDAK DITEMUKAN': ['MOVE_LETTER_UNKNOWN', 'Surat pindah tidak ditemukan.', 'The move letter was not found.'],
  'NIK TIDAK TERCATAT DALAM KK': ['NOT_IN_FAMILY', 'NIK tidak tercatat dalam KK tersebut.', 'The NIK is not on that family card.'],
  'NIK SUAMI TIDAK TERDAFTAR': ['HUSBAND_NIK_UNKNOWN', 'NIK suami tidak terdaftar di database kependudukan.', "The husband's NIK is not in the population register."],
  'NIK ISTRI TIDAK TERDAFTAR': ['WIFE_NIK_UNKNOWN', 'NIK istri tidak terdaftar di database kependudukan.', "The wife's NIK is not in the population register."],
};
const NOT_FOUND = 'Data Tidak Ditemukan';
const dmy = (iso: unknown) => String(iso).split('-').reverse().join('-');

/** One web-service call: the records found, undefined for "not found"; every other RESPON is mapped here. */
export function dukcapilCaller(http: AgencyHttp, connection: AgencyConnection) {
  return async (request: AgencyStepRequest, action: string, service: string, fields: Record<string, unknown>): Promise<Row[] | undefined> => {
    const { userId, password } = connection.credentials;
    const body = JSON.stringify({ user_id: userId, password, ...fields });
    const reply = await http.exchange(request, action, { path: `/ws/${service}`, headers: { 'Content-Type': 'application/json' }, body });
    if (reply.status >= 500 || reply.status === 408 || reply.status === 429) throw technicalFailure(`Disdukcapil answered ${reply.status} to ${service}`);
    if (reply.status !== 200) throw contractError(`Disdukcapil answered HTTP ${reply.status} to ${service}; its web service answers 200 only: check the service address`);
    const content = (safeJson(reply.text) as { content?: Row[] }).content;
    if (!Array.isArray(content) || content.length === 0) throw contractError(`Disdukcapil's answer to ${service} has no content: the service contract changed`);
    const respon = content[0].RESPON;
    if (!respon || respon === 'SUKSES') return content;
    if (respon === NOT_FOUND) return undefined;
    const refusal = REFUSALS[respon];
    if (refusal) throw agencyRejection(refusal[0], { id: refusal[1], en: refusal[2] });
    // Wrong credentials, a caller address not on the allow-list, a missing or malformed field: ours to fix.
    throw contractError(`Disdukcapil refused ${service}: "${respon}"`);
  };
}

export function createCivilRegistryAdapter(http: AgencyHttp, connection: AgencyConnection) {
  const ruleVersion = connection.apiVersion;
  const ref = (r: AgencyStepRequest) => `${r.applicationId}:${r.stepId}`;
  const call = dukcapilCaller(http, connection);

  const register = async (request: AgencyStepRequest, action: string, service: string, fields: Record<string, unknown>): Promise<Row> => {
    const done = await call(request, action, service, { ...fields, NO_REF: ref(request) });
    if (!done?.[0]) throw contractError(`Disdukcapil answered ${service} without a record`);
    return done[0];
  };

  /** Looks up by our reference before acting, so a retry after a lost answer does not register twice. */
  const once = async (request: AgencyStepRequest, action: string, service: string, fields: Record<string, unknown>): Promise<Row> => {
    const earlier = await call(request, action, `${service}/CARI`, { NO_REF: ref(request) });
    return earlier?.[0] ?? register(request, action, `${service}/DAFTAR`, fields);
  };

  return {
    async 'civil-registry.registerBirth'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const row = await once(request, 'registerBirth', 'LAHIR', {
        NIK_IBU: i.motherNik,
        NIK_AYAH: i.fatherNik ?? '',
        NO_KK: i.kkNumber,
        NAMA_LGKP: i.name,
        JENIS_KLMIN: i.sex === 'F' ? 'PEREMPUAN' : 'LAKI-LAKI',
        TGL_LHR: dmy(i.birthDate),
        TMPT_LHR: i.birthPlace,
      });
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: row.NO_AKTA_LHR,
        outputs: { birthCertificateNumber: row.NO_AKTA_LHR, childNik: row.NIK, kkNumber: row.NO_KK },
        message: {
          id: `Akta kelahiran ${row.NO_AKTA_LHR} telah terbit; NIK anak telah dibuat dan Kartu Keluarga diperbarui.`,
          en: `Birth certificate ${row.NO_AKTA_LHR} issued; the child's NIK was created and the family card updated.`,
        },
      };
    },

    async 'civil-registry.registerDeath'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      // Searched by the natural key (the deceased's NIK); only our own earlier registration counts as done: another
      // one makes the registry refuse the new one (already deceased), a business answer.
      const earlier = (await call(request, 'registerDeath', 'MATI/CARI', { NIK: i.deceasedNik }))?.find((r) => r.NO_REF === ref(request));
      const row =
        earlier ??
        (await register(request, 'registerDeath', 'MATI/DAFTAR', {
          NIK: i.deceasedNik,
          NO_KK: i.kkNumber,
          TGL_MATI: dmy(i.dateOfDeath),
          TMPT_MATI: i.placeOfDeath,
          NIK_PELAPOR: i.reporterNik,
        }));
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: row.NO_AKTA_MATI,
        outputs: { deathCertificateNumber: row.NO_AKTA_MATI, kkNumber: row.NO_KK },
        message: {
          id: `Akta kematian ${row.NO_AKTA_MATI} telah terbit dan Kartu Keluarga diperbarui.`,
          en: `Death certificate ${row.NO_AKTA_MATI} issued and the family card updated.`,
        },
      };
    },

    async 'civil-registry.issueMoveLetter'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const row = await once(request, 'issueMoveLetter', 'PINDAH', {
        NIK: i.nik,
        NO_KK: i.kkNumber,
        KODE_WIL_TUJUAN: i.destinationRegionCode,
        ALAMAT_TUJUAN: i.destinationAddress,
        TGL_PINDAH: dmy(i.moveDate),
      });
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: row.NO_SKPWNI,
        outputs: { moveLetterNumber: row.NO_SKPWNI, newKkNumber: row.NO_KK_BARU },
        message: {
          id: `Surat pindah ${row.NO_SKPWNI} dan KK baru ${row.NO_KK_BARU} telah terbit.`,
          en: `Move letter ${row.NO_SKPWNI} and new family card ${row.NO_KK_BARU} issued.`,
        },
      };
    },

    async 'civil-registry.cancelMoveLetter'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      // Cancelling twice leaves the letter cancelled: safe to repeat without a look-up.
      const number = String(request.input.moveLetterNumber ?? request.input.reference);
      await call(request, 'cancelMoveLetter', 'PINDAH/BATAL', { NO_SKPWNI: number });
      return { ruleVersion, outcome: 'COMPLETED', reference: number, outputs: {}, message: { id: `Surat pindah ${number} dibatalkan.`, en: `Move letter ${number} was cancelled.` } };
    },

    async 'civil-registry.registerMarriage'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const row = await once(request, 'registerMarriage', 'KAWIN', {
        NIK_SUAMI: i.husbandNik,
        NIK_ISTRI: i.wifeNik,
        NO_AKTA_NIKAH: i.marriageBookNumber,
        TGL_KAWIN: dmy(i.marriageDate),
      });
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: row.NO_KK_BARU,
        outputs: { newKkNumber: row.NO_KK_BARU },
        message: {
          id: `Status perkawinan kedua mempelai menjadi KAWIN; Kartu Keluarga baru ${row.NO_KK_BARU} telah terbit.`,
          en: `Both spouses are recorded as married; new family card ${row.NO_KK_BARU} issued.`,
        },
      };
    },

    async 'civil-registry.confirmFamily'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const [row] = (await call(request, 'confirmFamily', 'KK/CEK', { NIK: request.input.pupilNik, NO_KK: request.input.kkNumber })) ?? [];
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        outputs: { familyMembers: String(row?.JML_ANGGOTA_KK ?? '') },
        message: { id: 'Identitas siswa dan keanggotaan keluarga terkonfirmasi.', en: "The pupil's identity and family membership are confirmed." },
      };
    },
  };
}
