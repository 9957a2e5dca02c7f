/**
 * What an operator can do to a running application: retry a step that failed for good, or cancel the application.
 * Workflow code: same determinism rules as life-event.workflow.ts (only `@temporalio/workflow` and `@simpul/contracts`).
 *
 * Both arrive as validated updates, so a request that no longer applies (the step is not failed, the application is
 * already finishing) is refused before it enters the history, and the operator sees why. Applications started before
 * OPERATOR_ACTIONS_PATCH refuse both: their code path ends a failed step FAILED and closes, and an update cannot
 * reopen a closed workflow (docs/operator-console.md explains the reset fallback for those).
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';
import { CANCEL_APPLICATION_UPDATE, RETRY_STEP_UPDATE, type CancellationRequest, type StepRetryRequest } from '@simpul/contracts';

export const OPERATOR_ACTIONS_PATCH = 'operator-actions';

export const retryStepUpdate = defineUpdate<{ accepted: true }, [StepRetryRequest]>(RETRY_STEP_UPDATE);
export const cancelApplicationUpdate = defineUpdate<{ accepted: true }, [CancellationRequest]>(CANCEL_APPLICATION_UPDATE);

const PREDATES = 'this application was started before operator actions existed; see docs/operator-console.md';

export class OperatorControls {
  /** Steps that failed for good and hold the application until an operator acts. */
  private readonly held = new Set<string>();
  private readonly retries = new Set<string>();
  private cancellation: CancellationRequest | undefined;
  /** Set once the outcome is decided (compensation or the final status under way): too late to cancel. */
  finishing = false;

  constructor(readonly enabled: boolean) {
    setHandler(retryStepUpdate, (r) => (this.retries.add(r.stepId), Promise.resolve({ accepted: true as const })), {
      validator: (r) => {
        if (!this.enabled) throw new Error(PREDATES);
        if (this.cancellation) throw new Error('the application is being cancelled');
        if (!this.held.has(r.stepId) || this.retries.has(r.stepId)) throw new Error(`step ${r.stepId} is not failed and waiting for an operator`);
      },
    });
    setHandler(cancelApplicationUpdate, (c) => {
        this.cancellation = c;
        return Promise.resolve({ accepted: true as const });
      }, {
      validator: (c: CancellationRequest) => {
        if (!this.enabled) throw new Error(PREDATES);
        if (!c.reason) throw new Error('a cancellation needs a reason');
        if (this.cancellation) throw new Error('the application is already being cancelled');
        if (this.finishing) throw new Error('the application is already finishing; it can no longer be cancelled');
      },
    });
  }

  get cancelled(): boolean {
    return this.cancellation !== undefined;
  }

  get heldCount(): number {
    return this.held.size;
  }

  /** Marks a failed step as held (synchronously, so concurrent failures count each other). */
  hold(stepId: string): void {
    this.held.add(stepId);
  }

  /** Waits for an operator: true to run the step again, false when the application was cancelled instead. */
  async release(stepId: string): Promise<boolean> {
    await condition(() => this.retries.has(stepId) || this.cancelled);
    this.held.delete(stepId);
    const retry = this.retries.delete(stepId);
    return retry && !this.cancelled;
  }
}
