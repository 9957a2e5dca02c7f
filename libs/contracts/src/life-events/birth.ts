import { AGENCY_RETRY, FIELD_LABELS, S, type LifeEventDefinition } from './types';

/**
 * Birth: registry first, then health insurance and the welfare register in parallel. Report within 60 days; a later
 * report is verified by a civil-registry officer first (added in version 2).
 */
export const BIRTH_V2: LifeEventDefinition = {
  type: 'BIRTH',
  version: 2,
  title: { id: 'Kelahiran', en: 'Birth' },
  reportingDeadline: { days: 60, dateField: 'child.birthDate' },
  dataSchema: {
    type: 'object',
    required: ['motherNik', 'kkNumber', 'child'],
    additionalProperties: false,
    properties: {
      motherNik: S.nikFemale,
      fatherNik: S.nik,
      kkNumber: S.kk,
      child: {
        type: 'object',
        required: ['name', 'sex', 'birthDate', 'birthPlace'],
        additionalProperties: false,
        properties: { name: S.name, sex: { enum: ['F', 'M'] }, birthDate: S.pastDate, birthPlace: S.place },
      },
    },
  },
  fields: {
    motherNik: { label: { id: 'NIK ibu', en: "Mother's NIK" }, prefill: 'familyCard.mother.nik' },
    fatherNik: { label: { id: 'NIK ayah (bila ada)', en: "Father's NIK (if any)" }, prefill: 'familyCard.father.nik' },
    kkNumber: FIELD_LABELS.kkNumber,
    child: { label: { id: 'Anak', en: 'The child' } },
    'child.name': { label: { id: 'Nama lengkap anak', en: "Child's full name" } },
    'child.sex': { label: { id: 'Jenis kelamin', en: 'Sex' }, options: FIELD_LABELS.sex },
    'child.birthDate': { label: { id: 'Tanggal lahir', en: 'Date of birth' } },
    'child.birthPlace': { label: { id: 'Tempat lahir', en: 'Place of birth' } },
  },
  steps: [
    {
      id: 'verify-late-report',
      agency: 'civil-registry',
      title: { id: 'Verifikasi laporan kelahiran terlambat', en: 'Verification of a late birth report' },
      dependsOn: [],
      inputs: ['application.child.birthDate'],
      officerDecision: {},
      when: 'LATE_REPORT',
      onReject: 'REJECT_APPLICATION',
      startToCloseSeconds: 30,
      retry: AGENCY_RETRY,
      slaHours: 72,
    },
    {
      id: 'register-birth',
      agency: 'civil-registry',
      action: 'civil-registry.registerBirth',
      title: { id: 'Pencatatan kelahiran dan akta', en: 'Birth registration and certificate' },
      dependsOn: ['verify-late-report'],
      inputs: [
        'application.motherNik',
        'application.fatherNik',
        'application.kkNumber',
        'application.child.name',
        'application.child.sex',
        'application.child.birthDate',
        'application.child.birthPlace',
      ],
      onReject: 'REJECT_APPLICATION',
      startToCloseSeconds: 30,
      retry: AGENCY_RETRY,
      slaHours: 24,
    },
    {
      id: 'enrol-newborn',
      agency: 'bpjs-health',
      action: 'bpjs-health.enrolNewborn',
      title: { id: 'Pendaftaran bayi baru lahir ke JKN', en: 'Newborn health insurance enrolment' },
      dependsOn: ['register-birth'],
      inputs: ['application.motherNik', 'steps.register-birth.childNik', 'steps.register-birth.kkNumber'],
      consentRequired: true,
      onReject: 'CONTINUE',
      startToCloseSeconds: 30,
      retry: AGENCY_RETRY,
      slaHours: 72,
    },
    {
      id: 'assess-family',
      agency: 'social-aid',
      action: 'social-aid.assessFamily',
      title: { id: 'Pemutakhiran data kesejahteraan dan PKH', en: 'Welfare register update and PKH assessment' },
      dependsOn: ['register-birth'],
      inputs: ['steps.register-birth.kkNumber', 'steps.register-birth.childNik'],
      officerDecision: { followUpAction: 'social-aid.grantEarlyChildhoodBenefit' },
      consentRequired: true,
      onReject: 'CONTINUE',
      startToCloseSeconds: 30,
      retry: AGENCY_RETRY,
      slaHours: 120,
    },
  ],
};

/**
 * Version 3: Kemensos answers the welfare update later (asynchronous step, answer timeout 24 h). Recorded first with
 * its push callback; its adapter now takes a ticket and Simpul polls it (docs/agency-integration.md), same definition.
 */
export const BIRTH_V3: LifeEventDefinition = {
  ...BIRTH_V2,
  version: 3,
  steps: BIRTH_V2.steps.map((s) => (s.id === 'assess-family' ? { ...s, integration: { mode: 'async', callbackTimeoutHours: 24 } } : s)),
};

/** Version 1, kept for applications started under it: no late-report verification. */
export const BIRTH_V1: LifeEventDefinition = {
  ...BIRTH_V2,
  version: 1,
  reportingDeadline: undefined,
  steps: BIRTH_V2.steps.filter((s) => s.id !== 'verify-late-report').map((s) => (s.id === 'register-birth' ? { ...s, dependsOn: [] } : s)),
};
