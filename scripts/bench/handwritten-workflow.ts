/**
 * The second baseline of the benchmark: the birth as someone would write it by hand on Temporal, without Simpul.
 * Same step graph as BIRTH v3 (civil-registry, then bpjs-health and social-aid in parallel; the late-report check is a
 * date comparison, no command, as the pipeline skips it for an on-time birth), same agency calls in the agencies' own
 * protocols (handwritten-worker.ts), Kemensos's ticket polled with workflow timers on the same schedule as Simpul's
 * (AGENCY_POLLING: first check after 2 s, then doubling). No status events, no search attributes, no SLA timers,
 * no patches, no payload codec: what the agency work costs on Temporal alone.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';

export interface BirthData {
  motherNik: string;
  fatherNik?: string;
  kkNumber: string;
  child: { name: string; sex: 'F' | 'M'; birthDate: string; birthPlace: string };
}

export interface Registration {
  certificate: string;
  childNik: string;
  kkNumber: string;
}

export interface HandwrittenActivities {
  registerBirth(ref: string, data: BirthData): Promise<Registration>;
  enrolNewborn(motherNik: string, registration: Registration): Promise<string>;
  proposeFamilyMember(ref: string, registration: Registration): Promise<string>;
  /** The proposal's registration number once Kemensos decided, undefined while it has not. */
  checkProposal(ticket: string): Promise<string | undefined>;
}

const agency = proxyActivities<HandwrittenActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['AgencyRejection'] },
});

const FIRST_CHECK_MS = 2_000;
const MAX_CHECK_MS = 300_000;

async function assessFamily(ref: string, registration: Registration): Promise<string> {
  const ticket = await agency.proposeFamilyMember(ref, registration);
  for (let wait = FIRST_CHECK_MS; ; wait = Math.min(wait * 2, MAX_CHECK_MS)) {
    await sleep(wait);
    const decided = await agency.checkProposal(ticket);
    if (decided) return decided;
  }
}

export async function handwrittenBirthWorkflow(applicationId: string, data: BirthData): Promise<string[]> {
  const registration = await agency.registerBirth(`${applicationId}:register-birth`, data);
  const [card, assessment] = await Promise.all([agency.enrolNewborn(data.motherNik, registration), assessFamily(`${applicationId}:assess-family`, registration)]);
  return [registration.certificate, card, assessment];
}
