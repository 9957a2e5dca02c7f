import type { AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import type { AgencyHttp } from '../agency-http.client';

/** BPJS Ketenagakerjaan adapter: opens the heirs' death benefit (JKM) claim when the deceased was a member. */
export function createBpjsEmploymentActivities(http: AgencyHttp) {
  return {
    async 'bpjs-employment.openDeathBenefitClaim'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const { body, ruleVersion } = await http.post<{ opened: boolean; claimNumber?: string }>('/bpjs-employment/api/v1/death-benefit-claims', request, 'openDeathBenefitClaim', {
        deceasedNik: i.deceasedNik,
        heirNik: i.reporterNik,
        dateOfDeath: i.dateOfDeath,
        deathCertificateNumber: i.deathCertificateNumber,
      });
      if (!body.opened || !body.claimNumber) {
        return {
          ruleVersion,
          outcome: 'SKIPPED',
          outputs: {},
          message: {
            id: 'Almarhum bukan peserta BPJS Ketenagakerjaan, sehingga tidak ada klaim Jaminan Kematian.',
            en: 'The deceased was not a BPJS Ketenagakerjaan member, so there is no death benefit claim.',
          },
        };
      }
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: body.claimNumber,
        outputs: { deathBenefitClaimNumber: body.claimNumber },
        message: {
          id: `Klaim Jaminan Kematian ${body.claimNumber} dibuka untuk ahli waris.`,
          en: `Death benefit claim ${body.claimNumber} opened for the heirs.`,
        },
      };
    },
  };
}
