import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Where a webhook delivery stands: waiting (and retried), delivered, given up, or cancelled with its webhook. */
export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'CANCELLED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A delivery at the head of its (webhook, application) queue, with what sending it needs. */
export interface DueDeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  attempts: number;
  url: string;
  secret_sealed: string;
}

/** One attempt's outcome, as the delivery worker records it. */
export interface DeliveryAttempt {
  deliveryId: string;
  attempt: number;
  at: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  /** PENDING (tried again after `retryInMs`), DELIVERED or FAILED (given up). */
  status: Exclude<DeliveryStatus, 'CANCELLED'>;
  retryInMs: number;
}

/**
 * Only the head of each (webhook, application) queue is due: a later delivery waits until every earlier one of the
 * same application is delivered or given up, so a portal sees each application's changes in order. Rows are locked
 * FOR UPDATE SKIP LOCKED, so replicas share the work; an earlier row locked by another replica still counts as
 * pending in the NOT EXISTS, so no replica overtakes it.
 */
const CLAIM = `
  SELECT d.id::text AS id, d.webhook_id, d.event_id, d.event_type, d.payload, d.attempts, w.url, w.secret_sealed
  FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
  WHERE d.status = 'PENDING' AND d.next_attempt_at <= now() AND w.deleted_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
                    WHERE e.webhook_id = d.webhook_id AND e.application_id = d.application_id AND e.status = 'PENDING' AND e.id < d.id)
  ORDER BY d.id
  LIMIT $1
  FOR UPDATE OF d SKIP LOCKED`;

/**
 * The one writer of `webhook_deliveries` and their attempts (owner: libs/persistence): the status projector queues a
 * delivery per status event, portal-api's worker sends and records them, a portal cancels or asks again, retention
 * deletes them. Each call runs in the caller's transaction.
 */
@Injectable()
export class WebhookDeliveriesRepository {
  /** One delivery per active webhook of the portal that submitted the application (`applications.client_id`). */
  async queueForClient(em: EntityManager, d: { clientId: string; applicationId: string; eventId: string; eventType: string; seq: number; body: object }): Promise<void> {
    await em.query(
      `INSERT INTO webhook_deliveries (webhook_id, application_id, event_id, event_type, seq, payload)
       SELECT w.id, $2, $3, $4, $5, $6 FROM webhooks w
       WHERE w.client_id = $1 AND w.deleted_at IS NULL
       ON CONFLICT DO NOTHING`,
      [d.clientId, d.applicationId, d.eventId, d.eventType, d.seq, JSON.stringify(d.body)],
    );
  }

  /** The deliveries still waiting for a webhook that was deleted. */
  async cancelPending(em: EntityManager, webhookId: string): Promise<void> {
    await em.query(`UPDATE webhook_deliveries SET status = 'CANCELLED' WHERE webhook_id = $1 AND status = 'PENDING'`, [webhookId]);
  }

  /** A new delivery of the same event (same event id and body); returns its id, or null when there is no such delivery. */
  async redeliver(em: EntityManager, webhookId: string, deliveryId: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO webhook_deliveries (webhook_id, application_id, event_id, event_type, seq, payload, redelivery_of)
       SELECT webhook_id, application_id, event_id, event_type, seq, payload, id FROM webhook_deliveries WHERE webhook_id = $1 AND id = $2
       RETURNING id::text AS id`,
      [webhookId, deliveryId],
    );
    return rows[0]?.id ?? null;
  }

  /** Retention: an application's deliveries (their bodies describe it) go. */
  async forget(em: EntityManager, applicationId: string): Promise<void> {
    await em.query(`DELETE FROM webhook_deliveries WHERE application_id = $1`, [applicationId]);
  }

  /** The due deliveries, locked in the caller's transaction until their attempts are recorded. */
  claimDue(em: EntityManager, limit: number): Promise<DueDeliveryRow[]> {
    return em.query(CLAIM, [limit]);
  }

  async recordAttempt(em: EntityManager, a: DeliveryAttempt): Promise<void> {
    await em.query(
      `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, attempted_at, duration_ms, status_code, error) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING`,
      [a.deliveryId, a.attempt, a.at, a.durationMs, a.statusCode, a.error],
    );
    await em.query(
      `UPDATE webhook_deliveries SET status = $2, attempts = $3, last_attempt_at = $4, last_status_code = $5, last_error = $6,
         delivered_at = CASE WHEN $2 = 'DELIVERED' THEN $4::timestamptz ELSE NULL END,
         next_attempt_at = $4::timestamptz + ($7 || ' milliseconds')::interval
       WHERE id = $1`,
      [a.deliveryId, a.status, a.attempt, a.at, a.statusCode, a.error, String(a.retryInMs)],
    );
  }
}
