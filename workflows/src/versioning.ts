/**
 * Which code path an application takes, by the patches recorded in its history. Workflow code: same determinism rules
 * as life-event.workflow.ts (only `@temporalio/workflow` and `@simpul/contracts`).
 */
import { patched } from '@temporalio/workflow';

/**
 * Added with the lean-orchestration work (docs/benchmarks.md, "Round trips per birth"). An application started with
 * it records this one marker instead of one per earlier patch, and takes every earlier patch's new path: each marker
 * was a MARKER_RECORDED event and, since the SDK's core records the TemporalChangeVersion search attribute with each,
 * an UpsertWorkflowSearchAttributes event too (eight of each per birth). It also starts SLA timers only where a step
 * can wait (SlaWatch) and upserts the status search attribute only when it changes (StatusPublisher).
 * Checked first, once, at the start: histories recorded before it hold none of its marker there and replay through
 * the individual patches exactly as before.
 */
export const LEAN_HISTORY_PATCH = 'lean-history';

export class Patches {
  private constructor(readonly lean: boolean) {}

  /** Call once, first thing in the workflow: the lean-history marker leads a new history. */
  static atStart(): Patches {
    return new Patches(patched(LEAN_HISTORY_PATCH));
  }

  /** Whether the new path of patch `id` applies: always under lean-history, else as recorded (patched()). */
  has(id: string): boolean {
    return this.lean || patched(id);
  }
}
