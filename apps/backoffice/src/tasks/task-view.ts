import { definitionFor, selectStepInput, type LifeEventType } from '@simpul/contracts';
import type { TaskRow } from './tasks.repository';

export function taskId(applicationId: string, stepId: string): string {
  return `${applicationId}:${stepId}`;
}

const NIK_RUN = /\b\d{16}\b/g;

/** A NIK or KK number keeps its last four digits (enough to tell two apart at a counter), the rest is starred. */
export function maskNiks(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(NIK_RUN, (m) => `${'*'.repeat(12)}${m.slice(-4)}`);
  if (Array.isArray(value)) return value.map(maskNiks);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskNiks(v)]));
  return value;
}

/**
 * Field-level masking: the officer sees only what the step's definition declares as its inputs (the same selection
 * the agency receives, `selectStepInput`), with NIKs partially masked; the rest of the application stays hidden.
 */
export function stepData(row: Pick<TaskRow, 'life_event' | 'definition_version' | 'step_id'>, data: Record<string, unknown>, outputs: Record<string, Record<string, string>>): Record<string, unknown> {
  const def = definitionFor(row.life_event as LifeEventType, row.definition_version);
  const step = def?.steps.find((s) => s.id === row.step_id);
  if (!step) return {};
  return maskNiks(selectStepInput(step, data, outputs)) as Record<string, unknown>;
}

export function taskSummary(row: TaskRow, now: Date) {
  const dueAt = row.due_at ? new Date(row.due_at) : null;
  return {
    id: taskId(row.application_id, row.step_id),
    applicationId: row.application_id,
    stepId: row.step_id,
    agency: row.agency,
    lifeEvent: row.life_event,
    status: row.status,
    reference: row.reference,
    waitingSince: new Date(row.updated_at).toISOString(),
    dueAt: dueAt ? dueAt.toISOString() : null,
    overdue: dueAt ? dueAt.getTime() <= now.getTime() : false,
    claim: row.claimed_by && row.claim_expires_at ? { officerId: row.claimed_by, expiresAt: new Date(row.claim_expires_at).toISOString() } : null,
  };
}
