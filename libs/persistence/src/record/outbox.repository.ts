import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { traceHeaders } from '@simpul/observability';

/** A message to relay: what an owner appends to the outbox in the transaction (or statement) of its own change. */
export interface OutboxMessage {
  topic: string;
  messageKey: string;
  value: object;
  headers?: Record<string, string>;
}

export interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  value: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * The next batch: rows locked with FOR UPDATE SKIP LOCKED, so several relays share the work, minus every row of a
 * key whose earlier row another relay holds. Without that, relay B could publish a key's second message while relay
 * A, which locked the first, is still sending it. Locked rows left out stay in the outbox for a later batch.
 */
const NEXT_BATCH = `
  WITH locked AS (
    SELECT id, topic, message_key, value, headers FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
  )
  SELECT l.* FROM locked l
   WHERE NOT EXISTS (
     SELECT 1 FROM outbox p WHERE p.message_key = l.message_key AND p.id < l.id AND p.id NOT IN (SELECT id FROM locked)
   )
   ORDER BY l.id`;

/**
 * The one writer of the transactional outbox (owner: libs/persistence). Every app that announces a change appends here,
 * in its own transaction; the relay (portal-api) takes batches and deletes what Kafka acknowledged. Each row carries
 * the trace it was written in.
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly ds: DataSource) {}

  private params(m: OutboxMessage): unknown[] {
    return [m.topic, m.messageKey, JSON.stringify(m.value), JSON.stringify({ ...traceHeaders(), ...(m.headers ?? {}) })];
  }

  /** Appends one message in the caller's transaction. */
  async append(em: EntityManager, message: OutboxMessage): Promise<void> {
    await em.query(`INSERT INTO outbox (topic, message_key, value, headers) VALUES ($1, $2, $3, $4)`, this.params(message));
  }

  /** Appends one message on its own (no state change goes with it: a resent notification). */
  appendAlone(message: OutboxMessage): Promise<void> {
    return this.append(this.ds.manager, message);
  }

  /**
   * Runs the owner's INSERT (with RETURNING) and appends the message for each row it returned, in one statement (one
   * round trip, and both commit together or neither does). The owner's statement uses $1..$n of `params`.
   */
  async withOutbox<T>(ownerInsert: string, params: unknown[], message: OutboxMessage): Promise<T[]> {
    const n = params.length;
    return this.ds.query(
      `WITH owner AS (${ownerInsert}),
            queued AS (INSERT INTO outbox (topic, message_key, value, headers) SELECT $${n + 1}, $${n + 2}, $${n + 3}, $${n + 4} FROM owner)
       SELECT * FROM owner`,
      [...params, ...this.params(message)],
    );
  }

  /** The relay's next batch, locked in the caller's transaction. */
  nextBatch(em: EntityManager, size: number): Promise<OutboxRow[]> {
    return em.query(NEXT_BATCH, [size]);
  }

  /** Removes what Kafka acknowledged, in the transaction that locked it. */
  async remove(em: EntityManager, ids: string[]): Promise<void> {
    await em.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [ids]);
  }

  /** How many rows wait, and the age of the oldest in seconds. */
  async backlog(): Promise<{ n: number; age: number | null }> {
    const [row]: Array<{ n: number; age: number | null }> = await this.ds.query(
      'SELECT count(*)::int AS n, EXTRACT(EPOCH FROM now() - min(created_at))::float AS age FROM outbox',
    );
    return row;
  }
}
