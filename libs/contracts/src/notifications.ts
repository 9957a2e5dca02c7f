import type { AgencyId } from './agencies';
import type { EventEnvelope, StatusEvent } from './envelope';
import type { LifeEventDefinition, LifeEventType } from './life-events';
import { stepStatusMessage } from './messages';
import { FINAL_APPLICATION_STATUSES, type ApplicationStatus, type LocalizedText, type StepStatus } from './status';

/**
 * What Simpul tells the citizen, and the portal, about a change. Pure data and functions (imported by workflow code
 * through the index): no I/O.
 *
 * Privacy: a notification goes out over SMS and e-mail, so it carries no NIK, no name and no agency message (those
 * may hold welfare or personal details); only ids, statuses and generic text built from the life-event definition.
 * The citizen reads the details behind the deep link, authenticated.
 */
export const CITIZEN_NOTIFICATION = 'CitizenNotification';

/**
 * PostgreSQL NOTIFY channel on which the status projector announces, at commit, that an application's read model
 * changed (payload: the application id only). portal-api listens: live streams (SSE) and webhook deliveries wake on it.
 */
export const APPLICATION_EVENTS_NOTIFY_CHANNEL = 'simpul_application_events';
export const NOTIFICATION_CHANNELS = ['IN_APP', 'EMAIL', 'SMS'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export interface CitizenNotificationPayload {
  /** The status event this notification announces; the notification's own event id derives from it. */
  statusEventId: string;
  statusEventType: StatusEvent['type'];
  /** The status event's number within the application (1, 2, 3 …): consumers order by it. */
  seq: number;
  lifeEvent: LifeEventType;
  /** The application's status once this change was applied. */
  applicationStatus: ApplicationStatus;
  step: { stepId: string; agency: AgencyId; status: StepStatus | null } | null;
  /** Short text (SMS, push title) and the longer message, both in Indonesian and English. */
  title: LocalizedText;
  message: LocalizedText;
  /** Where the citizen's app or portal opens the application (`simpul://applications/<id>`). */
  deepLink: string;
  /** Channel hints for the notification gateway; it decides with the citizen's preferences. */
  channels: NotificationChannel[];
  priority: 'HIGH' | 'NORMAL';
  /** The citizen must do something (answer an information request). */
  actionRequired: boolean;
  /** Set when an operator sends a notification again: the event id of the original (this one has its own). */
  resendOf?: string;
}
export type CitizenNotification = EventEnvelope<typeof CITIZEN_NOTIFICATION, CitizenNotificationPayload>;

/** Deterministic: the same status event always yields the same notification id, so a re-emission is recognisable. */
export function notificationEventId(statusEventId: string): string {
  return `${statusEventId}:citizen-notification`;
}

export function applicationDeepLink(applicationId: string): string {
  return `simpul://applications/${applicationId}`;
}

const ALL: NotificationChannel[] = ['IN_APP', 'EMAIL', 'SMS'];
const IN_APP_EMAIL: NotificationChannel[] = ['IN_APP', 'EMAIL'];
const IN_APP: NotificationChannel[] = ['IN_APP'];

/** Plain-language text for an application status, in both languages; `title` is the life event's title. */
export function applicationStatusText(title: LocalizedText, status: ApplicationStatus): LocalizedText {
  const id = title.id;
  const en = title.en.toLowerCase();
  switch (status) {
    case 'SUBMITTED':
      return { id: `Permohonan ${id} Anda telah diterima.`, en: `Your ${en} application was received.` };
    case 'IN_PROGRESS':
      return { id: `Permohonan ${id} Anda sedang diproses.`, en: `Your ${en} application is being processed.` };
    case 'ACTION_REQUIRED':
      return {
        id: `Permohonan ${id} Anda tertunda; petugas kami sedang menyelesaikan sebuah masalah. Anda tidak perlu melakukan apa pun.`,
        en: `Your ${en} application is on hold while our staff resolve a problem. You need not do anything.`,
      };
    case 'COMPLETED':
      return { id: `Permohonan ${id} Anda selesai.`, en: `Your ${en} application is complete.` };
    case 'REJECTED':
      return { id: `Permohonan ${id} Anda ditolak.`, en: `Your ${en} application was rejected.` };
    case 'FAILED':
      return {
        id: `Permohonan ${id} Anda tidak dapat diselesaikan; petugas kami sedang menanganinya.`,
        en: `Your ${en} application could not be completed; our staff are on it.`,
      };
    case 'CANCELLED':
      return { id: `Permohonan ${id} Anda dibatalkan.`, en: `Your ${en} application was cancelled.` };
  }
}

const SEE_PORTAL: LocalizedText = { id: 'Lihat rinciannya di portal.', en: 'See the details in the portal.' };
const ANSWER_PORTAL: LocalizedText = { id: 'Buka portal untuk menjawab.', en: 'Open the portal to answer.' };

function join(a: LocalizedText, b: LocalizedText): LocalizedText {
  return { id: `${a.id} ${b.id}`, en: `${a.en} ${b.en}` };
}

type Notice = Pick<CitizenNotificationPayload, 'title' | 'message' | 'channels' | 'priority' | 'actionRequired'>;

/** Step transitions a citizen is told about, with their channels; the rest (PENDING, RUNNING, SKIPPED) is noise. */
const STEP_NOTICES: Partial<Record<StepStatus, Pick<Notice, 'channels' | 'priority' | 'actionRequired'>>> = {
  WAITING_FOR_CITIZEN: { channels: ALL, priority: 'HIGH', actionRequired: true },
  WAITING_FOR_OFFICER: { channels: IN_APP, priority: 'NORMAL', actionRequired: false },
  COMPLETED: { channels: IN_APP_EMAIL, priority: 'NORMAL', actionRequired: false },
  REJECTED: { channels: IN_APP_EMAIL, priority: 'NORMAL', actionRequired: false },
  FAILED: { channels: IN_APP, priority: 'NORMAL', actionRequired: false },
  COMPENSATED: { channels: IN_APP_EMAIL, priority: 'NORMAL', actionRequired: false },
};

/**
 * The notice for a citizen-relevant transition, or null when the citizen need not hear of it. Application outcomes
 * go to every channel; step progress to the app (and e-mail when something was issued or undone).
 */
export function citizenNotice(event: StatusEvent, def: LifeEventDefinition): Notice | null {
  switch (event.type) {
    case 'ApplicationStatusChanged': {
      const text = applicationStatusText(def.title, event.payload.status);
      const final = FINAL_APPLICATION_STATUSES.includes(event.payload.status);
      return { title: text, message: join(text, SEE_PORTAL), channels: final ? ALL : IN_APP_EMAIL, priority: final ? 'HIGH' : 'NORMAL', actionRequired: false };
    }
    case 'StepStatusChanged': {
      const hint = STEP_NOTICES[event.payload.status];
      const step = def.steps.find((s) => s.id === event.payload.stepId);
      if (!hint || !step) return null;
      const text = stepStatusMessage(step, event.payload.status);
      return { ...hint, title: text, message: join(text, hint.actionRequired ? ANSWER_PORTAL : SEE_PORTAL) };
    }
    case 'StepSlaBreached': {
      const text = statusEventText(event, def);
      return { title: text, message: join(text, SEE_PORTAL), channels: IN_APP, priority: 'NORMAL', actionRequired: false };
    }
    case 'IncidentOpened':
    case 'IncidentResolved':
      // The application status that follows (ACTION_REQUIRED, then the outcome) tells the citizen what matters.
      return null;
  }
}

export function stepSlaText(title: LocalizedText): LocalizedText {
  return {
    id: `${title.id}: memakan waktu lebih lama dari yang dijanjikan; atasan petugas telah diberi tahu.`,
    en: `${title.en}: taking longer than promised; a supervisor has been alerted.`,
  };
}

/** The step a status event is about, if any. */
export function stepOfEvent(event: StatusEvent): { stepId: string; agency: AgencyId; status: StepStatus | null } | null {
  switch (event.type) {
    case 'StepStatusChanged':
      return { stepId: event.payload.stepId, agency: event.payload.agency, status: event.payload.status };
    case 'StepSlaBreached':
    case 'IncidentOpened':
      return { stepId: event.payload.stepId, agency: event.payload.agency, status: null };
    default:
      return null;
  }
}

/**
 * What a portal's webhook receives for every change of an application it submitted (signed, in order per
 * application). Like a notification it holds ids, statuses and generic text; the portal reads the details with
 * GET /v1/applications/:id.
 */
export interface PortalWebhookEvent {
  /** The status event's id (`application-<id>:<seq>`): the same on a retry or a redelivery, so receivers deduplicate. */
  eventId: string;
  type: StatusEvent['type'];
  seq: number;
  occurredAt: string;
  applicationId: string;
  lifeEvent: LifeEventType;
  applicationStatus: ApplicationStatus;
  step: { stepId: string; agency: AgencyId; status: StepStatus | null } | null;
  message: LocalizedText;
  links: { application: string; events: string };
}

/** An incident's text for the citizen: that a person is on it, never the technical error. */
export const INCIDENT_OPENED_TEXT: LocalizedText = { id: 'Petugas kami sedang menyelesaikan sebuah masalah.', en: 'Our staff are resolving a problem.' };
export const INCIDENT_RESOLVED_TEXT: LocalizedText = { id: 'Masalah telah diselesaikan oleh petugas kami.', en: 'Our staff resolved the problem.' };

/** Generic text for any status event, from the definition only (never the agency's own message). */
export function statusEventText(event: StatusEvent, def: LifeEventDefinition): LocalizedText {
  switch (event.type) {
    case 'ApplicationStatusChanged':
      return applicationStatusText(def.title, event.payload.status);
    case 'StepStatusChanged': {
      const step = def.steps.find((s) => s.id === event.payload.stepId);
      return step ? stepStatusMessage(step, event.payload.status) : applicationStatusText(def.title, 'IN_PROGRESS');
    }
    case 'StepSlaBreached': {
      const step = def.steps.find((s) => s.id === event.payload.stepId);
      return stepSlaText(step?.title ?? def.title);
    }
    case 'IncidentOpened':
      return INCIDENT_OPENED_TEXT;
    case 'IncidentResolved':
      return INCIDENT_RESOLVED_TEXT;
  }
}

export function portalWebhookEvent(event: StatusEvent, def: LifeEventDefinition, applicationStatus: ApplicationStatus): PortalWebhookEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    seq: event.payload.seq,
    occurredAt: event.occurredAt,
    applicationId: event.applicationId,
    lifeEvent: def.type,
    applicationStatus,
    step: stepOfEvent(event),
    message: statusEventText(event, def),
    links: { application: `/v1/applications/${event.applicationId}`, events: `/v1/applications/${event.applicationId}/events` },
  };
}

/**
 * A health facility's notification opened a draft (docs/health-facility-events.md): the family is asked to check and
 * confirm it. On `notifications.citizen.v1`, keyed by the draft id. No NIK, no name, nothing clinical: the recipient
 * is the keyed hash the gateway also knows applications' applicants by (`applicant_ref`).
 */
export const DRAFT_NOTIFICATION = 'DraftOpened';
export interface DraftOpenedPayload {
  draftId: string;
  lifeEvent: LifeEventType;
  /** Keyed hash (HMAC-SHA256 with the applicant pepper) of the NIK of each person asked to confirm. */
  recipientRefs: string[];
  title: LocalizedText;
  message: LocalizedText;
  /** Where the citizen's app or portal opens the draft (`simpul://drafts/<id>`). */
  deepLink: string;
  channels: NotificationChannel[];
  priority: 'HIGH' | 'NORMAL';
  actionRequired: true;
  /** The draft expires unconfirmed at this time (ISO 8601). */
  expiresAt: string;
}
export type DraftOpened = EventEnvelope<typeof DRAFT_NOTIFICATION, DraftOpenedPayload>;

export function draftOpenedText(title: LocalizedText): { title: LocalizedText; message: LocalizedText } {
  return {
    title: { id: `${title.id}: mohon periksa dan konfirmasi`, en: `${title.en}: please check and confirm` },
    message: {
      id: `Fasilitas kesehatan telah melaporkan peristiwa ${title.id.toLowerCase()}. Periksa data yang sudah kami isi, lengkapi, beri persetujuan, lalu konfirmasi agar permohonan diproses.`,
      en: `A health facility reported a ${title.en.toLowerCase()}. Check what we filled in, complete it, give your consents and confirm, so the application goes ahead.`,
    },
  };
}
