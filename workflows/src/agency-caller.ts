/**
 * How a step calls its agency: a quick first try, then "waiting for <agency>" and no attempt limit while it is down
 * (AGENCY_OUTAGE_PATCH); a PENDING answer is polled until the agency decides (agency-polling.ts). Workflow code: same
 * determinism rules as life-event.workflow.ts (only `@temporalio/workflow` and `@simpul/contracts`).
 */
import { AGENCY_CONTRACT_ERROR, waitingForAgencyMessage, type AgencyStepRequest, type AgencyStepResult, type StepDefinition } from '@simpul/contracts';
import { answerTimeoutMs, untilDecided } from './agency-polling';
import type { OperatorControls } from './operator-controls';
import type { SlaWatch } from './sla';
import { agencyActivity, isContractError, rejectionOf, type StatusPublisher } from './status-publisher';
import { AGENCY_OUTAGE_PATCH, type Patches } from './versioning';

/** Attempts of the first try, before the citizen is told that the agency cannot be reached. */
const FIRST_TRY_ATTEMPTS = 3;

export class AgencyCaller {
  constructor(
    private readonly patches: Patches,
    private readonly operator: OperatorControls,
    private readonly sla: SlaWatch,
    private readonly status: StatusPublisher,
    private readonly slaHourMs: number,
  ) {}

  /** Calls an agency; after a quick first try that failed technically, tells the citizen it waits, and keeps trying. */
  async call(step: StepDefinition, action: string, request: AgencyStepRequest): Promise<AgencyStepResult> {
    // With operator actions, a contract error stops at once: retrying the same wrong request cannot help.
    const stop = this.operator.enabled ? [AGENCY_CONTRACT_ERROR] : [];
    if (!this.patches.has(AGENCY_OUTAGE_PATCH)) return agencyActivity(step, action, undefined, stop)(request);
    try {
      return await agencyActivity(step, action, FIRST_TRY_ATTEMPTS, stop)(request);
    } catch (err) {
      if (rejectionOf(err) || (this.operator.enabled && isContractError(err))) throw err;
      this.sla.waiting(step.id);
      await this.status.step(step, 'RUNNING', { message: waitingForAgencyMessage(step) });
      return agencyActivity(step, action, undefined, stop)(request);
    }
  }

  /**
   * Calls an agency and, if it answers PENDING with a ticket, polls it with timers until it decides (agency-polling.ts).
   * Each check is a short call, with the timeouts of a synchronous one whatever the step's answer timeout.
   */
  async callAndAwait(step: StepDefinition, action: string, request: AgencyStepRequest): Promise<AgencyStepResult> {
    const check = (checkAction: string, r: AgencyStepRequest) => this.call({ ...step, integration: undefined }, checkAction, r);
    return untilDecided(await this.call(step, action, request), request, answerTimeoutMs(step, this.slaHourMs), check, (pending) => this.onPending(step, pending), this.patches);
  }

  /** The agency took a ticket: the step's SLA timer starts and the citizen reads the agency's message. */
  private onPending(step: StepDefinition, pending: AgencyStepResult): Promise<void> {
    this.sla.waiting(step.id);
    return this.status.step(step, 'RUNNING', { reference: pending.reference, message: pending.message, ruleVersion: pending.ruleVersion, evidence: pending.evidence });
  }
}
