import { AGENCY_RETRY, FIELD_LABELS, S, defineLifeEvent, type DemoContext, type LifeEventDefinition } from './types';

/** Scholarship (KIP): identity and family, then welfare status, then the education agency issues the card. */
export const SCHOLARSHIP_V1: LifeEventDefinition<'SCHOLARSHIP'> = {
  type: 'SCHOLARSHIP',
  version: 1,
  title: { id: 'Kartu Indonesia Pintar', en: 'Scholarship card (KIP)' },
  dataSchema: {
    type: 'object',
    required: ['pupilNik', 'kkNumber', 'schoolNpsn'],
    additionalProperties: false,
    properties: {
      pupilNik: S.nik,
      kkNumber: S.kk,
      schoolNpsn: { type: 'string', pattern: '^[0-9]{8}$', description: "the school's NPSN, 8 digits" },
    },
  },
  fields: {
    pupilNik: { label: { id: 'NIK siswa', en: "Pupil's NIK" } },
    kkNumber: FIELD_LABELS.kkNumber,
    schoolNpsn: { label: { id: 'NPSN sekolah (8 angka)', en: "School's NPSN (8 digits)" } },
  },
  steps: [
    {
      id: 'confirm-family',
      agency: 'civil-registry',
      action: 'civil-registry.confirmFamily',
      title: { id: 'Konfirmasi identitas dan keluarga', en: 'Identity and family confirmed' },
      dependsOn: [],
      inputs: ['application.pupilNik', 'application.kkNumber'],
      onReject: 'REJECT_APPLICATION',
      startToCloseSeconds: 30,
      retry: AGENCY_RETRY,
      slaHours: 24,
    },
    {
      id: 'confirm-welfare-status',
      agency: 'social-aid',
      action: 'social-aid.confirmWelfareStatus',
      title: { id: 'Konfirmasi status kesejahteraan', en: 'Welfare status confirmed' },
      dependsOn: ['confirm-family'],
      inputs: ['application.kkNumber'],
      onReject: 'REJECT_APPLICATION',
      startToCloseSeconds: 30,
      retry: AGENCY_RETRY,
      slaHours: 48,
    },
    {
      id: 'issue-kip-card',
      agency: 'education',
      action: 'education.issueKipCard',
      title: { id: 'Penerbitan Kartu Indonesia Pintar', en: 'KIP card issued' },
      dependsOn: ['confirm-welfare-status'],
      inputs: ['application.pupilNik', 'application.schoolNpsn', 'steps.confirm-welfare-status.decile'],
      onReject: 'REJECT_APPLICATION',
      startToCloseSeconds: 30,
      retry: AGENCY_RETRY,
      slaHours: 168,
    },
  ],
};

/** The first child of a demo family applies at the demo school (the eligible family: decile 2; the member family: none). */
const demoPupil = (family: 'eligible' | 'member') => ({ people, schoolNpsn }: DemoContext) => ({
  applicantNik: people[`${family}.mother`].nik,
  data: { pupilNik: people[`${family}.child`].nik, kkNumber: people[`${family}.child`].kkNumber, schoolNpsn },
});

export const scholarship = defineLifeEvent({
  type: 'SCHOLARSHIP',
  versions: [SCHOLARSHIP_V1],
  retention: { historyDays: 90, readModelDays: 365 },
  references: { kipCardNumber: { id: 'Nomor Kartu Indonesia Pintar (KIP)', en: 'Indonesia Smart Card (KIP) number' } },
  demo: { consents: {}, scenarios: { scholarship: demoPupil('eligible'), 'scholarship-rejected': demoPupil('member') } },
});
