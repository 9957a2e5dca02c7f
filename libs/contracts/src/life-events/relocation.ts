import { AGENCY_RETRY, FIELD_LABELS, S, text, type LifeEventDefinition } from './types';

/**
 * Move: the move letter (SKPWNI) and new KK, then the primary clinic and the welfare household move. If the household
 * cannot be transferred, the move is undone at each agency in reverse order.
 */
export const RELOCATION_V1: LifeEventDefinition = {
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
