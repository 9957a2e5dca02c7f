import type { AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import type { AgencyHttp } from '../agency-http.client';

const NOT_A_MEMBER = { id: 'Tidak terdaftar sebagai peserta JKN; tidak ada yang perlu diubah.', en: 'Not a JKN member; nothing to change.' };

/** BPJS Kesehatan adapter: membership end on death, clinic moves and their undo. */
export function createBpjsHealthChangeActivities(http: AgencyHttp) {
  return {
    async 'bpjs-health.endMembership'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const { body, ruleVersion } = await http.post<{ terminated: boolean }>('/bpjs-health/api/v1/membership-terminations', request, 'endMembership', {
        nik: i.deceasedNik,
        dateOfDeath: i.dateOfDeath,
        deathCertificateNumber: i.deathCertificateNumber,
      });
      if (!body.terminated) return { ruleVersion, outcome: 'SKIPPED', outputs: {}, message: NOT_A_MEMBER };
      return { ruleVersion, outcome: 'COMPLETED', outputs: {}, message: { id: 'Kepesertaan JKN telah dihentikan.', en: 'The JKN membership has ended.' } };
    },

    async 'bpjs-health.moveClinic'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const { body, ruleVersion } = await http.post<{ moved: boolean; clinicCode?: string; previousClinicCode?: string }>('/bpjs-health/api/v1/clinic-moves', request, 'moveClinic', {
        nik: i.nik,
        newKkNumber: i.newKkNumber,
        destinationRegionCode: i.destinationRegionCode,
      });
      if (!body.moved || !body.clinicCode) return { ruleVersion, outcome: 'SKIPPED', outputs: {}, message: NOT_A_MEMBER };
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: body.clinicCode,
        outputs: { clinicCode: body.clinicCode, previousClinicCode: body.previousClinicCode ?? '' },
        message: { id: `Faskes tingkat pertama dipindahkan ke ${body.clinicCode}.`, en: `Primary clinic moved to ${body.clinicCode}.` },
      };
    },

    async 'bpjs-health.restoreClinic'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const { ruleVersion } = await http.post('/bpjs-health/api/v1/clinic-moves/restorations', request, 'restoreClinic', { nik: i.nik, previousClinicCode: i.previousClinicCode });
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: String(i.previousClinicCode),
        outputs: {},
        message: { id: `Faskes dikembalikan ke ${String(i.previousClinicCode)}.`, en: `Primary clinic restored to ${String(i.previousClinicCode)}.` },
      };
    },
  };
}
