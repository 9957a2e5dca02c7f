/**
 * What "nothing accepted is lost or done twice" means, measured: final states, the read model's event sequences,
 * the sandbox agencies' records, consumer lag, the outbox and the dead-letter topic.
 */
import type { DataSource } from 'typeorm';
import { DEFINITIONS, Topics } from '@simpul/contracts';
import { type KafkaAdmin, type KafkaClient } from '@simpul/messaging';

/** The consumer groups of the system and their topics (group ids carry the configured prefix, `simpul` by default). */
export const consumers = (prefix: string) => [
  { groupId: `${prefix}.orchestrator`, topic: Topics.submitted },
  { groupId: `${prefix}.status-projector`, topic: Topics.status },
];

export type Records = Record<string, Record<string, number>>;

export async function sandboxRecords(sandboxUrl: string, adminKey: string): Promise<Records> {
  const res = await fetch(`${sandboxUrl}/admin/records`, { headers: { 'X-Admin-Key': adminKey }, signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`sandbox records: ${res.status}`);
  return (await res.json()) as Records;
}

export function recordsDelta(before: Records, after: Records): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [agency, counts] of Object.entries(after)) {
    for (const [what, n] of Object.entries(counts)) out[`${agency}.${what}`] = n - (before[agency]?.[what] ?? 0);
  }
  return out;
}

export async function statusCounts(ds: DataSource, ids: string[]): Promise<Record<string, number>> {
  const rows: Array<{ status: string; n: number }> = await ds.query('SELECT status, count(*)::int AS n FROM applications WHERE id = ANY($1::uuid[]) GROUP BY status', [ids]);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export interface EventCheck {
  /** Applications whose events are not exactly seq 1..max, each once, ending in the final status event. */
  broken: Array<{ id: string; events: number; distinct: number; min: number; max: number; last: string | null }>;
  /** How many events each application has, e.g. { "11": 120 }. */
  perApplication: Record<string, number>;
  total: number;
}

export async function eventSequences(ds: DataSource, ids: string[], finalStatus: string): Promise<EventCheck> {
  const rows: Array<{ id: string; events: number; distinct: number; min: number; max: number; last: string | null }> = await ds.query(
    `SELECT a.id, count(e.seq)::int AS events, count(DISTINCT e.seq)::int AS distinct, coalesce(min(e.seq), 0)::int AS min,
            coalesce(max(e.seq), 0)::int AS max,
            (SELECT l.type || ':' || (l.payload->>'status') FROM application_events l WHERE l.application_id = a.id ORDER BY l.seq DESC LIMIT 1) AS last
       FROM applications a LEFT JOIN application_events e ON e.application_id = a.id
      WHERE a.id = ANY($1::uuid[]) GROUP BY a.id`,
    [ids],
  );
  const broken = rows.filter((r) => r.min !== 1 || r.events !== r.max || r.distinct !== r.max || r.last !== `ApplicationStatusChanged:${finalStatus}`);
  const perApplication: Record<string, number> = {};
  for (const r of rows) perApplication[r.events] = (perApplication[r.events] ?? 0) + 1;
  return { broken: broken.concat(ids.length > rows.length ? [{ id: 'missing rows', events: 0, distinct: 0, min: 0, max: 0, last: null }] : []), perApplication, total: rows.reduce((s, r) => s + r.events, 0) };
}

export interface SideEffectCheck {
  /**
   * Applications for which each agency acted exactly once: one birth certificate with the application's reference at
   * the civil registry, one membership of the child's NIK at BPJS Kesehatan, one DTKS proposal (usulan) with the
   * application's reference at Kemensos.
   */
  oncePerAgency: number;
  /** Applications with more than one answer at some agency (an act done twice under different keys). */
  duplicated: number;
  /** The records those answers name, found in each agency's own tables. */
  certificates: number;
  distinctChildNiks: number;
  members: number;
  assessments: number;
}

/**
 * Per application: each sandbox agency has exactly one stored answer (the act and its answer commit together), the
 * certificate, membership and assessment it names exist, and no two applications share a child NIK.
 */
export async function sideEffects(ds: DataSource, ids: string[]): Promise<SideEffectCheck> {
  const [row]: Array<SideEffectCheck> = await ds.query(
    `WITH base AS (
       SELECT o.id, (SELECT count(*) FROM sandbox_civil_registry.birth_certificates c WHERE c.client_ref = o.id || ':register-birth') AS cr,
              (SELECT count(*) FROM sandbox_social_aid.usulan u WHERE u.ref_pengirim = o.id || ':assess-family') AS sa,
              (SELECT c.akta_number FROM sandbox_civil_registry.birth_certificates c WHERE c.client_ref = o.id || ':register-birth' LIMIT 1) AS akta,
              (SELECT c.child_nik FROM sandbox_civil_registry.birth_certificates c WHERE c.client_ref = o.id || ':register-birth' LIMIT 1) AS nik,
              (SELECT u.no_tiket FROM sandbox_social_aid.usulan u WHERE u.ref_pengirim = o.id || ':assess-family' LIMIT 1) AS assessment
         FROM unnest($1::text[]) AS o(id)),
     -- BPJS Kesehatan keeps no keys (bridging style): one membership of the child's NIK is its one act.
     per AS (SELECT b.*, (SELECT count(*) FROM sandbox_bpjs_health.members m WHERE m.nik = b.nik) AS bh FROM base b)
     SELECT count(*) FILTER (WHERE cr = 1 AND bh = 1 AND sa = 1)::int AS "oncePerAgency",
            count(*) FILTER (WHERE cr > 1 OR bh > 1 OR sa > 1)::int AS duplicated,
            (SELECT count(*) FROM sandbox_civil_registry.birth_certificates c JOIN per p ON c.akta_number = p.akta AND c.child_nik = p.nik)::int AS certificates,
            count(DISTINCT nik)::int AS "distinctChildNiks",
            (SELECT count(*) FROM sandbox_bpjs_health.members m JOIN per p ON m.nik = p.nik)::int AS members,
            (SELECT count(*) FROM sandbox_social_aid.usulan u JOIN per p ON u.no_tiket = p.assessment)::int AS assessments
       FROM per`,
    [ids],
  );
  return row;
}

/** Step ids that run in asynchronous mode (202 now, signed callback later) in some life-event definition. */
export const ASYNC_STEPS = [...new Set(DEFINITIONS.flatMap((d) => d.steps.filter((st) => st.integration?.mode === 'async').map((st) => st.id)))];

/**
 * Applications stalled on a lost asynchronous activity task: not final, and every unfinished step is an asynchronous
 * one that has been RUNNING for over a minute without its call ever being registered (no agency_pending_calls row).
 * The heartbeat timeout of asynchronous activities resends such a call within about a minute, so at the end of a
 * drained run this must be empty.
 */
export async function stalledAsync(ds: DataSource, ids: string[]): Promise<string[]> {
  const rows: Array<{ id: string }> = await ds.query(
    `SELECT a.id FROM applications a
      WHERE a.id = ANY($1::uuid[]) AND a.status NOT IN ('COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED')
        AND EXISTS (SELECT 1 FROM application_steps s WHERE s.application_id = a.id AND s.status NOT IN ('COMPLETED', 'SKIPPED', 'REJECTED', 'FAILED', 'COMPENSATED'))
        AND NOT EXISTS (
          SELECT 1 FROM application_steps s
           WHERE s.application_id = a.id AND s.status NOT IN ('COMPLETED', 'SKIPPED', 'REJECTED', 'FAILED', 'COMPENSATED')
             AND NOT (s.step_id = ANY($2) AND s.status = 'RUNNING' AND s.updated_at < now() - interval '60 seconds'
                      AND NOT EXISTS (SELECT 1 FROM agency_pending_calls p WHERE p.idempotency_key LIKE a.id || ':' || s.step_id || ':%')))`,
    [ids, ASYNC_STEPS],
  );
  return rows.map((r) => r.id);
}

export async function outboxSize(ds: DataSource): Promise<number> {
  return (await ds.query('SELECT count(*)::int AS n FROM outbox'))[0].n;
}

async function withAdmin<T>(kafka: KafkaClient, fn: (admin: KafkaAdmin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/** The sum of the high watermarks of a topic: how many messages it has ever held. */
export function topicEnd(kafka: KafkaClient, topic: string): Promise<number> {
  return withAdmin(kafka, async (admin) => (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0));
}

/** Messages each group has not yet committed past, per group: high watermark minus committed offset, summed. */
export function consumerLag(kafka: KafkaClient, groupPrefix: string): Promise<Record<string, number>> {
  return withAdmin(kafka, async (admin) => {
    const out: Record<string, number> = {};
    for (const { groupId, topic } of consumers(groupPrefix)) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      out[groupId] = ends.reduce((lag, p) => {
        const c = Number(committed?.partitions.find((x) => x.partition === p.partition)?.offset ?? -1);
        return lag + Number(p.high) - (c < 0 ? Number(p.low) : c);
      }, 0);
    }
    return out;
  });
}
