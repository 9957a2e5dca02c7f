import { ActivityCancelledError, ActivityNotFoundError, type AsyncCompletionClient } from '@temporalio/client';
import type { AgencyId } from '@simpul/contracts';
import type { ContextLogger } from '@simpul/observability';
import type { PendingCallsRepository } from '@simpul/persistence';

/**
 * Keeps the activities of asynchronous steps alive while their agency works on them (calls the agency accepted with
 * a 202; a call registered but never accepted — its worker died first — is left to time out and be sent again). Each such activity has a short
 * heartbeat timeout (ASYNC_HEARTBEAT_TIMEOUT_SECONDS): a task lost before its call was registered — the worker killed
 * between picking it up and writing agency_pending_calls — then times out in about a minute and is sent again under
 * the same Idempotency-Key, instead of waiting for the callback timeout (hours). Every registered call is heartbeated
 * here by whichever workers of its agency are up, so a registered call survives the death of the worker that sent it.
 */
export class PendingCallHeartbeats {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly agency: AgencyId,
    private readonly pending: PendingCallsRepository,
    private readonly completion: AsyncCompletionClient,
    private readonly intervalMs: number,
    private readonly log: ContextLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  start(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.beat().then(() => undefined).finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One round over the calls waiting now; returns how many were heartbeated. */
  async beat(): Promise<number> {
    let alive = 0;
    try {
      for (const call of await this.pending.waiting(this.agency)) {
        const token = new Uint8Array(call.task_token);
        try {
          await this.completion.heartbeat(token);
          alive++;
        } catch (err) {
          if (err instanceof ActivityNotFoundError) {
            await this.pending.abandoned(call.idempotency_key, call.task_token);
          } else if (err instanceof ActivityCancelledError) {
            await this.completion.reportCancellation(token);
            await this.pending.abandoned(call.idempotency_key, call.task_token);
          } else {
            throw err;
          }
        }
      }
    } catch (err) {
      // PostgreSQL or Temporal unreachable: the next round tries again; the heartbeat timeout leaves a minute's slack.
      this.log.warn('heartbeating waiting agency calls failed; retrying next round', { agency: this.agency, error: err instanceof Error ? err.message : String(err) });
    }
    return alive;
  }
}
