import { createDecipheriv, createHash, createHmac } from 'node:crypto';
import { decompressFromEncodedURIComponent } from 'lz-string';
import type { AgencyConnection } from '@simpul/config';
import type { AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import { answered, contractError, safeJson, technicalFailure, type AgencyHttp } from '../agency-http.client';

/**
 * BPJS Kesehatan adapter, for its bridging style: every request signed (X-cons-id, X-timestamp, X-signature =
 * base64 HMAC-SHA256 of `consId&timestamp`, user_key); every answer `{ metaData: { code, message }, response }` with
 * `response` AES-256-CBC encrypted (key = SHA-256 of consId + secret + timestamp, IV = its first 16 bytes) over
 * LZ-string-compressed JSON. Business outcomes arrive as HTTP 200 with a code other than "200". BPJS stores no
 * idempotency key: every act first looks the member up by NIK (the natural key), so a retry finds what was done.
 */
interface Member {
  peserta: { noKartu: string; jenisPeserta: { keterangan: string }; statusPeserta: { keterangan: string }; provUmum: { kdProvider: string | null } };
}
type Answer<T> = { code: string; message: string; response?: T };

const NOT_A_MEMBER = { id: 'Tidak terdaftar sebagai peserta JKN; tidak ada yang perlu diubah.', en: 'Not a JKN member; nothing to change.' };

export function createBpjsHealthAdapter(http: AgencyHttp, connection: AgencyConnection) {
  const ruleVersion = connection.apiVersion;
  const { consId, secret, userKey } = connection.credentials;

  const decrypt = (timestamp: string, response: string): string => {
    const key = createHash('sha256').update(`${consId}${secret}${timestamp}`).digest();
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    const compressed = Buffer.concat([decipher.update(Buffer.from(response, 'base64')), decipher.final()]).toString('utf8');
    const plain = decompressFromEncodedURIComponent(compressed);
    if (!plain) throw new Error('empty after decompression');
    return plain;
  };

  /** One bridging call. Errors of the caller or the transport are thrown; a business code is returned to the action. */
  const call = async <T>(request: AgencyStepRequest, action: string, service: string, part: string, fields: Record<string, unknown>): Promise<Answer<T>> => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = {
      'Content-Type': 'application/json',
      'X-cons-id': consId,
      'X-timestamp': timestamp,
      'X-signature': createHmac('sha256', secret).update(`${consId}&${timestamp}`).digest('base64'),
      user_key: userKey,
    };
    const reply = await http.exchange(request, action, { path: `/${service}`, headers, body: JSON.stringify({ request: { [part]: fields } }) });
    if (reply.status >= 500 || reply.status === 408 || reply.status === 429) throw technicalFailure(`BPJS Kesehatan answered ${reply.status} to ${service}`);
    const { metaData, response } = safeJson(reply.text) as { metaData?: { code?: string; message?: string }; response?: string | null };
    // 401 (signature, timestamp, consumer id, user key) and any other refusal of the call itself: ours to fix.
    if (reply.status !== 200) throw contractError(`BPJS Kesehatan answered ${reply.status} to ${service}: ${metaData?.message ?? 'no metaData'}`);
    if (!metaData?.code) throw contractError(`BPJS Kesehatan's answer to ${service} has no metaData: the bridging contract changed`);
    if (metaData.code !== '200' || !response) return { code: metaData.code, message: metaData.message ?? '' };
    let plaintext: string;
    try {
      plaintext = decrypt(timestamp, response);
    } catch (err) {
      throw contractError(`BPJS Kesehatan's answer to ${service} cannot be decrypted (${err instanceof Error ? err.message : String(err)}): check the consumer secret`);
    }
    answered(reply, plaintext);
    return { code: '200', message: metaData.message ?? '', response: JSON.parse(plaintext) as T };
  };

  const member = async (request: AgencyStepRequest, action: string, nik: unknown): Promise<Member['peserta'] | undefined> =>
    (await call<Member>(request, action, 'Peserta/cari', 't_peserta', { nik })).response?.peserta;

  return {
    async 'bpjs-health.enrolNewborn'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      let card = await member(request, 'enrolNewborn', i.childNik);
      if (!card) {
        const enrolled = await call<{ noKartu: string; jenisPeserta: { keterangan: string } }>(request, 'enrolNewborn', 'Peserta/bayi/insert', 't_bayi', {
          nikIbu: i.motherNik,
          nikBayi: i.childNik,
          noKK: i.kkNumber,
        });
        if (!enrolled.response) {
          return {
            ruleVersion,
            outcome: 'SKIPPED',
            outputs: {},
            message: {
              id: 'Keluarga belum menjadi peserta JKN; daftarkan keluarga di kantor BPJS Kesehatan atau aplikasi resminya.',
              en: 'The family is not a JKN member yet; register the family with BPJS Kesehatan.',
            },
          };
        }
        card = { noKartu: enrolled.response.noKartu, jenisPeserta: enrolled.response.jenisPeserta, statusPeserta: { keterangan: 'AKTIF' }, provUmum: { kdProvider: null } };
      }
      const segment = card.jenisPeserta.keterangan;
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: card.noKartu,
        outputs: { bpjsCardNumber: card.noKartu, segment },
        message: {
          id: `Bayi terdaftar sebagai peserta JKN (${segment}); nomor kartu ${card.noKartu}.`,
          en: `The baby is enrolled in JKN (${segment}); card number ${card.noKartu}.`,
        },
      };
    },

    async 'bpjs-health.endMembership'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const found = await member(request, 'endMembership', i.deceasedNik);
      if (!found) return { ruleVersion, outcome: 'SKIPPED', outputs: {}, message: NOT_A_MEMBER };
      if (found.statusPeserta.keterangan === 'AKTIF') {
        const ended = await call(request, 'endMembership', 'Peserta/akhiri', 't_peserta', { nik: i.deceasedNik, tglMeninggal: i.dateOfDeath });
        if (ended.code !== '200') return { ruleVersion, outcome: 'SKIPPED', outputs: {}, message: NOT_A_MEMBER };
      }
      return { ruleVersion, outcome: 'COMPLETED', outputs: {}, message: { id: 'Kepesertaan JKN telah dihentikan.', en: 'The JKN membership has ended.' } };
    },

    async 'bpjs-health.moveClinic'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const moved = await call<{ kdProviderLama: string | null; kdProviderBaru: string }>(request, 'moveClinic', 'Peserta/faskes/update', 't_faskes', {
        nik: i.nik,
        kdWilayah: i.destinationRegionCode,
      });
      if (!moved.response) return { ruleVersion, outcome: 'SKIPPED', outputs: {}, message: NOT_A_MEMBER };
      const clinic = moved.response.kdProviderBaru;
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: clinic,
        outputs: { clinicCode: clinic, previousClinicCode: moved.response.kdProviderLama ?? '' },
        message: { id: `Faskes tingkat pertama dipindahkan ke ${clinic}.`, en: `Primary clinic moved to ${clinic}.` },
      };
    },

    async 'bpjs-health.moveSpouseMembership'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      // Moving into the family card the member already holds changes nothing: safe to repeat without a look-up.
      const moved = await call<{ noKartu: string; noKKBaru: string }>(request, 'moveSpouseMembership', 'Peserta/keluarga/update', 't_keluarga', {
        nik: i.wifeNik,
        noKK: i.newKkNumber,
        nikKepalaKeluarga: i.husbandNik,
      });
      if (!moved.response) return { ruleVersion, outcome: 'SKIPPED', outputs: {}, message: NOT_A_MEMBER };
      const { noKartu, noKKBaru } = moved.response;
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: noKartu,
        outputs: { bpjsCardNumber: noKartu },
        message: { id: `Kepesertaan JKN istri (kartu ${noKartu}) dipindahkan ke keluarga baru, KK ${noKKBaru}.`, en: `The wife's JKN membership (card ${noKartu}) moved to the new family, KK ${noKKBaru}.` },
      };
    },

    async 'bpjs-health.restoreClinic'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const previous = String(request.input.previousClinicCode);
      // Setting the same clinic again changes nothing: safe to repeat.
      await call(request, 'restoreClinic', 'Peserta/faskes/update', 't_faskes', { nik: request.input.nik, kdProvider: previous });
      return { ruleVersion, outcome: 'COMPLETED', reference: previous, outputs: {}, message: { id: `Faskes dikembalikan ke ${previous}.`, en: `Primary clinic restored to ${previous}.` } };
    },
  };
}
