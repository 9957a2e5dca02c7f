/**
 * Which code path an application takes, by the patches recorded in its history. Workflow code: same determinism rules
 * as life-event.workflow.ts (only `@temporalio/workflow` and `@simpul/contracts`).
 */
import { patched, workflowInfo } from '@temporalio/workflow';

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

  /**
   * Call once, first thing in the workflow. A run started with `leanHistory` in its input is lean without a marker;
   * replaying one whose first task an older worker ran, the marker is there and patched() takes it (no new command),
   * else patched() is not called at all. Any other run: the lean-history marker leads a new history.
   */
  static atStart(input: { leanHistory?: boolean }): Patches {
    if (!input.leanHistory) return new Patches(patched(LEAN_HISTORY_PATCH));
    if (workflowInfo().unsafe.isReplaying) patched(LEAN_HISTORY_PATCH);
    return new Patches(true);
  }

  /**
   * Whether the new path of patch `id` applies: always under lean-history, else as recorded (patched()). Only for the
   * patches that predate lean-history (below): a patch added after it is checked with patched() itself, since lean
   * applications already running took its old path.
   */
  has(id: string): boolean {
    return this.lean || patched(id);
  }
}

/*
 * The patches of lifeEventWorkflow, oldest first. Each id is recorded in histories: never rename one, and keep each
 * `patches.has(...)` check where it is (the position of a patched() call is part of the workflow's commands).
 * OPERATOR_ACTIONS_PATCH is in operator-controls.ts, AGENCY_POLLING_PATCH in agency-polling.ts.
 */

/** Added after BIRTH v1 histories were recorded: per-step SLA timers. Old histories replay without them. */
export const SLA_PATCH = 'sla-escalation';
/**
 * Added with asynchronous agencies: a call first gets a few quick attempts; if the agency is still failing, the step
 * says "waiting for <agency>" and the call goes on without an attempt limit.
 */
export const AGENCY_OUTAGE_PATCH = 'agency-outage-notice';
/** Added with the benchmark: status events are published by local activities (see StatusPublisher). */
export const LOCAL_STATUS_PATCH = 'local-status-events';
/**
 * Added with the benchmark's second round: status events are queued and published in batches while the workflow goes
 * on, instead of one awaited local activity each (StatusPublishing `batched`). Checked only where LOCAL_STATUS_PATCH is.
 */
export const BATCHED_STATUS_PATCH = 'batched-status-events';
/**
 * Added with officer work queues: an officer may ask the citizen for information (REQUEST_INFORMATION); the step
 * waits for the citizen (WAITING_FOR_CITIZEN), then for an officer again. Gated at the start, like operator actions:
 * applications started before keep taking APPROVE and REJECT only.
 */
export const INFORMATION_REQUEST_PATCH = 'officer-information-request';
/**
 * Added with consent: a step that shares data beyond the life event (consentRequired) is SKIPPED, with the reason,
 * unless the citizen consented at intake and has not withdrawn it before the step starts. Applications filed before
 * consent was recorded (no `consents` in the input) run every step, as filed.
 */
export const CONSENT_PATCH = 'consent-gate';
