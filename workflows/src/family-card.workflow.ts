import { proxyActivities } from '@temporalio/workflow';
import { AGENCY_CONTRACT_ERROR, AGENCY_REJECTION, FAMILY_CARD_ACTIVITY, TaskQueues, type FamilyCard, type FamilyCardQuery } from '@simpul/contracts';

/**
 * Reads one family card from the civil registry for a pre-fill. Someone waits for the answer (a facility's request, a
 * citizen's page), so it tries briefly and gives up: the caller then asks the family to type what was not filled in.
 * A read has no effect at the agency, so retrying it is always safe.
 */
const registry = proxyActivities<Record<typeof FAMILY_CARD_ACTIVITY, (query: FamilyCardQuery) => Promise<FamilyCard | null>>>({
  taskQueue: TaskQueues.agency('civil-registry'),
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumAttempts: 3, nonRetryableErrorTypes: [AGENCY_CONTRACT_ERROR, AGENCY_REJECTION] },
});

export async function familyCardWorkflow(query: FamilyCardQuery): Promise<FamilyCard | null> {
  return registry[FAMILY_CARD_ACTIVITY](query);
}
