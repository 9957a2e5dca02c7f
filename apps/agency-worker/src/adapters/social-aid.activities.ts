import type { AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import type { AgencyHttp } from '../agency-http.client';

interface Assessment {
  assessmentId: string;
  inRegister: boolean;
  pkhCandidate: boolean;
}

interface Grant {
  grantId: string;
  component: string;
}

/** Kemensos adapter: updates the welfare register and assesses the PKH early-childhood component. */
export function createSocialAidActivities(http: AgencyHttp) {
  return {
    async 'social-aid.assessFamily'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const { body, ruleVersion } = await http.post<Assessment>('/api/v1/assessments', request, 'assessFamily', {
        kkNumber: i.kkNumber,
        newMemberNik: i.childNik,
      });
      if (!body.inRegister) {
        return {
          ruleVersion,
          outcome: 'COMPLETED',
          reference: body.assessmentId,
          outputs: { assessmentId: body.assessmentId, pkhEligible: 'false' },
          message: {
            id: 'Keluarga tidak terdaftar di DTSEN, sehingga tidak memenuhi syarat PKH. Tidak ada tindakan lebih lanjut.',
            en: 'The family is not in the welfare register (DTSEN), so it is not eligible for PKH. Nothing more to do.',
          },
        };
      }
      if (!body.pkhCandidate) {
        return {
          ruleVersion,
          outcome: 'COMPLETED',
          reference: body.assessmentId,
          outputs: { assessmentId: body.assessmentId, pkhEligible: 'false' },
          message: { id: 'Data keluarga di DTSEN diperbarui.', en: 'The family record in the welfare register was updated.' },
        };
      }
      return {
        ruleVersion,
        outcome: 'NEEDS_OFFICER',
        reference: body.assessmentId,
        outputs: { assessmentId: body.assessmentId },
        message: {
          id: 'Keluarga berpotensi menerima PKH anak usia dini; menunggu verifikasi pendamping sosial.',
          en: 'The family may receive the PKH early-childhood component; waiting for a social-aid officer to verify.',
        },
      };
    },

    async 'social-aid.grantEarlyChildhoodBenefit'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const { body, ruleVersion } = await http.post<Grant>(`/api/v1/assessments/${encodeURIComponent(String(i.assessmentReference))}/grants`, request, 'grant', {
        officerId: i.officerId,
      });
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: body.grantId,
        outputs: { pkhGrantId: body.grantId, pkhEligible: 'true' },
        message: {
          id: `Komponen PKH anak usia dini disetujui (nomor ${body.grantId}).`,
          en: `The PKH early-childhood component was granted (reference ${body.grantId}).`,
        },
      };
    },
  };
}
