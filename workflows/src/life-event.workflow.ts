/**
 * lifeEventWorkflow: one deterministic interpreter for every life-event definition.
 *
 * Determinism rules for this file (Temporal replays it from history):
 * - import only `@temporalio/workflow` and pure data/functions from `@simpul/contracts`;
 * - no I/O, no Node APIs; time comes from the workflow clock, randomness from nowhere;
 * - every side effect is an activity: agency calls on `agency.<id>`, status events on `orchestration`;
 * - a change in the commands this code issues for an existing definition version must be gated with `patched()`
 *   (see SLA_PATCH) or shipped as a new definition version, and the replay fixtures refreshed on purpose.
 */
import { ApplicationFailure, condition, defineSignal, defineUpdate, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  AGENCY_CONTRACT_ERROR,
  AGENCY_NAMES,
  CANCELLED_BY_OPERATOR,
  CITIZEN_RESPONSE_UPDATE,
  CONSENT_REVOKED_SIGNAL,
  OFFICER_DECISION_UPDATE,
  OFFICER_REJECTED,
  RESOLVE_INCIDENT_UPDATE,
  SearchAttributes,
  definitionFor,
  isLateReport,
  noConsentMessage,
  selectStepInput,
  stepCancelledMessage,
  stepStatusMessage,
  type AgencyRejectionDetails,
  type AgencyStepRequest,
  type AgencyStepResult,
  type ApplicationStatus,
  type CitizenResponse,
  type ApplicationStatusChangedPayload,
  type ConsentRevocation,
  type IncidentResolution,
  type LifeEventWorkflowInput,
  type LifeEventWorkflowResult,
  type OfficerDecision,
  type StepDefinition,
  type StepStatus,
} from '@simpul/contracts';
import { answerTimeoutMessage, answerTimeoutMs, untilDecided } from './agency-polling';
import { OPERATOR_ACTIONS_PATCH, OperatorControls } from './operator-controls';
import { SlaWatch } from './sla';
import { agencyActivity, isContractError, rejectionOf, StatusPublisher, type StepExtra } from './status-publisher';
import { Patches } from './versioning';

export const officerDecisionUpdate = defineUpdate<{ accepted: true }, [OfficerDecision]>(OFFICER_DECISION_UPDATE);
export const resolveIncidentUpdate = defineUpdate<{ accepted: true }, [IncidentResolution]>(RESOLVE_INCIDENT_UPDATE);
export const citizenResponseUpdate = defineUpdate<{ accepted: true }, [CitizenResponse]>(CITIZEN_RESPONSE_UPDATE);
export const consentRevokedSignal = defineSignal<[ConsentRevocation]>(CONSENT_REVOKED_SIGNAL);

/** Added after BIRTH v1 histories were recorded: per-step SLA timers. Old histories replay without them. */
export const SLA_PATCH = 'sla-escalation';
/**
 * Added with asynchronous agencies: a call first gets a few quick attempts; if the agency is still failing, the step
 * says "waiting for <agency>" and the call goes on without an attempt limit.
 */
export const AGENCY_OUTAGE_PATCH = 'agency-outage-notice';
/** Added with the benchmark: status events are published by local activities (see StatusPublisher). */
export const LOCAL_STATUS_PATCH = 'local-status-events';
/**
 * Added with the benchmark's second round: status events are queued and published in batches while the workflow goes
 * on, instead of one awaited local activity each (StatusPublishing `batched`). Checked only where LOCAL_STATUS_PATCH is.
 */
export const BATCHED_STATUS_PATCH = 'batched-status-events';
const FIRST_TRY_ATTEMPTS = 3;
/**
 * Added with officer work queues: an officer may ask the citizen for information (REQUEST_INFORMATION); the step
 * waits for the citizen (WAITING_FOR_CITIZEN), then for an officer again. Gated at the start, like operator actions:
 * applications started before keep taking APPROVE and REJECT only.
 */
export const INFORMATION_REQUEST_PATCH = 'officer-information-request';

function informationRequested(step: StepDefinition, question: string) {
  const agency = AGENCY_NAMES[step.agency];
  return {
    id: `${step.title.id}: ${agency} memerlukan informasi dari Anda: ${question}`,
    en: `${step.title.en}: ${agency} needs information from you: ${question}`,
  };
}
function answerReceived(step: StepDefinition) {
  const agency = AGENCY_NAMES[step.agency];
  return {
    id: `${step.title.id}: jawaban Anda diterima; menunggu verifikasi petugas ${agency}.`,
    en: `${step.title.en}: your answer was received; waiting for a ${agency} officer to verify.`,
  };
}
/**
 * Added with consent: a step that shares data beyond the life event (consentRequired) is SKIPPED, with the reason,
 * unless the citizen consented at intake and has not withdrawn it before the step starts. Applications filed before
 * consent was recorded (no `consents` in the input) run every step, as filed.
 */
export const CONSENT_PATCH = 'consent-gate';

const LATE_REPORT_WAITING = {
  id: 'Laporan melewati batas waktu; menunggu verifikasi petugas Disdukcapil.',
  en: 'Reported after the legal deadline; waiting for a civil-registry officer to verify.',
};
function waitingForAgency(step: StepDefinition) {
  const agency = AGENCY_NAMES[step.agency];
  return {
    id: `${step.title.id}: menunggu ${agency}, yang sedang tidak dapat dihubungi. Permohonan Anda aman dan akan dilanjutkan otomatis.`,
    en: `${step.title.en}: waiting for ${agency}, which cannot be reached right now. Your application is safe and will continue by itself.`,
  };
}

const ON_TIME = { id: 'Dilaporkan tepat waktu; verifikasi tambahan tidak diperlukan.', en: 'Reported on time; no extra verification needed.' };

export async function lifeEventWorkflow(input: LifeEventWorkflowInput): Promise<LifeEventWorkflowResult> {
  const def = definitionFor(input.lifeEvent, input.definitionVersion);
  if (!def) throw ApplicationFailure.nonRetryable(`no definition ${input.lifeEvent} v${input.definitionVersion}`, 'UnknownDefinition');
  // First: the lean-history marker, or the individual patches of older histories (versioning.ts).
  const patches = Patches.atStart();
  // Gated once, at the start: an application keeps the behaviour it started with (see operator-controls.ts).
  const operator = new OperatorControls(patches.has(OPERATOR_ACTIONS_PATCH));
  const informationRequests = patches.has(INFORMATION_REQUEST_PATCH);
  const citizenResponses = new Map<string, CitizenResponse>();
  const publishing = !patches.has(LOCAL_STATUS_PATCH) ? 'activity' : patches.has(BATCHED_STATUS_PATCH) ? 'batched' : 'local';
  const status = new StatusPublisher(input, def, workflowInfo().workflowId, publishing, patches.lean);
  const decisions = new Map<string, OfficerDecision>();
  const resolutions = new Map<string, IncidentResolution>();
  const openIncidents = new Set<string>();
  const outputs: Record<string, Record<string, string>> = {};
  const references: Record<string, string | undefined> = {};
  const completedOrder: StepDefinition[] = [];
  const slaHourMs = (input.slaSecondsPerHour ?? 3600) * 1000;
  const late = isLateReport(def, input.data, new Date(input.submittedAt ?? Date.now()));
  let rejection: ApplicationStatusChangedPayload['reason'];
  let failed = false;
  const revoked = new Set<string>();
  setHandler(consentRevokedSignal, (r) => void revoked.add(r.stepId));
  const withoutConsent = (step: StepDefinition) =>
    !!step.consentRequired && !!input.consents && patches.has(CONSENT_PATCH) && (input.consents[step.id] !== true || revoked.has(step.id));

  setHandler(officerDecisionUpdate, (d) => (decisions.set(d.stepId, d), Promise.resolve({ accepted: true as const })), {
    validator: (d) => {
      const step = def.steps.find((s) => s.id === d.stepId);
      if (!step?.officerDecision) throw new Error(`step ${d.stepId} takes no officer decision`);
      if (status.stepStatus(d.stepId) !== 'WAITING_FOR_OFFICER' || decisions.has(d.stepId)) throw new Error(`step ${d.stepId} is not waiting for an officer's decision`);
      if (!['APPROVE', 'REJECT', 'REQUEST_INFORMATION'].includes(d.outcome)) throw new Error(`unknown outcome ${String(d.outcome)}`);
      if (d.outcome === 'REQUEST_INFORMATION' && !informationRequests) throw new Error('this application was started before officers could ask for information');
      if (d.outcome === 'REQUEST_INFORMATION' && !d.message?.trim()) throw new Error('a request for information needs a message to the citizen');
    },
  });
  setHandler(citizenResponseUpdate, (r) => (citizenResponses.set(r.stepId, r), Promise.resolve({ accepted: true as const })), {
    validator: (r) => {
      if (!informationRequests || status.stepStatus(r.stepId) !== 'WAITING_FOR_CITIZEN' || citizenResponses.has(r.stepId)) throw new Error(`step ${r.stepId} is not waiting for the citizen`);
      if (typeof r.message !== 'string' || !r.message.trim()) throw new Error('an answer needs a message');
    },
  });
  setHandler(resolveIncidentUpdate, (r) => (resolutions.set(r.incidentId, r), Promise.resolve({ accepted: true as const })), {
    validator: (r) => {
      if (!openIncidents.has(r.incidentId) || resolutions.has(r.incidentId)) throw new Error(`incident ${r.incidentId} is not open`);
    },
  });

  /** Escalates once when a step is still open after its SLA (sla.ts; lean: a timer only once the step can wait). */
  const sla = new SlaWatch(() => patches.has(SLA_PATCH), !patches.lean, slaHourMs, (step, dueAt) => status.slaBreached(step, dueAt));

  /** Calls an agency; after a quick first try that failed technically, tells the citizen it waits, and keeps trying. */
  const callAgency = async (step: StepDefinition, action: string, request: AgencyStepRequest): Promise<AgencyStepResult> => {
    // With operator actions, a contract error stops at once: retrying the same wrong request cannot help.
    const stop = operator.enabled ? [AGENCY_CONTRACT_ERROR] : [];
    if (!patches.has(AGENCY_OUTAGE_PATCH)) return agencyActivity(step, action, undefined, stop)(request);
    try {
      return await agencyActivity(step, action, FIRST_TRY_ATTEMPTS, stop)(request);
    } catch (err) {
      if (rejectionOf(err) || (operator.enabled && isContractError(err))) throw err;
      sla.waiting(step.id);
      await status.step(step, 'RUNNING', { message: waitingForAgency(step) });
      return agencyActivity(step, action, undefined, stop)(request);
    }
  };

  /**
   * Calls an agency and, if it answers PENDING with a ticket, polls it with timers until it decides (agency-polling.ts).
   * Each check is a short call, with the timeouts of a synchronous one whatever the step's answer timeout.
   */
  const callAndAwait = async (step: StepDefinition, action: string, request: AgencyStepRequest): Promise<AgencyStepResult> =>
    untilDecided(await callAgency(step, action, request), request, answerTimeoutMs(step, slaHourMs), (check, r) => callAgency({ ...step, integration: undefined }, check, r), (pending) => {
      sla.waiting(step.id);
      return status.step(step, 'RUNNING', { reference: pending.reference, message: pending.message, ruleVersion: pending.ruleVersion, evidence: pending.evidence });
    }, patches);

  const finish = async (step: StepDefinition, result: AgencyStepResult): Promise<StepStatus> => {
    const next: StepStatus = result.outcome === 'SKIPPED' ? 'SKIPPED' : 'COMPLETED';
    outputs[step.id] = result.outputs;
    references[step.id] = result.reference;
    if (next === 'COMPLETED') completedOrder.push(step);
    await status.step(step, next, { reference: result.reference, outputs: result.outputs, message: result.message, ruleVersion: result.ruleVersion, evidence: result.evidence });
    return next;
  };

  const reject = async (step: StepDefinition, details: AgencyRejectionDetails, extra: StepExtra = {}): Promise<StepStatus> => {
    // The refusal's evidence is data in the status event, not a command: histories replay unchanged.
    await status.step(step, 'REJECTED', { ...extra, message: details.message, ...(details.evidence ? { evidence: details.evidence } : {}) });
    if (step.onReject === 'REJECT_APPLICATION' && !rejection) rejection = { code: details.code, ...details.message };
    return 'REJECTED';
  };

  /** The officer's decision, or undefined when the application was cancelled while it waited. */
  const awaitDecision = async (step: StepDefinition, extra: StepExtra): Promise<OfficerDecision | undefined> => {
    sla.waiting(step.id);
    await status.step(step, 'WAITING_FOR_OFFICER', extra);
    for (;;) {
      await condition(() => decisions.has(step.id) || operator.cancelled);
      const decision = decisions.get(step.id);
      if (decision?.outcome !== 'REQUEST_INFORMATION') return decision;
      // Ask the citizen, wait for the answer, then the step is back in the officer's queue for a new decision.
      await status.step(step, 'WAITING_FOR_CITIZEN', { ...extra, message: informationRequested(step, decision.message ?? '') });
      await condition(() => citizenResponses.has(step.id) || operator.cancelled);
      if (!citizenResponses.has(step.id)) return undefined;
      citizenResponses.delete(step.id);
      decisions.delete(step.id);
      await status.step(step, 'WAITING_FOR_OFFICER', { ...extra, message: answerReceived(step) });
    }
  };

  const notContinued = async (step: StepDefinition): Promise<StepStatus> => {
    await status.step(step, 'SKIPPED', { message: stepCancelledMessage(step) });
    return 'SKIPPED';
  };

  /**
   * A step that failed for good: before operator actions, the application fails (and is compensated). With them,
   * the step holds the application (ACTION_REQUIRED) until an operator retries it or cancels the application.
   */
  const failedForGood = async (step: StepDefinition, extra: StepExtra = {}): Promise<StepStatus> => {
    await status.step(step, 'FAILED', extra);
    if (!operator.enabled) {
      failed = true;
      return 'FAILED';
    }
    operator.hold(step.id);
    sla.waiting(step.id);
    if (operator.heldCount === 1) await status.application('ACTION_REQUIRED');
    const retry = await operator.release(step.id);
    if (operator.heldCount === 0 && !operator.cancelled) await status.application('IN_PROGRESS');
    return retry ? execute(step) : 'FAILED';
  };

  const officerRejected = (decision: OfficerDecision): AgencyRejectionDetails => ({
    code: 'OFFICER_REJECTED',
    message: decision.reason ? { id: `${OFFICER_REJECTED.id} ${decision.reason}`, en: `${OFFICER_REJECTED.en} ${decision.reason}` } : OFFICER_REJECTED,
  });

  const execute = async (step: StepDefinition): Promise<StepStatus> => {
    if (step.when === 'LATE_REPORT' && !late) {
      await status.step(step, 'SKIPPED', { message: ON_TIME });
      return 'SKIPPED';
    }
    const request: AgencyStepRequest = {
      applicationId: input.applicationId,
      stepId: step.id,
      correlationId: input.correlationId,
      input: selectStepInput(step, input.data, outputs),
      ...(step.integration ? { mode: step.integration.mode } : {}),
      ...(input.traceparent ? { traceparent: input.traceparent } : {}),
    };
    if (!step.action) {
      const decision = await awaitDecision(step, { message: step.when === 'LATE_REPORT' ? LATE_REPORT_WAITING : stepStatusMessage(step, 'WAITING_FOR_OFFICER') });
      if (!decision) return notContinued(step);
      if (decision.outcome === 'REJECT') return reject(step, officerRejected(decision));
      return finish(step, { outcome: 'COMPLETED', outputs: { verifiedBy: decision.officerId }, message: stepStatusMessage(step, 'COMPLETED') });
    }
    await status.step(step, 'RUNNING');
    try {
      const result = await callAndAwait(step, step.action, request);
      if (result.outcome !== 'NEEDS_OFFICER' || !step.officerDecision) return await finish(step, result);
      const extra = { reference: result.reference, outputs: result.outputs, message: result.message, ruleVersion: result.ruleVersion, evidence: result.evidence };
      const decision = await awaitDecision(step, extra);
      if (!decision) return await notContinued(step);
      if (decision.outcome === 'REJECT') return await reject(step, officerRejected(decision), extra);
      if (!step.officerDecision.followUpAction) return await finish(step, result);
      const granted = await callAndAwait(step, step.officerDecision.followUpAction, {
        ...request,
        input: { ...request.input, assessmentReference: result.reference ?? '', officerId: decision.officerId },
      });
      return await finish(step, { ...granted, outputs: { ...result.outputs, ...granted.outputs } });
    } catch (err) {
      const details = rejectionOf(err);
      if (details) return reject(step, details);
      const timedOut = answerTimeoutMessage(step, err);
      return failedForGood(step, timedOut ? { message: timedOut } : {});
    }
  };

  const runs = new Map<string, Promise<StepStatus>>();
  const run = (step: StepDefinition): Promise<StepStatus> => {
    let started = runs.get(step.id);
    if (!started) {
      started = (async () => {
        const deps = await Promise.all(step.dependsOn.map((id) => run(def.steps.find((s) => s.id === id) as StepDefinition)));
        if (operator.cancelled) return notContinued(step);
        if (rejection || failed || deps.some((s) => s !== 'COMPLETED' && s !== 'SKIPPED')) {
          await status.step(step, 'SKIPPED');
          return 'SKIPPED' as StepStatus;
        }
        if (withoutConsent(step)) {
          await status.step(step, 'SKIPPED', { message: noConsentMessage(step, revoked.has(step.id)) });
          return 'SKIPPED' as StepStatus;
        }
        return sla.around(step, () => execute(step));
      })();
      runs.set(step.id, started);
    }
    return started;
  };

  /** Undoes completed steps in reverse order; a compensation that fails for good becomes an incident for a person. */
  const compensate = async (): Promise<void> => {
    for (const step of [...completedOrder].reverse()) {
      if (!step.compensation) continue;
      const request: AgencyStepRequest = {
        applicationId: input.applicationId,
        stepId: step.id,
        correlationId: input.correlationId,
        input: { ...selectStepInput(step, input.data, outputs), ...outputs[step.id], reference: references[step.id] ?? '' },
        ...(input.traceparent ? { traceparent: input.traceparent } : {}),
      };
      try {
        const undone = await callAgency(step, step.compensation.action, request);
        await status.step(step, 'COMPENSATED', { reference: undone.reference, message: undone.message, ruleVersion: undone.ruleVersion, evidence: undone.evidence });
      } catch (err) {
        const incidentId = `${step.id}:compensation`;
        openIncidents.add(incidentId);
        // The adapter's own words (e.g. "Disdukcapil answered HTTP 422 …"), not Temporal's wrapper ("Activity task failed").
        const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
        const reason = rejectionOf(err)?.message.en ?? (cause instanceof Error ? cause.message : String(cause));
        await status.incidentOpened(incidentId, step, step.compensation.action, reason);
        await status.application('ACTION_REQUIRED');
        await condition(() => resolutions.has(incidentId));
        openIncidents.delete(incidentId);
        const resolution = resolutions.get(incidentId) as IncidentResolution;
        await status.incidentResolved(resolution);
      }
    }
  };

  // Lean: the orchestrator starts every workflow with its life event (initialSearchAttributes); older ones upsert it.
  if (!patches.lean || !workflowInfo().searchAttributes[SearchAttributes.lifeEvent]) upsertSearchAttributes({ [SearchAttributes.lifeEvent]: [input.lifeEvent] });
  await status.application('IN_PROGRESS');
  await Promise.all(def.steps.map((step) => status.step(step, 'PENDING')));
  await Promise.all(def.steps.map(run));
  operator.finishing = true;
  if (rejection || failed || operator.cancelled) await compensate();

  const final: ApplicationStatus = operator.cancelled ? 'CANCELLED' : rejection ? 'REJECTED' : failed ? 'FAILED' : 'COMPLETED';
  const reason = operator.cancelled ? CANCELLED_BY_OPERATOR : rejection;
  const result: LifeEventWorkflowResult = reason ? { status: final, reason } : { status: final };
  await status.application(final, result.reason);
  await status.drained();
  return result;
}
