import {
  AGENCY_NAMES,
  INCIDENT_OPENED_TEXT,
  INCIDENT_RESOLVED_TEXT,
  applicationStatusText,
  isAgencyId,
  stepSlaText,
  type AgencyId,
  type ApplicationStatus,
  type LifeEventDefinition,
  type LocalizedText,
  type StepStatus,
} from '@simpul/contracts';
import { referencesOf, type ReferenceView } from '../applications/references';
import { waitingForOf } from '../applications/application-view';
import type { WaitingFor } from '../applications/status-texts';

export interface CitizenEvent {
  seq: number;
  eventId: string;
  type: string;
  occurredAt: string;
  applicationId: string;
  /** For an application status change: the new status, and the reason of a rejection. */
  applicationStatus?: ApplicationStatus;
  reason?: LocalizedText & { code: string };
  step?: {
    stepId: string;
    title: LocalizedText;
    agency: AgencyId;
    agencyName: string;
    status: StepStatus | null;
    waitingFor: WaitingFor;
    reference: string | null;
    references: ReferenceView[];
  };
  message: LocalizedText;
}

/**
 * What the citizen's live stream shows of one recorded status event: the same information as GET /v1/applications/:id
 * (the agency's own message, the references issued), never an operator's technical detail (an incident's error, the
 * exchange evidence, rule versions).
 */
export function citizenEvent(
  applicationId: string,
  row: { event_id: string; seq: number; type: string; payload: Record<string, unknown>; occurred_at: Date | string },
  def: LifeEventDefinition,
): CitizenEvent {
  const p = row.payload;
  const base = { seq: row.seq, eventId: row.event_id, type: row.type, occurredAt: new Date(row.occurred_at).toISOString(), applicationId };
  if (row.type === 'ApplicationStatusChanged') {
    const status = p.status as ApplicationStatus;
    const reason = p.reason as (LocalizedText & { code: string }) | undefined;
    return { ...base, applicationStatus: status, ...(reason ? { reason } : {}), message: applicationStatusText(def.title, status) };
  }
  const stepId = typeof p.stepId === 'string' ? p.stepId : undefined;
  const agency = isAgencyId(p.agency) ? p.agency : undefined;
  if (!stepId || !agency) return { ...base, message: row.type === 'IncidentResolved' ? INCIDENT_RESOLVED_TEXT : INCIDENT_OPENED_TEXT };
  const title = def.steps.find((s) => s.id === stepId)?.title ?? { id: stepId, en: stepId };
  const status = row.type === 'StepStatusChanged' ? (p.status as StepStatus) : null;
  const outputs = (p.outputs as Record<string, string> | undefined) ?? {};
  const step = {
    stepId,
    title,
    agency,
    agencyName: AGENCY_NAMES[agency],
    status,
    waitingFor: status ? waitingForOf(status) : null,
    reference: typeof p.reference === 'string' ? p.reference : null,
    references: status ? referencesOf({ stepId, agency, status, outputs }) : [],
  };
  const message =
    row.type === 'StepStatusChanged' ? (p.message as LocalizedText) : row.type === 'StepSlaBreached' ? stepSlaText(title) : INCIDENT_OPENED_TEXT;
  return { ...base, step, message };
}
