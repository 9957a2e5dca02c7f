/**
 * Polling an agency that answers later without calling back: workflow timers between short check activities, so no
 * activity slot is held while the agency decides (hours or days). Workflow code: same determinism rules as
 * life-event.workflow.ts (only `@temporalio/workflow` and `@simpul/contracts`); nothing here knows any agency's protocol.
 */
import { ApplicationFailure, patched, sleep } from '@temporalio/workflow';
import { AGENCY_ANSWER_TIMEOUT, AGENCY_POLLING, answerTimedOutMessage, type AgencyStepRequest, type AgencyStepResult, type LocalizedText, type StepDefinition } from '@simpul/contracts';

/**
 * Added with polled agencies (an adapter answering PENDING with a ticket). Histories recorded before never hold a
 * PENDING result, so they never reach this code; the marker records which histories polled.
 */
export const AGENCY_POLLING_PATCH = 'agency-polling';

type Check = (action: string, request: AgencyStepRequest) => Promise<AgencyStepResult>;
/** Which patches apply (versioning.ts's Patches); without it, as recorded. */
type PatchCheck = { has(id: string): boolean };
const asRecorded: PatchCheck = { has: (id) => patched(id) };

/** How long a step may wait for a polled answer: its answer timeout if asynchronous, else its SLA. */
export function answerTimeoutMs(step: StepDefinition, slaHourMs: number): number {
  return step.integration ? step.integration.callbackTimeoutHours * 3_600_000 : step.slaHours * slaHourMs;
}

/**
 * The agency's decision for a result that may be PENDING: sleeps (a durable timer), checks the ticket once (a short
 * activity), and again with growing intervals up to AGENCY_POLLING.maxIntervalSeconds, until the agency decides or
 * `timeoutMs` has passed (then fails with AGENCY_ANSWER_TIMEOUT, and the step is held for an operator).
 * `onPending` runs once, when the agency first answers PENDING (e.g. to tell the citizen the ticket was taken).
 */
export async function untilDecided(
  first: AgencyStepResult,
  request: AgencyStepRequest,
  timeoutMs: number,
  check: Check,
  onPending: (r: AgencyStepResult) => Promise<void>,
  patches: PatchCheck = asRecorded,
): Promise<AgencyStepResult> {
  if (first.outcome !== 'PENDING') return first;
  if (!patches.has(AGENCY_POLLING_PATCH)) throw ApplicationFailure.nonRetryable('a PENDING agency answer in a workflow that predates polling', AGENCY_ANSWER_TIMEOUT);
  await onPending(first);
  const deadline = Date.now() + timeoutMs;
  let intervalMs = AGENCY_POLLING.firstCheckSeconds * 1000;
  let result = first;
  while (result.outcome === 'PENDING') {
    const pending = result.pending;
    if (!pending) throw ApplicationFailure.nonRetryable(`step ${request.stepId}: the agency's answer is PENDING without a ticket`, AGENCY_ANSWER_TIMEOUT);
    const left = deadline - Date.now();
    if (left <= 0) {
      throw ApplicationFailure.nonRetryable(`step ${request.stepId}: no decision on ticket ${pending.ticket} within ${Math.round(timeoutMs / 60_000)} minutes`, AGENCY_ANSWER_TIMEOUT);
    }
    await sleep(Math.min(intervalMs, left));
    intervalMs = Math.min(intervalMs * AGENCY_POLLING.backoffCoefficient, AGENCY_POLLING.maxIntervalSeconds * 1000);
    result = await check(pending.checkAction, { ...request, input: { ticket: pending.ticket } });
  }
  return result;
}

/** What the citizen and the operator read on a step whose polled answer did not come in time; undefined for other errors. */
export function answerTimeoutMessage(step: StepDefinition, err: unknown): LocalizedText | undefined {
  if (!(err instanceof ApplicationFailure) || err.type !== AGENCY_ANSWER_TIMEOUT) return undefined;
  return answerTimedOutMessage(step, err.message);
}
