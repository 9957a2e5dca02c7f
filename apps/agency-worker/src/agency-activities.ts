import { ApplicationFailure } from '@temporalio/common';
import type { AgencyConnection } from '@simpul/config';
import { AGENCY_REJECTION, type AgencyEvidence, type AgencyId, type AgencyRejectionDetails, type AgencyStepRequest, type AgencyStepResult } from '@simpul/contracts';
import { ADAPTERS, type AgencyActivities } from './adapters';
import { agencyRejection, type AgencyExchange, type AgencyHttp, type AgencyReply, type AgencyResponse } from './agency-http.client';

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
const NO_CONNECTION: AgencyConnection = { baseUrl: '', credentials: {}, apiVersion: '' };

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

/** The activities an agency worker registers on `agency.<id>`. */
export function agencyActivities(agency: AgencyId, http: AgencyHttp, connection: AgencyConnection): AgencyActivities {
  return Object.fromEntries(actionNames(agency).map((name) => [name, (request: AgencyStepRequest) => runAction(agency, name, http, request, connection)]));
}
