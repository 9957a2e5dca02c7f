import type { AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import type { AgencyHttp } from '../agency-http.client';

interface BirthRegistered {
  aktaNumber: string;
  childNik: string;
  kkNumber: string;
}

/** Disdukcapil adapter: maps Simpul's step input to the registry's birth API and back. */
export function createCivilRegistryActivities(http: AgencyHttp) {
  return {
    async 'civil-registry.registerBirth'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const { body, ruleVersion } = await http.post<BirthRegistered>('/civil-registry/api/v1/births', request, 'registerBirth', {
        motherNik: i.motherNik,
        fatherNik: i.fatherNik ?? null,
        kkNumber: i.kkNumber,
        child: { name: i.name, sex: i.sex, birthDate: i.birthDate, birthPlace: i.birthPlace },
      });
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: body.aktaNumber,
        outputs: { birthCertificateNumber: body.aktaNumber, childNik: body.childNik, kkNumber: body.kkNumber },
        message: {
          id: `Akta kelahiran ${body.aktaNumber} telah terbit; NIK anak telah dibuat dan Kartu Keluarga diperbarui.`,
          en: `Birth certificate ${body.aktaNumber} issued; the child's NIK was created and the family card updated.`,
        },
      };
    },
  };
}
