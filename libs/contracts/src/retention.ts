import { LIFE_EVENTS, type LifeEventType, type RetentionPolicy } from './life-events';
import { Topics } from './topics';

/**
 * How long personal data is kept, per life event (each life event's module says; see RetentionPolicy and
 * docs/security.md).
 */
export const RETENTION: Readonly<Record<LifeEventType, RetentionPolicy>> = Object.freeze(
  Object.fromEntries(LIFE_EVENTS.map((m) => [m.type, m.retention])) as Record<LifeEventType, RetentionPolicy>,
);

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
