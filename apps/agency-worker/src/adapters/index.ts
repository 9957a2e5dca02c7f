import type { AgencyId, AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import type { AgencyConnection } from '@simpul/config';
import type { AgencyHttp } from '../agency-http.client';
import { createBpjsEmploymentAdapter } from './bpjs-employment.adapter';
import { createBpjsHealthAdapter } from './bpjs-health.adapter';
import { createCivilRegistryAdapter } from './civil-registry.adapter';
import { createEducationAdapter } from './education.adapter';
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
};
