import { AGENCY_RETRY, S, defineLifeEvent, type DemoContext, type LifeEventDefinition } from './types';

/**
 * Marriage, "tell us once" after a Muslim wedding: the religious-affairs office (KUA, Kemenag) registers the marriage
 * and issues the marriage book; then the civil registry records both spouses as married and issues the new family's
 * card (KK); then, with consent, BPJS Kesehatan moves the wife into the new family's JKN membership. A KUA refusal
 * (a spouse still married, per the KUA's register) rejects the application before anything else is done.
 */
export const MARRIAGE_V1: LifeEventDefinition<'MARRIAGE'> = {
  type: 'MARRIAGE',
  version: 1,
  title: { id: 'Pernikahan', en: 'Marriage' },
  dataSchema: {
    type: 'object',
    required: ['husbandNik', 'wifeNik', 'marriageDate', 'marriagePlace', 'kuaRegionCode'],
    additionalProperties: false,
    properties: {
      husbandNik: { ...S.nik, description: "the husband's NIK" },
      wifeNik: S.nikFemale,
      marriageDate: S.pastDate,
      marriagePlace: S.place,
      kuaRegionCode: { ...S.regionCode, description: 'the district (kecamatan) of the KUA where the marriage took place' },
    },
  },
  fields: {
    husbandNik: { label: { id: 'NIK suami', en: "Husband's NIK" } },
    wifeNik: { label: { id: 'NIK istri', en: "Wife's NIK" } },
    marriageDate: { label: { id: 'Tanggal akad nikah', en: 'Date of the marriage (akad nikah)' } },
    marriagePlace: { label: { id: 'Tempat akad nikah', en: 'Place of the marriage' } },
    kuaRegionCode: { label: { id: 'Kode kecamatan KUA (6 angka)', en: "The KUA's district code (6 digits)" } },
  },
  steps: [
    {
      id: 'register-marriage',
      agency: 'religious-affairs',
      action: 'religious-affairs.registerMarriage',
      title: { id: 'Pencatatan nikah dan buku nikah (KUA)', en: 'Marriage registered and marriage book issued (KUA)' },
      dependsOn: [],
      inputs: ['application.husbandNik', 'application.wifeNik', 'application.marriageDate', 'application.marriagePlace', 'application.kuaRegionCode'],
      onReject: 'REJECT_APPLICATION',
      startToCloseSeconds: 30,
      retry: AGENCY_RETRY,
      slaHours: 72,
    },
    {
      id: 'update-family-card',
      agency: 'civil-registry',
      action: 'civil-registry.registerMarriage',
      title: { id: 'Status perkawinan dan Kartu Keluarga baru', en: 'Marital status updated and new family card issued' },
      dependsOn: ['register-marriage'],
      inputs: ['application.husbandNik', 'application.wifeNik', 'application.marriageDate', 'steps.register-marriage.marriageBookNumber'],
      onReject: 'REJECT_APPLICATION',
      startToCloseSeconds: 30,
      retry: AGENCY_RETRY,
      slaHours: 48,
    },
    {
      id: 'move-spouse-membership',
      agency: 'bpjs-health',
      action: 'bpjs-health.moveSpouseMembership',
      title: { id: 'Pemindahan kepesertaan JKN istri ke keluarga baru', en: "Wife's JKN membership moved to the new family" },
      dependsOn: ['update-family-card'],
      inputs: ['application.wifeNik', 'application.husbandNik', 'steps.update-family-card.newKkNumber'],
      consentRequired: true,
      onReject: 'CONTINUE',
      // The couple is married and has its family card either way; the move can be asked for at a BPJS office later.
      whenUnavailable: 'SKIP',
      startToCloseSeconds: 30,
      retry: AGENCY_RETRY,
      slaHours: 72,
    },
  ],
};

/** The demo bride marries the demo groom; or the member family's father, who is still married (the KUA refuses). */
const demoWedding = (husband: 'groom.child' | 'member.father') => ({ people, daysAgo }: DemoContext) => ({
  applicantNik: people['bride.child'].nik,
  data: {
    husbandNik: people[husband].nik,
    wifeNik: people['bride.child'].nik,
    marriageDate: daysAgo(7),
    marriagePlace: 'Masjid Nasional Al-Akbar, Surabaya',
    kuaRegionCode: people['bride.child'].regionCode,
  },
});

export const marriage = defineLifeEvent({
  type: 'MARRIAGE',
  versions: [MARRIAGE_V1],
  retention: { historyDays: 90, readModelDays: 365 },
  references: {
    marriageBookNumber: { id: 'Nomor akta nikah (buku nikah)', en: 'Marriage book (akta nikah) number' },
    newKkNumber: { id: 'Nomor Kartu Keluarga baru', en: 'New family card (KK) number' },
    bpjsCardNumber: { id: 'Nomor kartu JKN-KIS', en: 'JKN health insurance card number' },
  },
  demo: {
    consents: { 'move-spouse-membership': true },
    scenarios: { marriage: demoWedding('groom.child'), 'marriage-rejected': demoWedding('member.father') },
  },
});
