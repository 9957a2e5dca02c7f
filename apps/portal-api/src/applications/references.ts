import { AGENCY_NAMES, REFERENCE_LABELS, type AgencyId, type LocalizedText, type StepStatus } from '@simpul/contracts';

export interface ReferenceView {
  key: string;
  label: LocalizedText;
  value: string;
  stepId: string;
  agency: AgencyId;
  agencyName: string;
  /** `false` when the step was undone afterwards (compensated): the number is no longer valid. */
  valid: boolean;
}

/** The references a step issued, in the order of REFERENCE_LABELS (the life events' modules, @simpul/contracts). */
export function referencesOf(step: { stepId: string; agency: AgencyId; status: StepStatus; outputs: Record<string, string> }): ReferenceView[] {
  return Object.keys(REFERENCE_LABELS)
    .filter((key) => typeof step.outputs[key] === 'string' && step.outputs[key] !== '')
    .map((key) => ({
      key,
      label: REFERENCE_LABELS[key],
      value: step.outputs[key],
      stepId: step.stepId,
      agency: step.agency,
      agencyName: AGENCY_NAMES[step.agency],
      valid: step.status !== 'COMPENSATED',
    }));
}
