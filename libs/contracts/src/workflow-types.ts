import type { ApplicationStatus, LocalizedText } from './status';
import type { LifeEventType } from './life-events';
import type { StatusEvent } from './envelope';

export interface LifeEventWorkflowInput {
  applicationId: string;
  correlationId: string;
  lifeEvent: LifeEventType;
  definitionVersion: number;
  data: Record<string, unknown>;
}

export interface LifeEventWorkflowResult {
  status: ApplicationStatus;
  reason?: LocalizedText & { code: string };
}

/** Officer decision delivered by a validated workflow update. */
export interface OfficerDecision {
  stepId: string;
  outcome: 'APPROVE' | 'REJECT';
  reason?: string;
  officerId: string;
}
export const OFFICER_DECISION_UPDATE = 'officerDecision';

/** Activities the orchestration worker offers the workflow. */
export interface OrchestrationActivities {
  publishStatus(event: StatusEvent): Promise<void>;
}
