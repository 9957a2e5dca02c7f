import type { AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import type { AgencyHttp } from '../agency-http.client';

interface Enrolment {
  enrolled: boolean;
  cardNumber?: string;
  segment?: 'PBI' | 'PBPU' | 'PPU';
  reason?: 'FAMILY_NOT_MEMBER';
}

/** BPJS Kesehatan adapter: enrols the newborn under the family's JKN membership. */
export function createBpjsHealthActivities(http: AgencyHttp) {
  return {
    async 'bpjs-health.enrolNewborn'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const { body, ruleVersion } = await http.post<Enrolment>('/bpjs-health/api/v1/newborn-enrolments', request, 'enrolNewborn', {
        motherNik: i.motherNik,
        childNik: i.childNik,
        kkNumber: i.kkNumber,
      });
      if (!body.enrolled || !body.cardNumber) {
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
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: body.cardNumber,
        outputs: { bpjsCardNumber: body.cardNumber, segment: body.segment ?? 'PBPU' },
        message: {
          id: `Bayi terdaftar sebagai peserta JKN (${body.segment}); nomor kartu ${body.cardNumber}.`,
          en: `The baby is enrolled in JKN (${body.segment}); card number ${body.cardNumber}.`,
        },
      };
    },
  };
}
