import { AGENCY_NAMES, applicationStatusText, type AgencyId, type ApplicationStatus, type LifeEventDefinition, type LocalizedText, type StepDefinition } from '@simpul/contracts';

/** Who a step waits for: its agency's system, an officer, the citizen, or nobody (not started, or ended). */
export type WaitingFor = 'agency' | 'officer' | 'citizen' | null;

export interface NextAction {
  /** The citizen must act (true) or need not do anything (false). */
  required: boolean;
  code: 'PROVIDE_INFORMATION' | 'MAY_REAPPLY' | 'NONE';
  id: string;
  en: string;
  stepId?: string;
  agency?: AgencyId;
}

export function waitingText(waitingFor: Exclude<WaitingFor, null>, agency: AgencyId): LocalizedText {
  const name = AGENCY_NAMES[agency];
  switch (waitingFor) {
    case 'agency':
      return { id: `sedang diproses oleh ${name}`, en: `being processed by ${name}` };
    case 'officer':
      return { id: `menunggu keputusan petugas ${name}`, en: `waiting for a ${name} officer to decide` };
    case 'citizen':
      return { id: `menunggu informasi dari Anda`, en: `waiting for information from you` };
  }
}

/** The message of a step the read model has not seen yet (the workflow has not started it). */
export function notStartedText(step: StepDefinition): LocalizedText {
  return step.dependsOn.length > 0
    ? { id: `${step.title.id}: menunggu langkah sebelumnya.`, en: `${step.title.en}: waiting for an earlier step.` }
    : { id: `${step.title.id}: akan segera dimulai.`, en: `${step.title.en}: about to start.` };
}

/** One or two sentences: where the application stands, and what is happening now. */
export function summaryText(
  def: LifeEventDefinition,
  status: ApplicationStatus,
  open: Array<{ title: LocalizedText; waitingFor: Exclude<WaitingFor, null>; agency: AgencyId }>,
  reason: LocalizedText | null,
  hasReferences: boolean,
): LocalizedText {
  const base = applicationStatusText(def.title, status);
  if (status === 'IN_PROGRESS' && open.length > 0) {
    const now = open.map((o) => ({ id: `${o.title.id} (${waitingText(o.waitingFor, o.agency).id})`, en: `${o.title.en} (${waitingText(o.waitingFor, o.agency).en})` }));
    return { id: `${base.id} Saat ini: ${now.map((n) => n.id).join('; ')}.`, en: `${base.en} Now: ${now.map((n) => n.en).join('; ')}.` };
  }
  if (status === 'REJECTED' && reason) return { id: `${base.id} Alasan: ${reason.id}`, en: `${base.en} Reason: ${reason.en}` };
  if (status === 'COMPLETED' && hasReferences) {
    return { id: `${base.id} Nomor-nomor dokumen Anda tercantum di bawah.`, en: `${base.en} Your reference numbers are listed below.` };
  }
  return base;
}

export function nextActionFor(status: ApplicationStatus, waitingForCitizen: { stepId: string; agency: AgencyId; title: LocalizedText } | undefined): NextAction {
  if (waitingForCitizen) {
    const name = AGENCY_NAMES[waitingForCitizen.agency];
    return {
      required: true,
      code: 'PROVIDE_INFORMATION',
      stepId: waitingForCitizen.stepId,
      agency: waitingForCitizen.agency,
      id: `${name} memerlukan informasi tambahan dari Anda untuk "${waitingForCitizen.title.id}". Buka permohonan ini di portal dan kirim jawaban Anda.`,
      en: `${name} needs more information from you for "${waitingForCitizen.title.en}". Open this application in the portal and send your answer.`,
    };
  }
  switch (status) {
    case 'REJECTED':
      return {
        required: false,
        code: 'MAY_REAPPLY',
        id: 'Tidak ada yang harus Anda lakukan. Bila penyebab penolakan dapat diperbaiki, perbaiki lalu ajukan permohonan baru.',
        en: 'You need not do anything. If the reason for the rejection can be put right, put it right and apply again.',
      };
    case 'COMPLETED':
      return { required: false, code: 'NONE', id: 'Tidak ada lagi yang perlu Anda lakukan. Simpan nomor-nomor dokumen Anda.', en: 'Nothing more to do. Keep your reference numbers.' };
    case 'ACTION_REQUIRED':
    case 'FAILED':
      return {
        required: false,
        code: 'NONE',
        id: 'Tidak ada yang perlu Anda lakukan; petugas kami sedang menanganinya dan akan memberi tahu Anda.',
        en: 'You need not do anything; our staff are handling it and will let you know.',
      };
    case 'CANCELLED':
      return { required: false, code: 'NONE', id: 'Tidak ada yang perlu Anda lakukan.', en: 'You need not do anything.' };
    case 'SUBMITTED':
    case 'IN_PROGRESS':
      return {
        required: false,
        code: 'NONE',
        id: 'Tidak ada yang perlu Anda lakukan sekarang. Kami akan memberi tahu Anda setiap ada perubahan.',
        en: 'Nothing to do for now. We will tell you of every change.',
      };
  }
}
