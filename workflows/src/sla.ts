/**
 * Per-step SLA timers. Workflow code: same determinism rules as life-event.workflow.ts (only `@temporalio/workflow`
 * and `@simpul/contracts`).
 */
import { CancellationScope, sleep } from '@temporalio/workflow';
import type { StepDefinition } from '@simpul/contracts';

type Breached = (step: StepDefinition, dueAt: Date) => Promise<void>;

/**
 * Escalates a step still open after its SLA (counted from the step's start); the timer is cancelled when the step ends.
 *
 * `eager` (before lean-history): every step starts its timer at once: a TIMER_STARTED and a TIMER_CANCELED event per
 * step, for steps that are over in milliseconds. Lean: a timer starts only once the step can wait: at once for an
 * asynchronous agency (its answer may take hours, invisible to the workflow until it comes), else when `waiting` is
 * called: an officer's decision, the citizen, an operator, a polled ticket, an agency that is down. It runs for what is
 * left of the SLA, so the escalation comes at the same time as an eager timer's would have.
 */
export class SlaWatch {
  private readonly arms = new Map<string, () => void>();

  constructor(
    private readonly enabled: () => boolean,
    private readonly eager: boolean,
    private readonly hourMs: number,
    private readonly breached: Breached,
  ) {}

  async around<T>(step: StepDefinition, work: () => Promise<T>): Promise<T> {
    if (!this.enabled()) return work();
    const dueMs = Date.now() + step.slaHours * this.hourMs;
    const watch = new CancellationScope();
    let timer: Promise<void> | undefined;
    const arm = () => {
      if (timer) return;
      const left = dueMs - Date.now();
      timer = left > 0 ? watch.run(() => sleep(left)).then(() => this.breached(step, new Date(dueMs)), () => undefined) : this.breached(step, new Date(dueMs));
    };
    if (this.eager || step.integration) arm();
    else this.arms.set(step.id, arm);
    try {
      return await work();
    } finally {
      this.arms.delete(step.id);
      watch.cancel();
      await timer;
    }
  }

  /** The step now waits for someone: its SLA timer starts, if it has not already (a no-op outside `around`). */
  waiting(stepId: string): void {
    this.arms.get(stepId)?.();
  }
}
