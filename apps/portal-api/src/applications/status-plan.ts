import { FINAL_STEP_STATUSES, type LifeEventDefinition, type StepStatus } from '@simpul/contracts';

export interface StepProgress {
  status: StepStatus;
  startedAt: Date | null;
  completedAt: Date | null;
}

export interface StepPlan {
  /** When the step is due: its start (or its predecessors' expected end) plus its SLA; null once it has ended. */
  expectedBy: Date | null;
  /** The step is still open after its due time. */
  overdue: boolean;
}

/**
 * Expected dates from the definition's step graph and each step's SLA. A step that ended ended when it did; a started
 * step is due `slaHours` after it started (an overdue step is taken to end no earlier than now); a step not yet started
 * starts when the last of its predecessors is expected to end (the application's creation for a first step) and is
 * due `slaHours` later. `hourMs` is the length of an SLA hour (compressed in tests and demos, as the workflow's timers).
 */
export function planSteps(
  def: LifeEventDefinition,
  progress: ReadonlyMap<string, StepProgress>,
  createdAt: Date,
  now: Date,
  hourMs: number,
): Map<string, StepPlan> {
  const plans = new Map<string, StepPlan>();
  const ends = new Map<string, number>();
  const endOf = (stepId: string, seen: Set<string>): number => {
    const known = ends.get(stepId);
    if (known !== undefined) return known;
    const step = def.steps.find((s) => s.id === stepId);
    if (!step || seen.has(stepId)) return createdAt.getTime();
    seen.add(stepId);
    const row = progress.get(stepId);
    const slaMs = step.slaHours * hourMs;
    let end: number;
    if (row && FINAL_STEP_STATUSES.includes(row.status)) {
      end = (row.completedAt ?? now).getTime();
      plans.set(stepId, { expectedBy: null, overdue: false });
    } else if (row && row.status !== 'PENDING' && row.startedAt) {
      const due = row.startedAt.getTime() + slaMs;
      end = Math.max(due, now.getTime());
      plans.set(stepId, { expectedBy: new Date(due), overdue: due < now.getTime() });
    } else {
      const start = Math.max(createdAt.getTime(), ...step.dependsOn.map((dep) => endOf(dep, seen)));
      end = start + slaMs;
      plans.set(stepId, { expectedBy: new Date(end), overdue: end < now.getTime() });
    }
    ends.set(stepId, end);
    return end;
  };
  for (const step of def.steps) endOf(step.id, new Set());
  return plans;
}

/** The latest due time of the steps still open: when the whole application is expected to be done. */
export function expectedCompletion(plans: ReadonlyMap<string, StepPlan>): Date | null {
  let latest: number | null = null;
  for (const plan of plans.values()) {
    if (plan.expectedBy && (latest === null || plan.expectedBy.getTime() > latest)) latest = plan.expectedBy.getTime();
  }
  return latest === null ? null : new Date(latest);
}
