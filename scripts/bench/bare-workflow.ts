/**
 * The baseline of the benchmark: the birth step graph (civil-registry, then bpjs-health and social-aid in parallel)
 * as a plain Temporal workflow with no-op activities, started directly by a client. No Kafka, no outbox, no HTTP, no
 * status events, no projection: what Temporal alone costs for the same shape on the same server.
 */
import { proxyActivities } from '@temporalio/workflow';

export interface BareActivities {
  registerBirth(applicationId: string): Promise<string>;
  enrolNewborn(applicationId: string): Promise<string>;
  assessFamily(applicationId: string): Promise<string>;
}

const agency = proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds', retry: { initialInterval: '500 ms' } });

export async function bareBirthWorkflow(applicationId: string): Promise<string[]> {
  const certificate = await agency.registerBirth(applicationId);
  const [card, assessment] = await Promise.all([agency.enrolNewborn(applicationId), agency.assessFamily(applicationId)]);
  return [certificate, card, assessment];
}
