import type { AgencyId, AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import type { AgencyEvidence } from '@simpul/contracts';
import { ADAPTERS, type AgencyActivities } from './adapters';
import type { AgencyHttp, AgencyResponse } from './agency-http.client';

/** Remembers the evidence of the call an adapter made, so it is kept with the step. */
class RecordingHttp implements AgencyHttp {
  evidence: AgencyEvidence | undefined;
  constructor(private readonly inner: AgencyHttp) {}
  async post<T>(path: string, request: AgencyStepRequest, action: string, body: Record<string, unknown>): Promise<AgencyResponse<T>> {
    const response = await this.inner.post<T>(path, request, action, body);
    this.evidence = response.evidence;
    return response;
  }
}

export function actionNames(agency: AgencyId): string[] {
  return Object.keys(ADAPTERS[agency](new RecordingHttp({ post: () => Promise.reject(new Error('unused')) })));
}

/** Runs one adapter action with the given transport, and attaches the evidence of the agency call to its result. */
export async function runAction(agency: AgencyId, name: string, http: AgencyHttp, request: AgencyStepRequest): Promise<AgencyStepResult> {
  const recorder = new RecordingHttp(http);
  const action = ADAPTERS[agency](recorder)[name];
  if (!action) throw new Error(`agency ${agency} has no action ${name}`);
  const result = await action(request);
  return recorder.evidence ? { ...result, evidence: recorder.evidence } : result;
}

/** The activities an agency worker registers on `agency.<id>`. */
export function agencyActivities(agency: AgencyId, http: AgencyHttp): AgencyActivities {
  return Object.fromEntries(actionNames(agency).map((name) => [name, (request: AgencyStepRequest) => runAction(agency, name, http, request)]));
}
