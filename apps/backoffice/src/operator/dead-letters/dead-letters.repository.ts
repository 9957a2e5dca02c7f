import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export const DEAD_LETTER_STATUSES = ['OPEN', 'REPLAYED', 'DISCARDED'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

export interface DeadLetterRow {
  id: string;
  dlq_partition: number;
  dlq_offset: string;
  event_id: string | null;
  error: string;
  consumer_group: string | null;
  origin_topic: string | null;
  origin_partition: number | null;
  origin_offset: string | null;
  message_key: string | null;
  value: Buffer | null;
  replay_of: string | null;
  dead_lettered_at: Date | null;
  recorded_at: Date;
  status: DeadLetterStatus;
  replayed_at: Date | null;
  replayed_by: string | null;
  replay_partition: number | null;
  replay_offset: string | null;
  discarded_at: Date | null;
  discarded_by: string | null;
  discard_reason: string | null;
  total?: number;
}

/** One dead letter as the index consumer records it (keyed by its partition and offset on the dead-letter topic). */
export interface NewDeadLetter {
  dlqPartition: number;
  dlqOffset: string;
  eventId: string | null;
  error: string;
  consumerGroup: string | null;
  originTopic: string | null;
  originPartition: number | null;
  originOffset: string | null;
  messageKey: string | null;
  value: Buffer | null;
  replayOf: number | null;
  deadLetteredAt: string | null;
}

/** The one home of `dead_letters` (owner: backoffice). */
@Injectable()
export class DeadLettersRepository {
  constructor(private readonly ds: DataSource) {}

  /** A re-delivery of the same dead letter is recorded once; `replayOf` is kept only if that dead letter exists. */
  async record(d: NewDeadLetter): Promise<void> {
    await this.ds.query(
      `INSERT INTO dead_letters (dlq_partition, dlq_offset, event_id, error, consumer_group, origin_topic, origin_partition, origin_offset,
                                 message_key, value, replay_of, dead_lettered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, (SELECT id FROM dead_letters WHERE id = $11), $12)
       ON CONFLICT (dlq_partition, dlq_offset) DO NOTHING`,
      [d.dlqPartition, d.dlqOffset, d.eventId, d.error, d.consumerGroup, d.originTopic, d.originPartition, d.originOffset, d.messageKey, d.value, d.replayOf, d.deadLetteredAt],
    );
  }

  list(filter: { status?: string; originTopic?: string; key?: string }, limit: number, offset: number): Promise<DeadLetterRow[]> {
    return this.ds.query(
      `SELECT *, count(*) OVER ()::int AS total FROM dead_letters
        WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR origin_topic = $2) AND ($3::text IS NULL OR message_key = $3)
        ORDER BY id DESC LIMIT $4 OFFSET $5`,
      [filter.status ?? null, filter.originTopic ?? null, filter.key ?? null, limit, offset],
    );
  }

  async one(id: number, em?: EntityManager, forUpdate = false): Promise<DeadLetterRow | undefined> {
    const rows: DeadLetterRow[] = await (em ?? this.ds).query(`SELECT * FROM dead_letters WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0];
  }

  async markReplayed(em: EntityManager, id: number, by: string, partition: number, offset: string | null): Promise<void> {
    await em.query(`UPDATE dead_letters SET status = 'REPLAYED', replayed_at = now(), replayed_by = $2, replay_partition = $3, replay_offset = $4 WHERE id = $1`, [
      id,
      by,
      partition,
      offset,
    ]);
  }

  /** Discards an OPEN dead letter; false when it is not open (or does not exist). */
  async discard(id: number, by: string, reason: string): Promise<boolean> {
    const updated: Array<{ id: string }> = await this.ds.query(
      `WITH discarded AS (
         UPDATE dead_letters SET status = 'DISCARDED', discarded_at = now(), discarded_by = $2, discard_reason = $3 WHERE id = $1 AND status = 'OPEN' RETURNING id
       ) SELECT id FROM discarded`,
      [id, by, reason],
    );
    return updated.length > 0;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
