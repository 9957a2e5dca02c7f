import type { completeDocument } from '@simpul/http';
import { CONNECTION_PROFILES, type ConnectionMode } from '@simpul/persistence';
import { DECISION_OUTCOMES } from './tasks/dto/decision.dto';

type Doc = ReturnType<typeof completeDocument>;
type Schema = Record<string, unknown>;

/** The back office's operations that can answer 409: an action on a task, step, incident or dead letter that no longer applies. */
export const BACKOFFICE_CONFLICTS = [
  'POST /v1/tasks/{id}/claim',
  'POST /v1/tasks/{id}/release',
  'POST /v1/tasks/{id}/decision',
  'POST /v1/operator/applications/{id}/steps/{stepId}/retry',
  'POST /v1/operator/applications/{id}/cancel',
  'POST /v1/operator/applications/{id}/notifications/{seq}/resend',
  'POST /v1/operator/applications/{id}/incidents/{incidentId}/resolve',
  'POST /v1/operator/dead-letters/replay',
  'POST /v1/operator/dead-letters/{id}/replay',
  'POST /v1/operator/dead-letters/{id}/discard',
];

/**
 * A body whose rules depend on one field (class-validator's ValidateIf, a controller's cross-field check) as `oneOf`
 * one variant per value of that field, with a discriminator: each variant pins the field, adds its own required fields
 * and overrides properties, so the document says exactly what the server accepts.
 */
function withVariants(doc: Doc, dto: string, field: string, variants: Record<string, { required?: string[]; properties?: Record<string, Schema> }>): void {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  const base = schemas[dto];
  if (!base) return;
  const mapping: Record<string, string> = {};
  for (const [value, variant] of Object.entries(variants)) {
    const name = `${dto.replace(/Dto$/, '')}${value.split('_').map((w) => w.charAt(0) + w.slice(1).toLowerCase()).join('')}`;
    mapping[value] = `#/components/schemas/${name}`;
    const properties = { ...(base.properties as Record<string, Schema>), ...variant.properties, [field]: { type: 'string', enum: [value] } };
    schemas[name] = { ...base, properties, required: [...new Set([...((base.required as string[]) ?? []), field, ...(variant.required ?? [])])] };
  }
  schemas[dto] = { oneOf: Object.values(mapping).map(($ref) => ({ $ref })), discriminator: { propertyName: field, mapping } };
}

/** An officer's decision: a rejection says why, a question asks something (DecisionDto's ValidateIf rules). */
const DECISION_VARIANTS = { APPROVE: {}, REJECT: { required: ['reason'] }, REQUEST_INFORMATION: { required: ['message'] } } satisfies Record<(typeof DECISION_OUTCOMES)[number], object>;

/** A connection's profile is for API rows only (ConnectionsController refuses it on the others). */
const NO_PROFILE = { properties: { profile: { nullable: true, enum: [null], description: 'none: a connection profile is for API rows only' } } };
/** On an API row, null is the worker's configured profile (OpenAPI 3.0: a nullable enum lists null itself). */
const API_PROFILE = { properties: { profile: { type: 'string', nullable: true, enum: [...CONNECTION_PROFILES, null], description: 'DIRECT (the agency itself) or GATEWAY (through SPLP); absent or null: as the agency worker is configured' } } };
const CONNECTION_VARIANTS = { API: API_PROFILE, MANUAL: NO_PROFILE, UNAVAILABLE: NO_PROFILE } satisfies Record<ConnectionMode, object>;

/** The back office's document with the bodies whose rules depend on one field written as variants. */
export function withBodyVariants(doc: Doc): void {
  withVariants(doc, 'DecisionDto', 'outcome', DECISION_VARIANTS);
  withVariants(doc, 'SetConnectionDto', 'mode', CONNECTION_VARIANTS);
}
