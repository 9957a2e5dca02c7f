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

/** An application in one of these has ended: nothing changes it any more (retention counts from here). */
export const FINAL_APPLICATION_STATUSES: readonly ApplicationStatus[] = ['COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED'];
/** A step in one of these is done (its completion time is set); the others are open. */
export const FINAL_STEP_STATUSES: readonly StepStatus[] = ['COMPLETED', 'SKIPPED', 'REJECTED', 'FAILED', 'COMPENSATED'];
/** A step in one of these waits for a person (an officer or the citizen): a task in a work queue. */
export const OPEN_TASK_STATUSES = ['WAITING_FOR_OFFICER', 'WAITING_FOR_CITIZEN'] as const;

/** A message shown to the citizen, always in both languages. */
export interface LocalizedText {
  id: string;
  en: string;
}
