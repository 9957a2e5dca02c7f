import type { ApplicationStatus, LocalizedText } from './status';
import type { LifeEventType } from './life-events';
import type { StatusEvent } from './envelope';

export interface LifeEventWorkflowInput {
  applicationId: string;
  correlationId: string;
  lifeEvent: LifeEventType;
  definitionVersion: number;
  data: Record<string, unknown>;
  /** When the citizen filed (ISO time): statutory deadlines count to this moment, not to when the workflow started. */
  submittedAt?: string;
  /**
   * Length of an SLA hour in seconds; 3600 in production. Tests and demos compress time with
   * SIMPUL_SLA_SECONDS_PER_HOUR; the value is pinned into the workflow input, so replays stay deterministic.
   */
  slaSecondsPerHour?: number;
  /** W3C trace context of the intake, so agency calls continue the application's trace. Not personal data. */
  traceparent?: string;
  /**
   * The citizen's consent per consent-gated step (see StepDefinition.consentRequired), as given at intake. Absent for
   * applications filed before consent was recorded: those keep running every step, as they were filed.
   */
  consents?: Record<string, boolean>;
  /**
   * Set by the orchestrator on every workflow it starts: the run takes the lean-history paths without recording the
   * lean-history patch marker (nor the TemporalChangeVersion upsert the SDK writes with every marker). Absent in
   * histories started before: those replay through `patched()` as recorded (workflows/src/versioning.ts).
   */
  leanHistory?: boolean;
}

/** The citizen revoked consent for a step: a step not yet started is skipped (portal-api → Kafka → orchestrator). */
export interface ConsentRevocation {
  stepId: string;
}
export const CONSENT_REVOKED_SIGNAL = 'consentRevoked';

export interface LifeEventWorkflowResult {
  status: ApplicationStatus;
  reason?: LocalizedText & { code: string };
}

/** Officer decision delivered by a validated workflow update. */
export interface OfficerDecision {
  stepId: string;
  /** REQUEST_INFORMATION asks the citizen (`message`); the step waits for the answer, then for the officer again. */
  outcome: 'APPROVE' | 'REJECT' | 'REQUEST_INFORMATION';
  reason?: string;
  message?: string;
  officerId: string;
}
export const OFFICER_DECISION_UPDATE = 'officerDecision';

/** The citizen answers an officer's request for information on a step that waits for the citizen. */
export interface CitizenResponse {
  stepId: string;
  message: string;
  respondedBy: string;
}
export const CITIZEN_RESPONSE_UPDATE = 'citizenResponse';

/** An operator resolves an open incident (after fixing the cause by hand at the agency). */
export interface IncidentResolution {
  incidentId: string;
  operatorId: string;
  note: string;
}
export const RESOLVE_INCIDENT_UPDATE = 'resolveIncident';

/**
 * An operator runs a FAILED step again (after fixing its cause), through a validated workflow update. Only a step
 * that failed for good and holds its application for a person can be retried; see docs/operator-console.md.
 */
export interface StepRetryRequest {
  stepId: string;
  operatorId: string;
  reason: string;
}
export const RETRY_STEP_UPDATE = 'retryStep';

/** An operator cancels a running application: nothing more starts, completed steps are undone in reverse order. */
export interface CancellationRequest {
  operatorId: string;
  reason: string;
}
export const CANCEL_APPLICATION_UPDATE = 'cancelApplication';

/** Activities the orchestration worker offers the workflow. */
export interface OrchestrationActivities {
  publishStatus(event: StatusEvent): Promise<void>;
  /** Several events of one application, in order, in one call (the workflow's batched status events). */
  publishStatuses(events: StatusEvent[]): Promise<void>;
}
