/**
 * lifeEventWorkflow: one deterministic interpreter for every life-event definition.
 *
 * Determinism rules for workflow code (Temporal replays it from history):
 * - import only `@temporalio/workflow` and pure data/functions from `@simpul/contracts`;
 * - no I/O, no Node APIs; time comes from the workflow clock, randomness from nowhere;
 * - every side effect is an activity: agency calls on `agency.<id>`, status events on `orchestration`;
 * - a change in the commands this code issues for an existing definition version must be gated with `patched()`
 *   (versioning.ts) or shipped as a new definition version; the replay fixtures (test/fixtures/histories) must keep
 *   passing unchanged.
 *
 * The parts: run.ts (the run's parts, made at the start), run-state.ts (its state), handlers.ts (updates and the
 * signal), step-runner.ts (the step graph), agency-caller.ts and agency-polling.ts (agency calls), sla.ts,
 * operator-controls.ts, compensation.ts, status-publisher.ts; citizen texts in libs/contracts (workflow-texts.ts).
 */
import { ApplicationFailure, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { SearchAttributes, definitionFor, type LifeEventWorkflowInput, type LifeEventWorkflowResult } from '@simpul/contracts';
import { compensate } from './compensation';
import { openRun } from './run';
import { StepRunner } from './step-runner';

export { citizenResponseUpdate, consentRevokedSignal, officerDecisionUpdate, resolveIncidentUpdate } from './handlers';
export { AGENCY_OUTAGE_PATCH, BATCHED_STATUS_PATCH, CONSENT_PATCH, INFORMATION_REQUEST_PATCH, LOCAL_STATUS_PATCH, SLA_PATCH } from './versioning';

export async function lifeEventWorkflow(input: LifeEventWorkflowInput): Promise<LifeEventWorkflowResult> {
  const def = definitionFor(input.lifeEvent, input.definitionVersion);
  if (!def) throw ApplicationFailure.nonRetryable(`no definition ${input.lifeEvent} v${input.definitionVersion}`, 'UnknownDefinition');
  const run = openRun(input, def);
  const { patches, status, operator, state } = run;
  const steps = new StepRunner(run);

  // Lean: the orchestrator starts every workflow with its life event (initialSearchAttributes); older ones upsert it.
  if (!patches.lean || !workflowInfo().searchAttributes[SearchAttributes.lifeEvent]) upsertSearchAttributes({ [SearchAttributes.lifeEvent]: [input.lifeEvent] });
  await status.application('IN_PROGRESS');
  await Promise.all(def.steps.map((step) => status.step(step, 'PENDING')));
  await Promise.all(def.steps.map((step) => steps.run(step)));
  operator.finishing = true;
  if (state.stopped || operator.cancelled) await compensate(run);

  const result = state.result(operator.cancelled);
  await status.application(result.status, result.reason);
  await status.drained();
  return result;
}
