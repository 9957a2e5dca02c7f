/**
 * Compensation of a rejected, failed or cancelled application: completed steps are undone in reverse order, each by
 * its definition's compensation action. Workflow code: same determinism rules as life-event.workflow.ts.
 */
import { condition } from '@temporalio/workflow';
import type { IncidentResolution } from '@simpul/contracts';
import type { Run } from './run';
import { rejectionOf } from './status-publisher';

/**
 * Undoes completed steps in reverse order; a compensation that fails for good becomes an incident for a person: the
 * application waits (ACTION_REQUIRED) until an operator resolves it by hand at the agency, then goes on undoing.
 */
export async function compensate({ state, agency, status, inbox }: Run): Promise<void> {
  for (const step of [...state.completedOrder].reverse()) {
    if (!step.compensation) continue;
    const request = state.compensationRequest(step);
    try {
      const undone = await agency.call(step, step.compensation.action, request);
      await status.step(step, 'COMPENSATED', { reference: undone.reference, message: undone.message, ruleVersion: undone.ruleVersion, evidence: undone.evidence });
    } catch (err) {
      const incidentId = `${step.id}:compensation`;
      inbox.openIncidents.add(incidentId);
      await status.incidentOpened(incidentId, step, step.compensation.action, failureReason(err));
      await status.application('ACTION_REQUIRED');
      await condition(() => inbox.resolutions.has(incidentId));
      inbox.openIncidents.delete(incidentId);
      const resolution = inbox.resolutions.get(incidentId) as IncidentResolution;
      await status.incidentResolved(resolution);
    }
  }
}

/** The adapter's own words (e.g. "Disdukcapil answered HTTP 422 …"), not Temporal's wrapper ("Activity task failed"). */
function failureReason(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return rejectionOf(err)?.message.en ?? (cause instanceof Error ? cause.message : String(cause));
}
