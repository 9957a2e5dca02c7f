import { ApplicationFailure } from '@temporalio/common';
import type { AgencyConnection, AgencyProfile } from '@simpul/config';
import { AGENCY_REJECTION, type AgencyEvidence, type AgencyId, type AgencyRejectionDetails, type AgencyStepRequest, type AgencyStepResult } from '@simpul/contracts';
import { ADAPTERS } from './adapters';
import { agencyRejection, contractError, type AgencyExchange, type AgencyHttp, type AgencyReply, type AgencyResponse } from './agency-http.client';

/** Remembers the evidence of the last exchange an adapter made (the act, or the look-up that found it), for the step. */
class RecordingHttp implements AgencyHttp {
  evidence: AgencyEvidence | undefined;
  constructor(private readonly inner: AgencyHttp) {}
  async post<T>(path: string, request: AgencyStepRequest, action: string, body: Record<string, unknown>): Promise<AgencyResponse<T>> {
    const response = await this.inner.post<T>(path, request, action, body);
    this.evidence = response.evidence;
    return response;
  }
  async exchange(request: AgencyStepRequest, action: string, call: AgencyExchange): Promise<AgencyReply> {
    const reply = await this.inner.exchange(request, action, call);
    this.evidence = reply.evidence;
    return reply;
  }
}

const unused = (): Promise<never> => Promise.reject(new Error('unused'));
const NO_CONNECTION: AgencyConnection = { baseUrl: '', credentials: {}, apiVersion: '', defaultProfile: 'DIRECT' };

export function actionNames(agency: AgencyId): string[] {
  return Object.keys(ADAPTERS[agency](new RecordingHttp({ post: unused, exchange: unused }), NO_CONNECTION));
}

/** A business rejection carries the evidence of the exchange that brought it, like any answer. */
function withEvidence(err: unknown, evidence: AgencyEvidence | undefined): unknown {
  if (!evidence || !(err instanceof ApplicationFailure) || err.type !== AGENCY_REJECTION) return err;
  const details = err.details?.[0] as AgencyRejectionDetails | undefined;
  return details && !details.evidence ? agencyRejection(details.code, details.message, evidence) : err;
}

/** Runs one adapter action with the given transport, and attaches the evidence of the agency call to its result. */
export async function runAction(agency: AgencyId, name: string, http: AgencyHttp, request: AgencyStepRequest, connection: AgencyConnection = NO_CONNECTION): Promise<AgencyStepResult> {
  const recorder = new RecordingHttp(http);
  const action = ADAPTERS[agency](recorder, connection)[name];
  if (!action) throw new Error(`agency ${agency} has no action ${name}`);
  let result: AgencyStepResult;
  try {
    result = await action(request);
  } catch (err) {
    throw withEvidence(err, recorder.evidence);
  }
  if (!recorder.evidence) return result;
  return { ...result, evidence: { ...recorder.evidence, ...(result.reference ? { reference: result.reference } : {}) } };
}

/** The worker's ways to its agency: directly always, through the gateway when one is configured. */
export interface AgencyClients {
  DIRECT: AgencyHttp;
  GATEWAY?: AgencyHttp;
  /** The profile of a call whose step names none (SIMPUL_AGENCY_<ID>_MODE). */
  defaultProfile: AgencyProfile;
}

/** An adapter action run with the profile its step was started in (the connection lanes decide it). */
export type ProfiledActivities = Record<string, (request: AgencyStepRequest, profile?: AgencyProfile) => Promise<AgencyStepResult>>;

export function clientFor(clients: AgencyClients, profile: AgencyProfile = clients.defaultProfile): AgencyHttp {
  const client = clients[profile];
  if (!client) throw contractError(`this agency worker has no ${profile === 'GATEWAY' ? 'gateway configured (SIMPUL_GATEWAY_URL)' : 'direct connection'}`);
  return client;
}

/** The activities an agency worker registers on `agency.<id>`, each over the client of the profile it is given. */
export function agencyActivities(agency: AgencyId, clients: AgencyClients, connection: AgencyConnection): ProfiledActivities {
  return Object.fromEntries(
    actionNames(agency).map((name) => [name, (request: AgencyStepRequest, profile?: AgencyProfile) => runAction(agency, name, clientFor(clients, profile), request, connection)]),
  );
}
