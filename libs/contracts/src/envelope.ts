import type { ApplicationStatus, LocalizedText, StepStatus } from './status';
import type { LifeEventType } from './life-events';
import type { AgencyId } from './agencies';
import type { AgencyEvidence } from './agency-calls';

/** Every Kafka value: `{ eventId, type, version, occurredAt, applicationId, correlationId, payload }`. */
export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  eventId: string;
  type: TType;
  version: number;
  occurredAt: string;
  applicationId: string;
  correlationId: string;
  payload: TPayload;
}

export interface ApplicationSubmittedPayload {
  lifeEvent: LifeEventType;
  definitionVersion: number;
  channel: string;
  data: Record<string, unknown>;
  /** Consent per consent-gated step (not personal data: step ids and yes/no). */
  consents?: Record<string, boolean>;
}
export type ApplicationSubmitted = EventEnvelope<'ApplicationSubmitted', ApplicationSubmittedPayload>;

/** On `applications.submitted.v1` after the submission (same key, so in order): the citizen withdrew a consent. */
export interface ConsentRevokedPayload {
  stepId: string;
  revokedAt: string;
}
export type ConsentRevoked = EventEnvelope<'ConsentRevoked', ConsentRevokedPayload>;

/** Status events carry a per-application sequence number so the projector applies them in order, once. */
export interface ApplicationStatusChangedPayload {
  seq: number;
  status: ApplicationStatus;
  reason?: LocalizedText & { code: string };
}
export interface StepStatusChangedPayload {
  seq: number;
  stepId: string;
  agency: AgencyId;
  status: StepStatus;
  definitionVersion: number;
  reference?: string;
  outputs?: Record<string, string>;
  message: LocalizedText;
  ruleVersion?: string;
  evidence?: AgencyEvidence;
}

/** A step has waited longer than its SLA: it escalates (the read model shows it; supervisors are told). */
export interface StepSlaBreachedPayload {
  seq: number;
  stepId: string;
  agency: AgencyId;
  slaHours: number;
  dueAt: string;
}

/** A compensation failed for good: a person must act. The application shows ACTION_REQUIRED until resolved. */
export interface IncidentOpenedPayload {
  seq: number;
  incidentId: string;
  stepId: string;
  agency: AgencyId;
  action: string;
  error: string;
}
export interface IncidentResolvedPayload {
  seq: number;
  incidentId: string;
  resolvedBy: string;
  note: string;
}
export type ApplicationStatusChanged = EventEnvelope<'ApplicationStatusChanged', ApplicationStatusChangedPayload>;
export type StepStatusChanged = EventEnvelope<'StepStatusChanged', StepStatusChangedPayload>;
export type StepSlaBreached = EventEnvelope<'StepSlaBreached', StepSlaBreachedPayload>;
export type IncidentOpened = EventEnvelope<'IncidentOpened', IncidentOpenedPayload>;
export type IncidentResolved = EventEnvelope<'IncidentResolved', IncidentResolvedPayload>;
export type StatusEvent = ApplicationStatusChanged | StepStatusChanged | StepSlaBreached | IncidentOpened | IncidentResolved;
export const STATUS_EVENT_TYPES = ['ApplicationStatusChanged', 'StepStatusChanged', 'StepSlaBreached', 'IncidentOpened', 'IncidentResolved'] as const;
