import { AGENCY_NAMES, consentSteps, currentDefinition, type LifeEventDefinition, type LifeEventType, type LocalizedText } from '@simpul/contracts';
import { fieldProblem, validationProblem } from '@simpul/http';

/** What is stored per consent-gated step (applications.consents). */
export interface ConsentRecord {
  granted: boolean;
  decidedAt: string;
  revokedAt?: string;
}
export type ConsentRecords = Record<string, ConsentRecord>;

/**
 * The intake's `consents`: one yes/no per step of the life event that shares data beyond the life event itself.
 * A step left out is not consented to (privacy by default); a key that is not such a step, or a value that is not a
 * boolean, is refused, naming the field.
 */
export function consentsAtIntake(lifeEvent: LifeEventType, given: unknown, now: Date): ConsentRecords {
  const steps = consentSteps(currentDefinition(lifeEvent));
  const ids = steps.map((s) => s.id);
  if (given !== undefined && (given === null || typeof given !== 'object' || Array.isArray(given))) {
    throw fieldProblem('consents', `consents must be an object of step id to true/false (${ids.join(', ') || 'none for this life event'})`);
  }
  const errors: Array<{ field: string; message: string }> = [];
  for (const [key, value] of Object.entries((given ?? {}) as Record<string, unknown>)) {
    if (!ids.includes(key)) errors.push({ field: `consents.${key}`, message: `not a step of ${lifeEvent} that asks for consent (${ids.join(', ') || 'none'})` });
    else if (typeof value !== 'boolean') errors.push({ field: `consents.${key}`, message: 'must be true or false' });
  }
  if (errors.length) throw validationProblem(errors);
  const out: ConsentRecords = {};
  for (const id of ids) out[id] = { granted: (given as Record<string, boolean> | undefined)?.[id] === true, decidedAt: now.toISOString() };
  return out;
}

/** The workflow's view: step id → consented now. */
export const consentFlags = (records: ConsentRecords): Record<string, boolean> => Object.fromEntries(Object.entries(records).map(([k, v]) => [k, v.granted]));

export interface ConsentView {
  stepId: string;
  title: LocalizedText;
  agency: string;
  agencyName: string;
  granted: boolean;
  decidedAt: string;
  revokedAt: string | null;
}

/** Shown with the status: every consent-gated step, what the citizen decided and when they withdrew it. */
export function consentViews(def: LifeEventDefinition, records: ConsentRecords | null): ConsentView[] | null {
  if (!records) return null;
  return consentSteps(def)
    .filter((s) => records[s.id])
    .map((s) => ({
      stepId: s.id,
      title: s.title,
      agency: s.agency,
      agencyName: AGENCY_NAMES[s.agency],
      granted: records[s.id].granted,
      decidedAt: records[s.id].decidedAt,
      revokedAt: records[s.id].revokedAt ?? null,
    }));
}
