/**
 * The step runner of lifeEventWorkflow: runs each step of the definition's graph once its dependencies ended, and
 * each step as its kind demands (an officer's verification, an agency call, an agency assessment an officer decides).
 * Workflow code: same determinism rules as life-event.workflow.ts.
 *
 * The async shape here IS part of the workflow's commands: with batched status events (status-publisher.ts) the
 * number of microtask turns between two events decides which batch they go in. So a refactoring keeps each `await`
 * and each `return promise` vs `return await promise` as it is, and adds no async function between a caller and an
 * awaited call; `execute` is a plain function that hands over to one async function per kind of step for that reason.
 */
import { condition } from '@temporalio/workflow';
import {
  LATE_REPORT_WAITING,
  REPORTED_ON_TIME,
  answerReceivedMessage,
  informationRequestedMessage,
  noConsentMessage,
  officerRejectedMessage,
  stepCancelledMessage,
  stepStatusMessage,
  type AgencyRejectionDetails,
  type AgencyStepRequest,
  type AgencyStepResult,
  type OfficerDecision,
  type StepDefinition,
  type StepStatus,
} from '@simpul/contracts';
import { answerTimeoutMessage } from './agency-polling';
import type { Run } from './run';
import { rejectionOf, type StepExtra } from './status-publisher';
import { CONSENT_PATCH } from './versioning';

const officerRejected = (decision: OfficerDecision): AgencyRejectionDetails => ({ code: 'OFFICER_REJECTED', message: officerRejectedMessage(decision.reason) });

export class StepRunner {
  private readonly runs = new Map<string, Promise<StepStatus>>();

  constructor(private readonly r: Run) {}

  /** The step's final status; started once, on the first call, after its dependencies. */
  run(step: StepDefinition): Promise<StepStatus> {
    let started = this.runs.get(step.id);
    if (!started) {
      started = this.start(step);
      this.runs.set(step.id, started);
    }
    return started;
  }

  private async start(step: StepDefinition): Promise<StepStatus> {
    const { state, operator, status, inbox, sla } = this.r;
    const deps = await Promise.all(step.dependsOn.map((id) => this.run(state.step(id))));
    if (operator.cancelled) return this.notContinued(step);
    if (state.stopped || deps.some((s) => s !== 'COMPLETED' && s !== 'SKIPPED')) {
      await status.step(step, 'SKIPPED');
      return 'SKIPPED' as StepStatus;
    }
    if (this.withoutConsent(step)) {
      await status.step(step, 'SKIPPED', { message: noConsentMessage(step, inbox.revoked.has(step.id)) });
      return 'SKIPPED' as StepStatus;
    }
    return sla.around(step, () => this.execute(step));
  }

  /** A consent-gated step the citizen did not consent to, or withdrew consent for (CONSENT_PATCH). */
  private withoutConsent(step: StepDefinition): boolean {
    const { consents } = this.r.state.input;
    return !!step.consentRequired && !!consents && this.r.patches.has(CONSENT_PATCH) && (consents[step.id] !== true || this.r.inbox.revoked.has(step.id));
  }

  /** Runs the step by its kind (a plain function: see the note at the top). */
  private execute(step: StepDefinition): Promise<StepStatus> {
    if (step.when === 'LATE_REPORT' && !this.r.state.late) return this.skippedOnTime(step);
    if (!step.action) return this.officerStep(step);
    return this.agencyStep(step, step.action, this.r.state.stepRequest(step));
  }

  private async skippedOnTime(step: StepDefinition): Promise<StepStatus> {
    await this.r.status.step(step, 'SKIPPED', { message: REPORTED_ON_TIME });
    return 'SKIPPED';
  }

  /** A step without an agency action: an officer verifies (e.g. a late report). */
  private async officerStep(step: StepDefinition): Promise<StepStatus> {
    const decision = await this.awaitDecision(step, { message: step.when === 'LATE_REPORT' ? LATE_REPORT_WAITING : stepStatusMessage(step, 'WAITING_FOR_OFFICER') });
    if (!decision) return this.notContinued(step);
    if (decision.outcome === 'REJECT') return this.reject(step, officerRejected(decision));
    return this.finish(step, { outcome: 'COMPLETED', outputs: { verifiedBy: decision.officerId }, message: stepStatusMessage(step, 'COMPLETED') });
  }

  /**
   * A step an agency performs. An agency that answers NEEDS_OFFICER on a step with an officer decision has assessed:
   * an officer decides, then the follow-up action (if any) grants it. A refusal rejects the step; any other failure
   * fails it for good (failedForGood).
   */
  private async agencyStep(step: StepDefinition, action: string, request: AgencyStepRequest): Promise<StepStatus> {
    const { agency, status } = this.r;
    await status.step(step, 'RUNNING');
    try {
      const result = await agency.callAndAwait(step, action, request);
      if (result.outcome !== 'NEEDS_OFFICER' || !step.officerDecision) return await this.finish(step, result);
      const extra = { reference: result.reference, outputs: result.outputs, message: result.message, ruleVersion: result.ruleVersion, evidence: result.evidence };
      const decision = await this.awaitDecision(step, extra);
      if (!decision) return await this.notContinued(step);
      if (decision.outcome === 'REJECT') return await this.reject(step, officerRejected(decision), extra);
      if (!step.officerDecision.followUpAction) return await this.finish(step, result);
      const granted = await agency.callAndAwait(step, step.officerDecision.followUpAction, {
        ...request,
        input: { ...request.input, assessmentReference: result.reference ?? '', officerId: decision.officerId },
      });
      return await this.finish(step, { ...granted, outputs: { ...result.outputs, ...granted.outputs } });
    } catch (err) {
      const details = rejectionOf(err);
      if (details) return this.reject(step, details);
      const timedOut = answerTimeoutMessage(step, err);
      return this.failedForGood(step, timedOut ? { message: timedOut } : {});
    }
  }

  /**
   * The officer's decision, or undefined when the application was cancelled while it waited. A request for
   * information (INFORMATION_REQUEST_PATCH) asks the citizen, waits for the answer, and puts the step back in the
   * officer's queue for a new decision.
   */
  private async awaitDecision(step: StepDefinition, extra: StepExtra): Promise<OfficerDecision | undefined> {
    const { inbox, operator, status } = this.r;
    this.r.sla.waiting(step.id);
    await status.step(step, 'WAITING_FOR_OFFICER', extra);
    for (;;) {
      await condition(() => inbox.decisions.has(step.id) || operator.cancelled);
      const decision = inbox.decisions.get(step.id);
      if (decision?.outcome !== 'REQUEST_INFORMATION') return decision;
      await status.step(step, 'WAITING_FOR_CITIZEN', { ...extra, message: informationRequestedMessage(step, decision.message ?? '') });
      await condition(() => inbox.citizenResponses.has(step.id) || operator.cancelled);
      if (!inbox.citizenResponses.has(step.id)) return undefined;
      inbox.citizenResponses.delete(step.id);
      inbox.decisions.delete(step.id);
      await status.step(step, 'WAITING_FOR_OFFICER', { ...extra, message: answerReceivedMessage(step) });
    }
  }

  private async finish(step: StepDefinition, result: AgencyStepResult): Promise<StepStatus> {
    const next = this.r.state.record(step, result);
    await this.r.status.step(step, next, { reference: result.reference, outputs: result.outputs, message: result.message, ruleVersion: result.ruleVersion, evidence: result.evidence });
    return next;
  }

  private async reject(step: StepDefinition, details: AgencyRejectionDetails, extra: StepExtra = {}): Promise<StepStatus> {
    // The refusal's evidence is data in the status event, not a command: histories replay unchanged.
    await this.r.status.step(step, 'REJECTED', { ...extra, message: details.message, ...(details.evidence ? { evidence: details.evidence } : {}) });
    this.r.state.rejected(step, details);
    return 'REJECTED';
  }

  /** A step that had not ended when an operator cancelled the application. */
  private async notContinued(step: StepDefinition): Promise<StepStatus> {
    await this.r.status.step(step, 'SKIPPED', { message: stepCancelledMessage(step) });
    return 'SKIPPED';
  }

  /**
   * A step that failed for good: before operator actions, the application fails (and is compensated). With them,
   * the step holds the application (ACTION_REQUIRED) until an operator retries it or cancels the application.
   */
  private async failedForGood(step: StepDefinition, extra: StepExtra = {}): Promise<StepStatus> {
    const { operator, status } = this.r;
    await status.step(step, 'FAILED', extra);
    if (!operator.enabled) {
      this.r.state.failed = true;
      return 'FAILED';
    }
    operator.hold(step.id);
    this.r.sla.waiting(step.id);
    if (operator.heldCount === 1) await status.application('ACTION_REQUIRED');
    const retry = await operator.release(step.id);
    if (operator.heldCount === 0 && !operator.cancelled) await status.application('IN_PROGRESS');
    return retry ? this.execute(step) : 'FAILED';
  }
}
