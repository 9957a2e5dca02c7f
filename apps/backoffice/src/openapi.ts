import type { completeDocument } from '@simpul/http';
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

/** What each outcome requires (DecisionDto's ValidateIf rules): a rejection says why, a question asks something. */
const REQUIRED_BY_OUTCOME: Record<(typeof DECISION_OUTCOMES)[number], string[]> = { APPROVE: [], REJECT: ['reason'], REQUEST_INFORMATION: ['message'] };

/** An officer's decision as `oneOf` one variant per outcome (discriminator `outcome`), each with its required fields. */
export function withDecisionVariants(doc: Doc): void {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  const base = schemas.DecisionDto;
  if (!base) return;
  const mapping: Record<string, string> = {};
  for (const outcome of DECISION_OUTCOMES) {
    const name = `Decision${outcome.split('_').map((w) => w.charAt(0) + w.slice(1).toLowerCase()).join('')}`;
    mapping[outcome] = `#/components/schemas/${name}`;
    const properties = { ...(base.properties as Record<string, Schema>), outcome: { type: 'string', enum: [outcome] } };
    schemas[name] = { ...base, properties, required: ['outcome', ...REQUIRED_BY_OUTCOME[outcome]] };
  }
  schemas.DecisionDto = { oneOf: Object.values(mapping).map(($ref) => ({ $ref })), discriminator: { propertyName: 'outcome', mapping } };
}
