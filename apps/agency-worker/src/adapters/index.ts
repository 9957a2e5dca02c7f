import type { AgencyId, AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import type { AgencyHttp } from '../agency-http.client';
import { createBpjsEmploymentActivities } from './bpjs-employment.activities';
import { createBpjsHealthActivities } from './bpjs-health.activities';
import { createBpjsHealthChangeActivities } from './bpjs-health-changes.activities';
import { createCivilRegistryActivities } from './civil-registry.activities';
import { createCivilRegistryLifeEventActivities } from './civil-registry-life-events.activities';
import { createEducationActivities } from './education.activities';
import { createSocialAidActivities } from './social-aid.activities';
import { createSocialAidChangeActivities } from './social-aid-changes.activities';

export type AgencyActivities = Record<string, (request: AgencyStepRequest) => Promise<AgencyStepResult>>;

/** One adapter per agency (in one or more files); adapters never import each other. */
export const ADAPTERS: Record<AgencyId, (http: AgencyHttp) => AgencyActivities> = {
  'civil-registry': (http) => ({ ...createCivilRegistryActivities(http), ...createCivilRegistryLifeEventActivities(http) }),
  'bpjs-health': (http) => ({ ...createBpjsHealthActivities(http), ...createBpjsHealthChangeActivities(http) }),
  'social-aid': (http) => ({ ...createSocialAidActivities(http), ...createSocialAidChangeActivities(http) }),
  'bpjs-employment': createBpjsEmploymentActivities,
  education: createEducationActivities,
};
