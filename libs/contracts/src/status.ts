export const APPLICATION_STATUSES = [
  'SUBMITTED',
  'IN_PROGRESS',
  'ACTION_REQUIRED',
  'COMPLETED',
  'REJECTED',
  'FAILED',
  'CANCELLED',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const STEP_STATUSES = [
  'PENDING',
  'RUNNING',
  'WAITING_FOR_OFFICER',
  'WAITING_FOR_CITIZEN',
  'COMPLETED',
  'SKIPPED',
  'REJECTED',
  'FAILED',
  'COMPENSATED',
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const FINAL_APPLICATION_STATUSES: readonly ApplicationStatus[] = ['COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED'];

/** A message shown to the citizen, always in both languages. */
export interface LocalizedText {
  id: string;
  en: string;
}
