import { AGENCY_RETRY, FIELD_LABELS, S, defineLifeEvent, text, type DemoContext, type LifeEventDefinition } from './types';

/**
 * Move: the move letter (SKPWNI) and new KK, then the primary clinic and the welfare household move. If the household
 * cannot be transferred, the move is undone at each agency in reverse order.
 */
export const RELOCATION_V1: LifeEventDefinition<'RELOCATION'> = {
  type: 'RELOCATION',
  version: 1,
  title: { id: 'Pindah domisili', en: 'Move' },
  dataSchema: {
    type: 'object',
    required: ['nik', 'kkNumber', 'destinationRegionCode', 'destinationAddress', 'moveDate'],
    additionalProperties: false,
    properties: {
      nik: { ...S.nik, description: 'the head of the household who moves' },
      kkNumber: S.kk,
      destinationRegionCode: S.regionCode,
      destinationAddress: text(5, 200),
      moveDate: { type: 'string', format: 'date', description: 'YYYY-MM-DD' },
    },
  },
  fields: {
    nik: { label: { id: 'NIK kepala keluarga yang pindah', en: 'NIK of the head of the household who moves' }, prefill: 'me.nik' },
    kkNumber: FIELD_LABELS.kkNumber,
    destinationRegionCode: { label: { id: 'Kode wilayah tujuan (6 angka)', en: 'Destination region code (6 digits)' } },
    destinationAddress: { label: { id: 'Alamat tujuan', en: 'Destination address' } },
    moveDate: { label: { id: 'Tanggal pindah', en: 'Date of the move' } },
  },
  steps: [
    {
      id: 'issue-move-letter',
      agency: 'civil-registry',
      action: 'civil-registry.issueMoveLetter',
      title: { id: 'Surat pindah (SKPWNI) dan KK baru', en: 'Move letter (SKPWNI) and new family card' },
      dependsOn: [],
      inputs: ['application.nik', 'application.kkNumber', 'application.destinationRegionCode', 'application.destinationAddress', 'application.moveDate'],
      onReject: 'REJECT_APPLICATION',
      compensation: { action: 'civil-registry.cancelMoveLetter' },
      startToCloseSeconds: 30,
      retry: AGENCY_RETRY,
      slaHours: 48,
    },
    {
      id: 'move-primary-clinic',
      agency: 'bpjs-health',
      action: 'bpjs-health.moveClinic',
      title: { id: 'Pindah fasilitas kesehatan tingkat pertama', en: 'Primary clinic (FKTP) moved' },
      dependsOn: ['issue-move-letter'],
      inputs: ['application.nik', 'steps.issue-move-letter.newKkNumber', 'application.destinationRegionCode'],
      consentRequired: true,
      onReject: 'CONTINUE',
      compensation: { action: 'bpjs-health.restoreClinic' },
      startToCloseSeconds: 30,
      retry: AGENCY_RETRY,
      slaHours: 72,
    },
    {
      id: 'transfer-household',
      agency: 'social-aid',
      action: 'social-aid.transferHousehold',
      title: { id: 'Pemindahan data rumah tangga DTSEN', en: 'Welfare household transferred to the new region' },
      dependsOn: ['issue-move-letter'],
      inputs: ['application.kkNumber', 'steps.issue-move-letter.newKkNumber', 'application.destinationRegionCode'],
      onReject: 'REJECT_APPLICATION',
      startToCloseSeconds: 30,
      retry: AGENCY_RETRY,
      slaHours: 120,
    },
  ],
};

/** The eligible family's father moves: to Surabaya; within his own district (refused); to Jayapura (not integrated). */
const demoMove = (destination: 'surabaya' | 'same' | 'jayapura') => ({ people, regions, daysAgo }: DemoContext) => {
  const mover = people['eligible.father'];
  return {
    applicantNik: mover.nik,
    data: {
      nik: mover.nik,
      kkNumber: mover.kkNumber,
      destinationRegionCode: destination === 'same' ? mover.regionCode : regions[destination],
      destinationAddress: 'Jl. Pahlawan No. 10, RT 02/RW 05',
      moveDate: daysAgo(-14),
    },
  };
};

export const relocation = defineLifeEvent({
  type: 'RELOCATION',
  versions: [RELOCATION_V1],
  retention: { historyDays: 60, readModelDays: 180 },
  references: {
    newKkNumber: { id: 'Nomor Kartu Keluarga baru', en: 'New family card (KK) number' },
    moveLetterNumber: { id: 'Nomor surat pindah (SKPWNI)', en: 'Move letter (SKPWNI) number' },
    clinicCode: { id: 'Kode faskes tingkat pertama (FKTP)', en: 'Primary clinic (FKTP) code' },
    transferId: { id: 'Nomor pemindahan data kesejahteraan', en: 'Welfare register transfer number' },
  },
  demo: {
    consents: { 'move-primary-clinic': true },
    scenarios: { relocation: demoMove('surabaya'), 'relocation-rejected': demoMove('same'), 'relocation-compensated': demoMove('jayapura') },
  },
});
