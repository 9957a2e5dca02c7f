import type { AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import type { AgencyHttp } from '../agency-http.client';

/** Kemendikbudristek adapter: issues the KIP card. */
export function createEducationActivities(http: AgencyHttp) {
  return {
    async 'education.issueKipCard'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const { body, ruleVersion } = await http.post<{ kipNumber: string; school: string }>('/education/api/v1/kip-cards', request, 'issueKipCard', {
        pupilNik: i.pupilNik,
        schoolNpsn: i.schoolNpsn,
        decile: i.decile,
      });
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: body.kipNumber,
        outputs: { kipCardNumber: body.kipNumber },
        message: { id: `Kartu Indonesia Pintar ${body.kipNumber} terbit (${body.school}).`, en: `KIP card ${body.kipNumber} issued (${body.school}).` },
      };
    },
  };
}
