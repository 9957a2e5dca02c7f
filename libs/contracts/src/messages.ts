import { AGENCY_NAMES } from './agencies';
import type { StepDefinition } from './life-events';
import type { LocalizedText, StepStatus } from './status';

/** Plain-language text for a step's status, in Indonesian and English; agencies may supply a more precise one. */
export function stepStatusMessage(step: Pick<StepDefinition, 'agency' | 'title'>, status: StepStatus): LocalizedText {
  const agency = AGENCY_NAMES[step.agency];
  const t = step.title;
  switch (status) {
    case 'PENDING':
      return { id: `${t.id}: menunggu langkah sebelumnya.`, en: `${t.en}: waiting for an earlier step.` };
    case 'RUNNING':
      return { id: `${t.id}: sedang diproses oleh ${agency}.`, en: `${t.en}: being processed by ${agency}.` };
    case 'WAITING_FOR_OFFICER':
      return { id: `${t.id}: menunggu verifikasi petugas ${agency}.`, en: `${t.en}: waiting for a ${agency} officer to verify.` };
    case 'WAITING_FOR_CITIZEN':
      return { id: `${t.id}: ${agency} memerlukan informasi dari Anda.`, en: `${t.en}: ${agency} needs information from you.` };
    case 'COMPLETED':
      return { id: `${t.id}: selesai.`, en: `${t.en}: done.` };
    case 'SKIPPED':
      return { id: `${t.id}: tidak diperlukan.`, en: `${t.en}: not needed.` };
    case 'REJECTED':
      return { id: `${t.id}: ditolak oleh ${agency}.`, en: `${t.en}: rejected by ${agency}.` };
    case 'FAILED':
      return { id: `${t.id}: gagal; petugas kami sedang menanganinya.`, en: `${t.en}: failed; our operators are on it.` };
    case 'COMPENSATED':
      return { id: `${t.id}: dibatalkan.`, en: `${t.en}: undone.` };
  }
}

/** Why a consent-gated step was skipped: the citizen did not consent, or withdrew consent before it started. */
export function noConsentMessage(step: Pick<StepDefinition, 'agency' | 'title'>, revoked: boolean): LocalizedText {
  const agency = AGENCY_NAMES[step.agency];
  return revoked
    ? { id: `${step.title.id}: dilewati; Anda menarik persetujuan berbagi data dengan ${agency}.`, en: `${step.title.en}: skipped; you withdrew your consent to share your data with ${agency}.` }
    : { id: `${step.title.id}: dilewati; Anda tidak menyetujui berbagi data dengan ${agency}.`, en: `${step.title.en}: skipped; you did not consent to share your data with ${agency}.` };
}

/** The steps of a definition that run only with the citizen's consent. */
export function consentSteps<T extends { consentRequired?: true }>(def: { steps: T[] }): T[] {
  return def.steps.filter((s) => s.consentRequired);
}

export const OFFICER_REJECTED: LocalizedText = {
  id: 'Petugas tidak menyetujui permohonan ini.',
  en: 'The officer did not approve this request.',
};

/** A step that had not ended when an operator cancelled the application. */
export function stepCancelledMessage(step: Pick<StepDefinition, 'title'>): LocalizedText {
  return { id: `${step.title.id}: tidak dilanjutkan karena permohonan dibatalkan.`, en: `${step.title.en}: not continued; the application was cancelled.` };
}

export const CANCELLED_BY_OPERATOR: LocalizedText & { code: string } = {
  code: 'CANCELLED_BY_OPERATOR',
  id: 'Permohonan dibatalkan oleh petugas kami.',
  en: 'The application was cancelled by our staff.',
};
