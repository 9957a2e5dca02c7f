import { AGENCY_RETRY, FIELD_LABELS, S, defineLifeEvent, type LifeEventDefinition, type StepDefinition } from './types';

/**
 * Death, "tell us once": the registry, then every agency that must stop or start something. Report within 30 days.
 * A running application keeps its version: the parts below are shared by the versions that have them alike, frozen
 * with them, and each published version is pinned by its fixture (test/fixtures/definitions), so an edit to a shared
 * part fails that test instead of silently changing a running version.
 */
const DATA_SCHEMA: LifeEventDefinition['dataSchema'] = {
  type: 'object',
  required: ['deceasedNik', 'kkNumber', 'dateOfDeath', 'placeOfDeath', 'reporterNik'],
  additionalProperties: false,
  properties: {
    deceasedNik: S.nik,
    kkNumber: S.kk,
    dateOfDeath: S.pastDate,
    placeOfDeath: S.place,
    reporterNik: { ...S.nik, description: 'the heir who reports; receives the death benefit claim' },
  },
};

const FIELDS: LifeEventDefinition['fields'] = {
  deceasedNik: { label: { id: 'NIK yang meninggal', en: 'NIK of the deceased' } },
  kkNumber: FIELD_LABELS.kkNumber,
  dateOfDeath: { label: { id: 'Tanggal meninggal', en: 'Date of death' } },
  placeOfDeath: { label: { id: 'Tempat meninggal', en: 'Place of death' } },
  reporterNik: { label: { id: 'NIK pelapor (ahli waris)', en: "Reporter's NIK (the heir)" }, prefill: 'me.nik' },
};

const VERIFY_LATE_REPORT: StepDefinition = {
  id: 'verify-late-report',
  agency: 'civil-registry',
  title: { id: 'Verifikasi laporan kematian terlambat', en: 'Verification of a late death report' },
  dependsOn: [],
  inputs: ['application.dateOfDeath'],
  officerDecision: {},
  when: 'LATE_REPORT',
  onReject: 'REJECT_APPLICATION',
  startToCloseSeconds: 30,
  retry: AGENCY_RETRY,
  slaHours: 72,
};

const REGISTER_DEATH: StepDefinition = {
  id: 'register-death',
  agency: 'civil-registry',
  action: 'civil-registry.registerDeath',
  title: { id: 'Akta kematian dan pembaruan KK', en: 'Death certificate and family card update' },
  dependsOn: ['verify-late-report'],
  inputs: ['application.deceasedNik', 'application.kkNumber', 'application.dateOfDeath', 'application.placeOfDeath', 'application.reporterNik'],
  onReject: 'REJECT_APPLICATION',
  startToCloseSeconds: 30,
  retry: AGENCY_RETRY,
  slaHours: 24,
};

const END_HEALTH_MEMBERSHIP: StepDefinition = {
  id: 'end-health-membership',
  agency: 'bpjs-health',
  action: 'bpjs-health.endMembership',
  title: { id: 'Penghentian kepesertaan JKN', en: 'End of health insurance membership' },
  dependsOn: ['register-death'],
  inputs: ['application.deceasedNik', 'application.dateOfDeath', 'steps.register-death.deathCertificateNumber'],
  onReject: 'CONTINUE',
  startToCloseSeconds: 30,
  retry: AGENCY_RETRY,
  slaHours: 72,
};

const OPEN_DEATH_BENEFIT_CLAIM: StepDefinition = {
  id: 'open-death-benefit-claim',
  agency: 'bpjs-employment',
  action: 'bpjs-employment.openDeathBenefitClaim',
  title: { id: 'Klaim Jaminan Kematian (JKM) untuk ahli waris', en: "Heirs' death benefit claim (JKM)" },
  dependsOn: ['register-death'],
  inputs: ['application.deceasedNik', 'application.reporterNik', 'application.dateOfDeath', 'steps.register-death.deathCertificateNumber'],
  consentRequired: true,
  onReject: 'CONTINUE',
  startToCloseSeconds: 30,
  retry: AGENCY_RETRY,
  slaHours: 120,
};

const removeFromBenefits = (integration?: StepDefinition['integration']): StepDefinition => ({
  id: 'remove-from-benefits',
  agency: 'social-aid',
  action: 'social-aid.removeBeneficiary',
  title: { id: 'Penghapusan dari penerima bantuan sosial', en: 'Removal from social benefits' },
  dependsOn: ['register-death'],
  inputs: ['application.deceasedNik', 'application.kkNumber', 'steps.register-death.deathCertificateNumber'],
  onReject: 'CONTINUE',
  startToCloseSeconds: 30,
  ...(integration ? { integration } : {}),
  retry: AGENCY_RETRY,
  slaHours: 120,
});

const TITLE = { id: 'Kematian', en: 'Death' };
const REPORTING_DEADLINE = { days: 30, dateField: 'dateOfDeath' };

export const DEATH_V1: LifeEventDefinition<'DEATH'> = {
  type: 'DEATH',
  version: 1,
  title: TITLE,
  reportingDeadline: REPORTING_DEADLINE,
  dataSchema: DATA_SCHEMA,
  fields: FIELDS,
  steps: [VERIFY_LATE_REPORT, REGISTER_DEATH, END_HEALTH_MEMBERSHIP, removeFromBenefits(), OPEN_DEATH_BENEFIT_CLAIM],
};

/**
 * Version 2: Kemensos' changes service answers the removal asynchronously (202, then a signed callback): the push
 * style, kept for one agency service since its proposal service moved to polling (docs/agency-integration.md).
 */
export const DEATH_V2: LifeEventDefinition<'DEATH'> = {
  type: 'DEATH',
  version: 2,
  title: TITLE,
  reportingDeadline: REPORTING_DEADLINE,
  dataSchema: DATA_SCHEMA,
  fields: FIELDS,
  steps: [VERIFY_LATE_REPORT, REGISTER_DEATH, END_HEALTH_MEMBERSHIP, removeFromBenefits({ mode: 'async', callbackTimeoutHours: 24 }), OPEN_DEATH_BENEFIT_CLAIM],
};

export const death = defineLifeEvent({
  type: 'DEATH',
  versions: [DEATH_V1, DEATH_V2],
  retention: { historyDays: 90, readModelDays: 365, draftDays: 30 },
  references: {
    deathCertificateNumber: { id: 'Nomor akta kematian', en: 'Death certificate number' },
    kkNumber: { id: 'Nomor Kartu Keluarga', en: 'Family card (KK) number' },
    deathBenefitClaimNumber: { id: 'Nomor klaim Jaminan Kematian (JKM)', en: 'Death benefit (JKM) claim number' },
  },
  demo: {
    consents: { 'open-death-benefit-claim': true },
    scenarios: {
      death: ({ people, daysAgo }) => deathOf(people['member.father'].nik, people['member.mother'], daysAgo(3)),
      'death-rejected': ({ people, daysAgo }) => deathOf(people.unknownDeceased.nik, people['member.mother'], daysAgo(3)),
    },
  },
});

/** The demo: the member family's mother reports a death in hospital. */
function deathOf(deceasedNik: string, reporter: { nik: string; kkNumber: string }, dateOfDeath: string) {
  return {
    applicantNik: reporter.nik,
    data: { deceasedNik, kkNumber: reporter.kkNumber, dateOfDeath, placeOfDeath: 'RSUP Fatmawati, Jakarta', reporterNik: reporter.nik },
  };
}
