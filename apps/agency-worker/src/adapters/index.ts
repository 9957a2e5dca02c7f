import type { AgencyId, AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import type { AgencyHttpClient } from '../agency-http.client';
import { createBpjsHealthActivities } from './bpjs-health.activities';
import { createCivilRegistryActivities } from './civil-registry.activities';
import { createSocialAidActivities } from './social-aid.activities';

export type AgencyActivities = Record<string, (request: AgencyStepRequest) => Promise<AgencyStepResult>>;

/** One adapter per agency; adapters never import each other. */
export const ADAPTERS: Partial<Record<AgencyId, (http: AgencyHttpClient) => AgencyActivities>> = {
  'civil-registry': createCivilRegistryActivities,
  'bpjs-health': createBpjsHealthActivities,
  'social-aid': createSocialAidActivities,
};
