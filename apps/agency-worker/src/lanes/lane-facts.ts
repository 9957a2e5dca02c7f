import { definitionFor, type LifeEventType, type StepDefinition } from '@simpul/contracts';
import type { ApplicationContextRepository } from '@simpul/persistence';

export interface ApplicationFacts {
  /** The family card's regency (its KK number's first 4 digits), where the regional offices are. */
  regencyCode: string;
  step: StepDefinition | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a step's lane depends on, read from the application's row (portal-api's intake wrote it before the workflow
 * started). Undefined for a call outside any stored application (an adapter exercised on its own): no lane then.
 */
export async function applicationFacts(applications: ApplicationContextRepository, applicationId: string, stepId: string): Promise<ApplicationFacts | undefined> {
  if (!UUID.test(applicationId)) return undefined;
  const row = await applications.laneRow(applicationId);
  if (!row) return undefined;
  return { regencyCode: row.regency ?? '', step: definitionFor(row.life_event as LifeEventType, row.definition_version)?.steps.find((s) => s.id === stepId) };
}
