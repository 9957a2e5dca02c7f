/**
 * Workflow-side helpers: the status event publisher and agency activity stubs. Workflow code: same determinism
 * rules as life-event.workflow.ts (only `@temporalio/workflow` and `@simpul/contracts`).
 */
import { ActivityFailure, ApplicationFailure, proxyActivities, proxyLocalActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  AGENCY_CONTRACT_ERROR,
  AGENCY_REJECTION,
  ASYNC_HEARTBEAT_TIMEOUT_SECONDS,
  SearchAttributes,
  TaskQueues,
  stepStatusMessage,
  type AgencyEvidence,
  type AgencyRejectionDetails,
  type AgencyStepRequest,
  type AgencyStepResult,
  type ApplicationStatus,
  type ApplicationStatusChangedPayload,
  type IncidentResolution,
  type LifeEventDefinition,
  type LifeEventWorkflowInput,
  type LocalizedText,
  type OrchestrationActivities,
  type StatusEvent,
  type StepDefinition,
  type StepStatus,
} from '@simpul/contracts';

const PUBLISH_RETRY = { initialInterval: '500 ms', maximumInterval: '30 seconds', backoffCoefficient: 2 } as const;
const orchestration = proxyActivities<OrchestrationActivities>({ taskQueue: TaskQueues.orchestration, startToCloseTimeout: '30 seconds', retry: PUBLISH_RETRY });
/**
 * Status events as local activities (LOCAL_STATUS_PATCH): run by the workflow's own worker and recorded as a marker in
 * the workflow task, instead of an activity task round trip through the Temporal server per event. A birth publishes
 * eleven; the benchmark showed them as most of Temporal's work per application (docs/benchmarks.md).
 */
const orchestrationLocal = proxyLocalActivities<OrchestrationActivities>({ startToCloseTimeout: '30 seconds', retry: PUBLISH_RETRY });

type AgencyActivity = (request: AgencyStepRequest) => Promise<AgencyStepResult>;

/**
 * The stub of one agency action on `agency.<id>`, with the step's timeouts and retry policy. A synchronous call
 * heartbeats, so a worker that dies mid-call is noticed in seconds. An asynchronous one waits for the agency's
 * callback up to its callback timeout, and heartbeats too: while its call is registered, the agency workers heartbeat
 * it for the agency (PendingCallHeartbeats); a task lost before its call was registered (a worker killed at that
 * moment) therefore times out within ASYNC_HEARTBEAT_TIMEOUT_SECONDS and is sent again, instead of waiting hours.
 * Timeouts are not part of Temporal's determinism check, so recorded histories replay unchanged. `maximumAttempts` bounds the first try (see AGENCY_OUTAGE_PATCH); by default
 * there is no attempt limit: an agency that stays down delays the application, never loses it.
 */
export function agencyActivity(step: StepDefinition, action: string, maximumAttempts?: number, alsoNonRetryable: string[] = []): AgencyActivity {
  const timeouts = step.integration
    ? { startToCloseTimeout: `${step.integration.callbackTimeoutHours} hours` as const, heartbeatTimeout: `${ASYNC_HEARTBEAT_TIMEOUT_SECONDS} seconds` as const }
    : { startToCloseTimeout: `${step.startToCloseSeconds} seconds` as const, heartbeatTimeout: '10 seconds' as const };
  const activities = proxyActivities<Record<string, AgencyActivity>>({
    taskQueue: TaskQueues.agency(step.agency),
    ...timeouts,
    retry: {
      initialInterval: `${step.retry.initialIntervalSeconds} seconds`,
      maximumInterval: `${step.retry.maximumIntervalSeconds} seconds`,
      backoffCoefficient: step.retry.backoffCoefficient,
      nonRetryableErrorTypes: [AGENCY_REJECTION, ...alsoNonRetryable],
      ...(maximumAttempts ? { maximumAttempts } : {}),
    },
  });
  return activities[action];
}

/** The business rejection inside an activity failure, if that is what it is. */
export function rejectionOf(err: unknown): AgencyRejectionDetails | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type === AGENCY_REJECTION) {
    return (cause.details?.[0] as AgencyRejectionDetails | undefined) ?? { code: 'REJECTED', message: { id: cause.message, en: cause.message } };
  }
  return undefined;
}

/** An agency answer that says our request or configuration is wrong: a person must fix it before a retry helps. */
export function isContractError(err: unknown): boolean {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.type === AGENCY_CONTRACT_ERROR;
}

export interface StepExtra {
  reference?: string;
  outputs?: Record<string, string>;
  message?: LocalizedText;
  ruleVersion?: string;
  evidence?: AgencyEvidence;
}

/**
 * How status events leave the workflow, by the patches an application started with:
 * - `activity`: one activity per event, awaited (before LOCAL_STATUS_PATCH);
 * - `local`: one local activity per event, awaited (LOCAL_STATUS_PATCH);
 * - `batched`: events are queued in order and published by one local activity per batch, while the workflow goes on
 *   (BATCHED_STATUS_PATCH). A batch holds what the workflow handed over since the previous one left; batches leave one
 *   after the other, so the order of the events holds; the workflow waits for the last batch before it completes.
 */
export type StatusPublishing = 'activity' | 'local' | 'batched';

/**
 * Microtask turns a batch waits before it leaves, so that the events handed over in the same workflow activation
 * (a step's COMPLETED and the next steps' RUNNING) go in it. Deterministic: the same code takes the same turns on
 * replay. Part of the workflow's commands, like the code itself: a change here (or an SDK upgrade that changes how many
 * turns the workflow takes) changes how many local activities a history holds, which the replay fixtures
 * (*-batched-status.json) catch as a non-determinism error; such a change needs a patch of its own.
 */
const SETTLE_TURNS = 32;
/** At most this many events in one local activity. */
const MAX_BATCH = 50;

/**
 * Publishes every transition to `applications.status.v1` through the orchestration activities, numbered 1, 2, 3 … per
 * application; the event id is derived from the workflow id and the number, so a retried publish is deduplicated.
 */
export class StatusPublisher {
  private seq = 0;
  private readonly steps = new Map<string, StepStatus>();
  private readonly queue: StatusEvent[] = [];
  private flushing: Promise<void> | undefined;
  /** The status search attribute as last set (at the start or by an upsert); tracked only with `upsertOnChange`. */
  private searchedStatus: unknown;

  /**
   * `upsertOnChange` (lean-history): the status search attribute is upserted only when it changes. Operators search by
   * it (README: `SimpulApplicationStatus = "IN_PROGRESS"`); an upsert that sets the value it already has is an
   * UpsertWorkflowSearchAttributes event and a visibility write for nothing (the first IN_PROGRESS, which the
   * orchestrator now sets at the start).
   */
  constructor(
    private readonly input: LifeEventWorkflowInput,
    private readonly def: LifeEventDefinition,
    private readonly workflowId: string,
    private readonly publishing: StatusPublishing = 'activity',
    private readonly upsertOnChange = false,
  ) {
    if (upsertOnChange) this.searchedStatus = workflowInfo().searchAttributes[SearchAttributes.status]?.[0];
  }

  /** Resolves once every event handed over so far is published (at once unless `batched`). */
  async drained(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  stepStatus(stepId: string): StepStatus | undefined {
    return this.steps.get(stepId);
  }

  application(status: ApplicationStatus, reason?: ApplicationStatusChangedPayload['reason']): Promise<void> {
    if (!this.upsertOnChange || this.searchedStatus !== status) upsertSearchAttributes({ [SearchAttributes.status]: [status] });
    this.searchedStatus = status;
    return this.publish('ApplicationStatusChanged', { status, ...(reason ? { reason } : {}) });
  }

  step(step: StepDefinition, status: StepStatus, extra: StepExtra = {}): Promise<void> {
    this.steps.set(step.id, status);
    return this.publish('StepStatusChanged', {
      stepId: step.id,
      agency: step.agency,
      status,
      definitionVersion: this.def.version,
      message: extra.message ?? stepStatusMessage(step, status),
      ...(extra.reference ? { reference: extra.reference } : {}),
      ...(extra.outputs ? { outputs: extra.outputs } : {}),
      ...(extra.ruleVersion ? { ruleVersion: extra.ruleVersion } : {}),
      ...(extra.evidence ? { evidence: extra.evidence } : {}),
    });
  }

  slaBreached(step: StepDefinition, dueAt: Date): Promise<void> {
    return this.publish('StepSlaBreached', { stepId: step.id, agency: step.agency, slaHours: step.slaHours, dueAt: dueAt.toISOString() });
  }

  incidentOpened(incidentId: string, step: StepDefinition, action: string, error: string): Promise<void> {
    return this.publish('IncidentOpened', { incidentId, stepId: step.id, agency: step.agency, action, error: error.slice(0, 500) });
  }

  incidentResolved(resolution: IncidentResolution): Promise<void> {
    return this.publish('IncidentResolved', { incidentId: resolution.incidentId, resolvedBy: resolution.operatorId, note: resolution.note });
  }

  private publish(type: StatusEvent['type'], payload: Record<string, unknown>): Promise<void> {
    const seq = ++this.seq;
    const event = {
      eventId: `${this.workflowId}:${seq}`,
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      applicationId: this.input.applicationId,
      correlationId: this.input.correlationId,
      payload: { seq, ...payload },
    } as StatusEvent;
    if (this.publishing === 'activity') return orchestration.publishStatus(event);
    if (this.publishing === 'local') return orchestrationLocal.publishStatus(event);
    this.queue.push(event);
    this.flushing ??= this.flush();
    return Promise.resolve();
  }

  /** Publishes the queue batch by batch until it is empty. The local activity retries without limit, as above. */
  private async flush(): Promise<void> {
    for (let turn = 0; turn < SETTLE_TURNS; turn++) await Promise.resolve();
    while (this.queue.length > 0) await orchestrationLocal.publishStatuses(this.queue.splice(0, MAX_BATCH));
    this.flushing = undefined;
  }
}
