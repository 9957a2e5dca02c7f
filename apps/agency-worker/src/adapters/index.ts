import type { AgencyId, AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import type { AgencyConnection } from '@simpul/config';
import type { AgencyHttp } from '../agency-http.client';
import { createBpjsEmploymentAdapter } from './bpjs-employment.adapter';
import { createBpjsHealthAdapter } from './bpjs-health.adapter';
import { createCivilRegistryAdapter } from './civil-registry.adapter';
import { createCivilRegistryQueries } from './civil-registry-family.query';
import { createEducationAdapter } from './education.adapter';
import { createReligiousAffairsAdapter } from './religious-affairs.adapter';
import { createSocialAidAdapter } from './social-aid.adapter';
import { createSocialAidChangeActivities } from './social-aid-changes.activities';

export type AgencyActivities = Record<string, (request: AgencyStepRequest) => Promise<AgencyStepResult>>;

/** One adapter per agency (in one or more files); adapters never import each other. */
export const ADAPTERS: Record<AgencyId, (http: AgencyHttp, connection: AgencyConnection) => AgencyActivities> = {
  'civil-registry': createCivilRegistryAdapter,
  'bpjs-health': createBpjsHealthAdapter,
  // Kemensos: DTKS proposals polled by ticket (batch style); its changes service kept on the signed push contract.
  'social-aid': (http, connection) => ({ ...createSocialAidAdapter(http, connection), ...createSocialAidChangeActivities(http) }),
  'bpjs-employment': createBpjsEmploymentAdapter,
  education: createEducationAdapter,
  'religious-affairs': createReligiousAffairsAdapter,
};

/**
 * What an agency is asked for a pre-fill, outside any application (the civil registry's family card). They change
 * nothing at the agency; each takes its own query type, so they are registered beside the step actions, not among them.
 */
export type AgencyQueries = Record<string, (query: never) => Promise<unknown>>;
const QUERIES: Partial<Record<AgencyId, (http: AgencyHttp, connection: AgencyConnection) => AgencyQueries>> = {
  'civil-registry': createCivilRegistryQueries,
};

export function agencyQueries(agency: AgencyId, http: AgencyHttp, connection: AgencyConnection): AgencyQueries {
  return QUERIES[agency]?.(http, connection) ?? {};
}
