import type { LifeEventType } from './life-events';
import { Topics } from './topics';

/**
 * How long personal data is kept, per life event, counted from the day the application ended (COMPLETED, REJECTED,
 * FAILED or CANCELLED). After that the retention job (backoffice) deletes the workflow history from Temporal and
 * anonymises the read model: the application's data, step outputs and references, event payloads and webhook
 * payloads go; ids, statuses, times and consents stay (statistics, proof of what was done, the audit trail).
 *
 * - `historyDays`: the Temporal workflow history (encrypted, but holding everything the agencies were sent);
 *   operators need it to investigate and replay, so it is kept a while after the end.
 * - `readModelDays`: what the citizen and the portal read (status, certificate numbers); citizens come back for
 *   their references, so this is kept longer.
 * Agencies keep their own records under their own law; this is only Simpul's copy. See docs/security.md.
 */
export interface RetentionPolicy {
  historyDays: number;
  readModelDays: number;
  /**
   * Life events a health facility can notify (docs/health-facility-events.md): days a draft waits for the family to
   * confirm it, counted from the event; then it expires and its data is deleted. The reporting deadline, after which a
   * report needs an officer's verification anyway.
   */
  draftDays?: number;
}

export const RETENTION: Record<LifeEventType, RetentionPolicy> = {
  BIRTH: { historyDays: 90, readModelDays: 365, draftDays: 60 },
  DEATH: { historyDays: 90, readModelDays: 365, draftDays: 30 },
  RELOCATION: { historyDays: 60, readModelDays: 180 },
  SCHOLARSHIP: { historyDays: 90, readModelDays: 365 },
};

/**
 * Kafka topics hold personal data only sealed (see libs/crypto), and only as long as a consumer may need to
 * re-read it; the DLQ a little longer, for an operator to look at what was refused.
 */
export const TOPIC_RETENTION_DAYS: Record<string, number> = {
  [Topics.submitted]: 7,
  [Topics.status]: 7,
  [Topics.notifications]: 7,
  [Topics.deadLetters]: 14,
};
