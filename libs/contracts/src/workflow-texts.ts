/**
 * What the life-event workflow tells the citizen (and the operator) about a step, Indonesian first, then English.
 * The workflow publishes these texts in its status events, so they are part of what its recorded histories hold:
 * a change of wording is safe for replay (event data, not a command), but the portal and the e2e tests read them,
 * so keep them stable. The plain per-status texts are in messages.ts.
 */
import { AGENCY_NAMES } from './agencies';
import type { StepDefinition } from './life-events';
import { OFFICER_REJECTED } from './messages';
import type { LocalizedText } from './status';

type Step = Pick<StepDefinition, 'agency' | 'title'>;

/** A late-report step waits for a civil-registry officer because the birth was reported after the legal deadline. */
export const LATE_REPORT_WAITING: LocalizedText = {
  id: 'Laporan melewati batas waktu; menunggu verifikasi petugas Disdukcapil.',
  en: 'Reported after the legal deadline; waiting for a civil-registry officer to verify.',
};

/** A late-report step skipped because the event was reported on time. */
export const REPORTED_ON_TIME: LocalizedText = { id: 'Dilaporkan tepat waktu; verifikasi tambahan tidak diperlukan.', en: 'Reported on time; no extra verification needed.' };

/** The officer asked the citizen a question (REQUEST_INFORMATION); the step waits for the citizen's answer. */
export function informationRequestedMessage(step: Step, question: string): LocalizedText {
  const agency = AGENCY_NAMES[step.agency];
  return {
    id: `${step.title.id}: ${agency} memerlukan informasi dari Anda: ${question}`,
    en: `${step.title.en}: ${agency} needs information from you: ${question}`,
  };
}

/** The citizen answered; the step is back in the officer's queue. */
export function answerReceivedMessage(step: Step): LocalizedText {
  const agency = AGENCY_NAMES[step.agency];
  return {
    id: `${step.title.id}: jawaban Anda diterima; menunggu verifikasi petugas ${agency}.`,
    en: `${step.title.en}: your answer was received; waiting for a ${agency} officer to verify.`,
  };
}

/** The agency could not be reached after a quick first try; the call goes on by itself. */
export function waitingForAgencyMessage(step: Step): LocalizedText {
  const agency = AGENCY_NAMES[step.agency];
  return {
    id: `${step.title.id}: menunggu ${agency}, yang sedang tidak dapat dihubungi. Permohonan Anda aman dan akan dilanjutkan otomatis.`,
    en: `${step.title.en}: waiting for ${agency}, which cannot be reached right now. Your application is safe and will continue by itself.`,
  };
}

/** A polled agency gave no decision within the step's answer timeout; `detail` (English only) says which ticket. */
export function answerTimedOutMessage(step: Step, detail: string): LocalizedText {
  const agency = AGENCY_NAMES[step.agency];
  return {
    id: `${step.title.id}: ${agency} belum memberi keputusan dalam batas waktu; petugas operasional akan menindaklanjuti.`,
    en: `${step.title.en}: ${agency} gave no decision in time (${detail}); an operator will follow up.`,
  };
}

/** The reason of an officer's refusal: the fixed sentence, followed by the officer's own words when given. */
export function officerRejectedMessage(reason?: string): LocalizedText {
  return reason ? { id: `${OFFICER_REJECTED.id} ${reason}`, en: `${OFFICER_REJECTED.en} ${reason}` } : OFFICER_REJECTED;
}
