import { consentSteps, currentDefinitions, type LifeEventDefinition } from '@simpul/contracts';
import type { completeDocument } from '@simpul/http';

type Doc = ReturnType<typeof completeDocument>;
type Schema = Record<string, unknown>;

/** portal-api's operations that can answer 409 (a state that does not allow it, a limit reached). */
export const PORTAL_CONFLICTS = ['POST /v1/applications/{id}/responses', 'POST /v1/webhooks', 'POST /v1/health-facility-events', 'POST /v1/application-drafts/{id}/confirmation'];

/** Simpul's formats, for OpenAPI tools: their syntax as a pattern (the format name and description say the rest). */
const FORMAT_PATTERNS: Record<string, Schema> = {
  nik: { pattern: '^[0-9]{16}$' },
  'nik-female': { pattern: '^[0-9]{16}$' },
  kk: { pattern: '^[0-9]{16}$' },
  'region-code': { pattern: '^[0-9]{6}$' },
  'past-date': { pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
  date: { pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
};

function forOpenApi(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forOpenApi);
  if (!schema || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, forOpenApi(v)])) as Schema;
  const extra = typeof out.format === 'string' ? FORMAT_PATTERNS[out.format] : undefined;
  return extra ? { ...out, ...extra } : out;
}

/**
 * The submission's body per life event, from the catalog's own schemas (the ones POST /v1/applications validates
 * with): `oneOf` one variant per life event, told apart by `lifeEvent` (discriminator), each with its `data` schema
 * and its consent steps.
 */
export function withLifeEventSchemas(doc: Doc): void {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  const base = schemas.SubmitApplicationDto;
  if (!base) return;
  const mapping: Record<string, string> = {};
  for (const def of currentDefinitions()) {
    const name = `Submit${def.type.charAt(0)}${def.type.slice(1).toLowerCase()}Application`;
    mapping[def.type] = `#/components/schemas/${name}`;
    schemas[name] = variant(base, def);
  }
  schemas.SubmitApplicationDto = { oneOf: Object.values(mapping).map(($ref) => ({ $ref })), discriminator: { propertyName: 'lifeEvent', mapping } };
}

function variant(base: Schema, def: LifeEventDefinition): Schema {
  const properties = { ...(base.properties as Record<string, Schema>) };
  const steps = consentSteps(def).map((s) => s.id);
  return {
    ...base,
    description: `${def.title.en} (${def.title.id}), definition version ${def.version}`,
    properties: {
      ...properties,
      lifeEvent: { type: 'string', enum: [def.type] },
      data: forOpenApi(def.dataSchema),
      consents: { ...properties.consents, type: 'object', additionalProperties: false, properties: Object.fromEntries(steps.map((id) => [id, { type: 'boolean' }])) },
    },
  };
}
