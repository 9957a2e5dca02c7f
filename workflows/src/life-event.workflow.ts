/**
 * lifeEventWorkflow: one deterministic interpreter for every life-event definition.
 *
 * Determinism rules for this file (Temporal replays it from history):
 * - import only `@temporalio/workflow` and pure data/functions from `@simpul/contracts`;
 * - no I/O, no Node APIs, no Math.random/Date outside what the workflow sandbox makes deterministic;
 * - every side effect is an activity: agency calls on `agency.<id>`, status events on `orchestration`;
 * - change the order or kind of commands only with a new definition version or a patch, and refresh the replay
 *   fixtures on purpose (see README "Changing a workflow").
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  AGENCY_REJECTION,
  LIFE_EVENTS,
  OFFICER_DECISION_UPDATE,
  OFFICER_REJECTED,
  SearchAttributes,
  TaskQueues,
  selectStepInput,
  stepStatusMessage,
  type AgencyRejectionDetails,
  type AgencyStepRequest,
  type AgencyStepResult,
  type ApplicationStatus,
  type ApplicationStatusChangedPayload,
  type LifeEventDefinition,
  type LifeEventWorkflowInput,
  type LifeEventWorkflowResult,
  type LocalizedText,
  type OfficerDecision,
  type OrchestrationActivities,
  type StatusEvent,
  type StepDefinition,
  type StepStatus,
  type StepStatusChangedPayload,
} from '@simpul/contracts';

export const officerDecisionUpdate = defineUpdate<{ accepted: true }, [OfficerDecision]>(OFFICER_DECISION_UPDATE);

const orchestration = proxyActivities<OrchestrationActivities>({
  taskQueue: TaskQueues.orchestration,
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

type AgencyActivity = (request: AgencyStepRequest) => Promise<AgencyStepResult>;

function agencyActivity(step: StepDefinition, action: string): AgencyActivity {
  const activities = proxyActivities<Record<string, AgencyActivity>>({
    taskQueue: TaskQueues.agency(step.agency),
    startToCloseTimeout: `${step.startToCloseSeconds} seconds`,
    // No maximum attempts: an agency that stays down delays the application, never loses it.
    retry: {
      initialInterval: `${step.retry.initialIntervalSeconds} seconds`,
      maximumInterval: `${step.retry.maximumIntervalSeconds} seconds`,
      backoffCoefficient: step.retry.backoffCoefficient,
      nonRetryableErrorTypes: [AGENCY_REJECTION],
    },
  });
  return activities[action];
}

function definitionFor(input: LifeEventWorkflowInput): LifeEventDefinition {
  const def = LIFE_EVENTS[input.lifeEvent];
  if (!def || def.version !== input.definitionVersion) {
    throw ApplicationFailure.nonRetryable(`no definition ${input.lifeEvent} v${input.definitionVersion}`, 'UnknownDefinition');
  }
  return def;
}

function rejectionOf(err: unknown): AgencyRejectionDetails | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type === AGENCY_REJECTION) {
    return (cause.details?.[0] as AgencyRejectionDetails | undefined) ?? { code: 'REJECTED', message: { id: cause.message, en: cause.message } };
  }
  return undefined;
}

export async function lifeEventWorkflow(input: LifeEventWorkflowInput): Promise<LifeEventWorkflowResult> {
  const def = definitionFor(input);
  const { workflowId } = workflowInfo();
  const stepStatus = new Map<string, StepStatus>(def.steps.map((s) => [s.id, 'PENDING']));
  const decisions = new Map<string, OfficerDecision>();
  const outputs: Record<string, Record<string, string>> = {};
  let seq = 0;
  let rejection: ApplicationStatusChangedPayload['reason'];
  let failed = false;

  const publish = (event: Omit<StatusEvent, 'eventId' | 'version' | 'occurredAt' | 'applicationId' | 'correlationId'>): Promise<void> => {
    const envelope = {
      ...event,
      eventId: `${workflowId}:${(event.payload as { seq: number }).seq}`,
      version: 1,
      occurredAt: new Date().toISOString(),
      applicationId: input.applicationId,
      correlationId: input.correlationId,
    } as StatusEvent;
    return orchestration.publishStatus(envelope);
  };
  const setApplicationStatus = async (status: ApplicationStatus, reason?: ApplicationStatusChangedPayload['reason']) => {
    upsertSearchAttributes({ [SearchAttributes.status]: [status] });
    await publish({ type: 'ApplicationStatusChanged', payload: { seq: ++seq, status, ...(reason ? { reason } : {}) } });
  };
  const setStepStatus = async (
    step: StepDefinition,
    status: StepStatus,
    extra: { reference?: string; outputs?: Record<string, string>; message?: LocalizedText } = {},
  ) => {
    stepStatus.set(step.id, status);
    const payload: StepStatusChangedPayload = {
      seq: ++seq,
      stepId: step.id,
      agency: step.agency,
      status,
      definitionVersion: def.version,
      message: extra.message ?? stepStatusMessage(step, status),
      ...(extra.reference ? { reference: extra.reference } : {}),
      ...(extra.outputs ? { outputs: extra.outputs } : {}),
    };
    await publish({ type: 'StepStatusChanged', payload });
  };

  setHandler(
    officerDecisionUpdate,
    (decision) => {
      decisions.set(decision.stepId, decision);
      return Promise.resolve({ accepted: true as const });
    },
    {
      validator: (decision) => {
        const step = def.steps.find((s) => s.id === decision.stepId);
        if (!step?.officerDecision) throw new Error(`step ${decision.stepId} takes no officer decision`);
        if (stepStatus.get(decision.stepId) !== 'WAITING_FOR_OFFICER' || decisions.has(decision.stepId)) {
          throw new Error(`step ${decision.stepId} is not waiting for an officer's decision`);
        }
      },
    },
  );

  const finishWith = async (step: StepDefinition, result: AgencyStepResult): Promise<StepStatus> => {
    const status: StepStatus = result.outcome === 'SKIPPED' ? 'SKIPPED' : 'COMPLETED';
    outputs[step.id] = result.outputs;
    await setStepStatus(step, status, { reference: result.reference, outputs: result.outputs, message: result.message });
    return status;
  };

  const reject = async (step: StepDefinition, details: AgencyRejectionDetails): Promise<StepStatus> => {
    await setStepStatus(step, 'REJECTED', { message: details.message });
    if (step.onReject === 'REJECT_APPLICATION' && !rejection) rejection = { code: details.code, ...details.message };
    return 'REJECTED';
  };

  const execute = async (step: StepDefinition): Promise<StepStatus> => {
    await setStepStatus(step, 'RUNNING');
    const request: AgencyStepRequest = {
      applicationId: input.applicationId,
      stepId: step.id,
      correlationId: input.correlationId,
      input: selectStepInput(step, input.data, outputs),
    };
    try {
      const result = await agencyActivity(step, step.action)(request);
      if (result.outcome !== 'NEEDS_OFFICER' || !step.officerDecision) return await finishWith(step, result);
      await setStepStatus(step, 'WAITING_FOR_OFFICER', { reference: result.reference, outputs: result.outputs, message: result.message });
      await condition(() => decisions.has(step.id));
      const decision = decisions.get(step.id) as OfficerDecision;
      if (decision.outcome === 'REJECT') {
        const reason = decision.reason ? { id: `${OFFICER_REJECTED.id} ${decision.reason}`, en: `${OFFICER_REJECTED.en} ${decision.reason}` } : OFFICER_REJECTED;
        return await reject(step, { code: 'OFFICER_REJECTED', message: reason });
      }
      const followUp = agencyActivity(step, step.officerDecision.followUpAction);
      const granted = await followUp({ ...request, input: { ...request.input, assessmentReference: result.reference ?? '', officerId: decision.officerId } });
      return await finishWith(step, { ...granted, outputs: { ...result.outputs, ...granted.outputs } });
    } catch (err) {
      const details = rejectionOf(err);
      if (details) return reject(step, details);
      failed = true;
      await setStepStatus(step, 'FAILED');
      return 'FAILED';
    }
  };

  const runs = new Map<string, Promise<StepStatus>>();
  const run = (step: StepDefinition): Promise<StepStatus> => {
    let started = runs.get(step.id);
    if (!started) {
      started = (async () => {
        const deps = await Promise.all(step.dependsOn.map((id) => run(def.steps.find((s) => s.id === id) as StepDefinition)));
        if (rejection || failed || deps.some((s) => s !== 'COMPLETED')) {
          await setStepStatus(step, 'SKIPPED');
          return 'SKIPPED' as StepStatus;
        }
        return execute(step);
      })();
      runs.set(step.id, started);
    }
    return started;
  };

  upsertSearchAttributes({ [SearchAttributes.lifeEvent]: [input.lifeEvent] });
  await setApplicationStatus('IN_PROGRESS');
  await Promise.all(def.steps.map((step) => setStepStatus(step, 'PENDING')));
  await Promise.all(def.steps.map(run));

  const result: LifeEventWorkflowResult = rejection
    ? { status: 'REJECTED', reason: rejection }
    : failed
      ? { status: 'FAILED' }
      : { status: 'COMPLETED' };
  await setApplicationStatus(result.status, result.reason);
  return result;
}
