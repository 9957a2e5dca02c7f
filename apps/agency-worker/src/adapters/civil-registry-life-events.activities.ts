import type { AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import type { AgencyHttp } from '../agency-http.client';

/** Disdukcapil adapter: deaths, moves (and their cancellation) and family confirmations. */
export function createCivilRegistryLifeEventActivities(http: AgencyHttp) {
  return {
    async 'civil-registry.registerDeath'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const { body, ruleVersion } = await http.post<{ aktaKematianNumber: string; kkNumber: string }>('/civil-registry/api/v1/deaths', request, 'registerDeath', {
        deceasedNik: i.deceasedNik,
        kkNumber: i.kkNumber,
        dateOfDeath: i.dateOfDeath,
        placeOfDeath: i.placeOfDeath,
        reporterNik: i.reporterNik,
      });
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: body.aktaKematianNumber,
        outputs: { deathCertificateNumber: body.aktaKematianNumber, kkNumber: body.kkNumber },
        message: {
          id: `Akta kematian ${body.aktaKematianNumber} telah terbit dan Kartu Keluarga diperbarui.`,
          en: `Death certificate ${body.aktaKematianNumber} issued and the family card updated.`,
        },
      };
    },

    async 'civil-registry.issueMoveLetter'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const { body, ruleVersion } = await http.post<{ skpwniNumber: string; newKkNumber: string }>('/civil-registry/api/v1/move-letters', request, 'issueMoveLetter', {
        nik: i.nik,
        kkNumber: i.kkNumber,
        destinationRegionCode: i.destinationRegionCode,
        destinationAddress: i.destinationAddress,
        moveDate: i.moveDate,
      });
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: body.skpwniNumber,
        outputs: { moveLetterNumber: body.skpwniNumber, newKkNumber: body.newKkNumber },
        message: {
          id: `Surat pindah ${body.skpwniNumber} dan KK baru ${body.newKkNumber} telah terbit.`,
          en: `Move letter ${body.skpwniNumber} and new family card ${body.newKkNumber} issued.`,
        },
      };
    },

    async 'civil-registry.cancelMoveLetter'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const number = String(request.input.moveLetterNumber ?? request.input.reference);
      const { ruleVersion } = await http.post(`/civil-registry/api/v1/move-letters/${encodeURIComponent(number)}/cancellation`, request, 'cancelMoveLetter', {});
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: number,
        outputs: {},
        message: { id: `Surat pindah ${number} dibatalkan.`, en: `Move letter ${number} was cancelled.` },
      };
    },

    async 'civil-registry.confirmFamily'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const { body, ruleVersion } = await http.post<{ familyMembers: number }>('/civil-registry/api/v1/family-confirmations', request, 'confirmFamily', {
        nik: i.pupilNik,
        kkNumber: i.kkNumber,
      });
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        outputs: { familyMembers: String(body.familyMembers) },
        message: { id: 'Identitas siswa dan keanggotaan keluarga terkonfirmasi.', en: "The pupil's identity and family membership are confirmed." },
      };
    },
  };
}
