import { AGENCY_RETRY, FIELD_LABELS, S, defineLifeEvent, type DemoContext, type LifeEventDefinition, type StepDefinition } from './types';

/**
 * Birth: registry first, then health insurance and the welfare register in parallel. Report within 60 days; a later
 * report is verified by a civil-registry officer first (added in version 2).
 *
 * A running application keeps its version, so a published version never changes. The parts below are shared by the
 * versions that have them alike; they are deep-frozen with the versions (defineLifeEvent), and each published version is
 * pinned by its fixture (test/fixtures/definitions), so an edit to a shared part fails that test instead of silently
 * changing a running version. A version that differs gets its own part, never a spread of another version.
 */
const TITLE = { id: 'Kelahiran', en: 'Birth' };

const DATA_SCHEMA: LifeEventDefinition['dataSchema'] = {
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
};

const FIELDS: LifeEventDefinition['fields'] = {
  motherNik: { label: { id: 'NIK ibu', en: "Mother's NIK" }, prefill: 'familyCard.mother.nik' },
  fatherNik: { label: { id: 'NIK ayah (bila ada)', en: "Father's NIK (if any)" }, prefill: 'familyCard.father.nik' },
  kkNumber: FIELD_LABELS.kkNumber,
  child: { label: { id: 'Anak', en: 'The child' } },
  'child.name': { label: { id: 'Nama lengkap anak', en: "Child's full name" } },
  'child.sex': { label: { id: 'Jenis kelamin', en: 'Sex' }, options: FIELD_LABELS.sex },
  'child.birthDate': { label: { id: 'Tanggal lahir', en: 'Date of birth' } },
  'child.birthPlace': { label: { id: 'Tempat lahir', en: 'Place of birth' } },
};

/** Version 2 on: a report after the deadline waits for a civil-registry officer's verification. */
const VERIFY_LATE_REPORT: StepDefinition = {
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
};

const registerBirth = (dependsOn: string[]): StepDefinition => ({
  id: 'register-birth',
  agency: 'civil-registry',
  action: 'civil-registry.registerBirth',
  title: { id: 'Pencatatan kelahiran dan akta', en: 'Birth registration and certificate' },
  dependsOn,
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
});
const REGISTER_BIRTH_V1 = registerBirth([]);
const REGISTER_BIRTH = registerBirth(['verify-late-report']);

const ENROL_NEWBORN: StepDefinition = {
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
};

const assessFamily = (integration?: StepDefinition['integration']): StepDefinition => ({
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
  ...(integration ? { integration } : {}),
  retry: AGENCY_RETRY,
  slaHours: 120,
});
const ASSESS_FAMILY = assessFamily();

/** Version 1, kept for applications started under it: no late-report verification. */
export const BIRTH_V1: LifeEventDefinition<'BIRTH'> = {
  type: 'BIRTH',
  version: 1,
  title: TITLE,
  dataSchema: DATA_SCHEMA,
  fields: FIELDS,
  steps: [REGISTER_BIRTH_V1, ENROL_NEWBORN, ASSESS_FAMILY],
};

/** Version 2: a report after the 60-day deadline is verified by a civil-registry officer first. */
export const BIRTH_V2: LifeEventDefinition<'BIRTH'> = {
  type: 'BIRTH',
  version: 2,
  title: TITLE,
  reportingDeadline: { days: 60, dateField: 'child.birthDate' },
  dataSchema: DATA_SCHEMA,
  fields: FIELDS,
  steps: [VERIFY_LATE_REPORT, REGISTER_BIRTH, ENROL_NEWBORN, ASSESS_FAMILY],
};

/**
 * Version 3: Kemensos answers the welfare update later (asynchronous step, answer timeout 24 h). Recorded first with
 * its push callback; its adapter now takes a ticket and Simpul polls it (docs/agency-integration.md), same definition.
 */
export const BIRTH_V3: LifeEventDefinition<'BIRTH'> = {
  type: 'BIRTH',
  version: 3,
  title: TITLE,
  reportingDeadline: { days: 60, dateField: 'child.birthDate' },
  dataSchema: DATA_SCHEMA,
  fields: FIELDS,
  steps: [VERIFY_LATE_REPORT, REGISTER_BIRTH, ENROL_NEWBORN, assessFamily({ mode: 'async', callbackTimeoutHours: 24 })],
};

/** A birth in a demo family (the member family's, or the eligible family's for the officer case), 10 days ago. */
const demoBirth = (family: 'member' | 'eligible', late = false) => ({ people, daysAgo }: DemoContext) => ({
  applicantNik: people[`${family}.mother`].nik,
  data: {
    motherNik: people[`${family}.mother`].nik,
    fatherNik: people[`${family}.father`].nik,
    kkNumber: people[`${family}.mother`].kkNumber,
    child: { name: 'Putri Ayu', sex: 'F', birthDate: daysAgo(late ? 90 : 10), birthPlace: 'Bandung' },
  },
});

export const birth = defineLifeEvent({
  type: 'BIRTH',
  versions: [BIRTH_V1, BIRTH_V2, BIRTH_V3],
  retention: { historyDays: 90, readModelDays: 365, draftDays: 60 },
  references: {
    birthCertificateNumber: { id: 'Nomor akta kelahiran', en: 'Birth certificate number' },
    childNik: { id: 'NIK anak', en: "Child's NIK" },
    kkNumber: { id: 'Nomor Kartu Keluarga', en: 'Family card (KK) number' },
    bpjsCardNumber: { id: 'Nomor kartu JKN-KIS', en: 'JKN health insurance card number' },
    pkhGrantId: { id: 'Nomor penetapan PKH', en: 'PKH benefit grant number' },
    assessmentId: { id: 'Nomor asesmen Kemensos', en: 'Social-aid assessment number' },
  },
  demo: {
    consents: { 'enrol-newborn': true, 'assess-family': true },
    scenarios: {
      'birth-auto': demoBirth('member'),
      'birth-officer': demoBirth('eligible'),
      'birth-rejected': ({ people, daysAgo }) => ({
        applicantNik: people.unknownMother.nik,
        data: { motherNik: people.unknownMother.nik, kkNumber: people.unknownMother.kkNumber, child: { name: 'Putri Ayu', sex: 'F', birthDate: daysAgo(10), birthPlace: 'Bandung' } },
      }),
      'birth-late': demoBirth('member', true),
    },
  },
});
