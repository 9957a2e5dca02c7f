import type { AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import type { AgencyHttp } from '../agency-http.client';

const NOT_IN_REGISTER = { id: 'Keluarga tidak terdaftar di DTSEN; tidak ada yang perlu diubah.', en: 'The household is not in the welfare register; nothing to change.' };

/** Kemensos adapter: removals on death, household transfers on moves, welfare status for scholarships. */
export function createSocialAidChangeActivities(http: AgencyHttp) {
  return {
    async 'social-aid.removeBeneficiary'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const { body, ruleVersion } = await http.post<{ removed: boolean }>('/api/v1/beneficiary-removals', request, 'removeBeneficiary', {
        nik: i.deceasedNik,
        kkNumber: i.kkNumber,
        deathCertificateNumber: i.deathCertificateNumber,
      });
      if (!body.removed) return { ruleVersion, outcome: 'SKIPPED', outputs: {}, message: NOT_IN_REGISTER };
      return { ruleVersion, outcome: 'COMPLETED', outputs: {}, message: { id: 'Dihapus dari daftar penerima bantuan sosial.', en: 'Removed from social benefits.' } };
    },

    async 'social-aid.transferHousehold'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const { body, ruleVersion } = await http.post<{ transferred: boolean; transferId?: string }>('/api/v1/household-transfers', request, 'transferHousehold', {
        kkNumber: i.kkNumber,
        newKkNumber: i.newKkNumber,
        destinationRegionCode: i.destinationRegionCode,
      });
      if (!body.transferred || !body.transferId) return { ruleVersion, outcome: 'SKIPPED', outputs: {}, message: NOT_IN_REGISTER };
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: body.transferId,
        outputs: { transferId: body.transferId },
        message: { id: 'Data rumah tangga DTSEN dipindahkan ke wilayah baru.', en: 'The welfare household was transferred to the new region.' },
      };
    },

    async 'social-aid.confirmWelfareStatus'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const { body, ruleVersion } = await http.post<{ decile: number }>('/api/v1/welfare-confirmations', request, 'confirmWelfareStatus', { kkNumber: request.input.kkNumber });
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        outputs: { decile: String(body.decile) },
        message: { id: `Keluarga terdaftar di DTSEN (desil ${body.decile}).`, en: `The household is in the welfare register (decile ${body.decile}).` },
      };
    },
  };
}
