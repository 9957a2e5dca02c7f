import { AGENCY_NAMES, type AgencyId, type LocalizedText, type StepStatus } from '@simpul/contracts';

/**
 * The numbers agencies issue that a citizen keeps (certificates, cards, memberships, letters), with their names in
 * both languages. Other step outputs (an eligibility flag, a decile, the officer who verified) are not references.
 */
export const REFERENCE_LABELS: Readonly<Record<string, LocalizedText>> = {
  birthCertificateNumber: { id: 'Nomor akta kelahiran', en: 'Birth certificate number' },
  childNik: { id: 'NIK anak', en: "Child's NIK" },
  kkNumber: { id: 'Nomor Kartu Keluarga', en: 'Family card (KK) number' },
  newKkNumber: { id: 'Nomor Kartu Keluarga baru', en: 'New family card (KK) number' },
  deathCertificateNumber: { id: 'Nomor akta kematian', en: 'Death certificate number' },
  moveLetterNumber: { id: 'Nomor surat pindah (SKPWNI)', en: 'Move letter (SKPWNI) number' },
  bpjsCardNumber: { id: 'Nomor kartu JKN-KIS', en: 'JKN health insurance card number' },
  clinicCode: { id: 'Kode faskes tingkat pertama (FKTP)', en: 'Primary clinic (FKTP) code' },
  pkhGrantId: { id: 'Nomor penetapan PKH', en: 'PKH benefit grant number' },
  assessmentId: { id: 'Nomor asesmen Kemensos', en: 'Social-aid assessment number' },
  transferId: { id: 'Nomor pemindahan data kesejahteraan', en: 'Welfare register transfer number' },
  deathBenefitClaimNumber: { id: 'Nomor klaim Jaminan Kematian (JKM)', en: 'Death benefit (JKM) claim number' },
  kipCardNumber: { id: 'Nomor Kartu Indonesia Pintar (KIP)', en: 'Indonesia Smart Card (KIP) number' },
};

export interface ReferenceView {
  key: string;
  label: LocalizedText;
  value: string;
  stepId: string;
  agency: AgencyId;
  agencyName: string;
  /** `false` when the step was undone afterwards (compensated): the number is no longer valid. */
  valid: boolean;
}

/** The references a step issued, in the order of REFERENCE_LABELS. */
export function referencesOf(step: { stepId: string; agency: AgencyId; status: StepStatus; outputs: Record<string, string> }): ReferenceView[] {
  return Object.keys(REFERENCE_LABELS)
    .filter((key) => typeof step.outputs[key] === 'string' && step.outputs[key] !== '')
    .map((key) => ({
      key,
      label: REFERENCE_LABELS[key],
      value: step.outputs[key],
      stepId: step.stepId,
      agency: step.agency,
      agencyName: AGENCY_NAMES[step.agency],
      valid: step.status !== 'COMPENSATED',
    }));
}
