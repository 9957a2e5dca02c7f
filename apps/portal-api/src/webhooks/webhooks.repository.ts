import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WebhookDeliveriesRepository } from '@simpul/persistence';
import type { DeliveryStatus } from './dto/webhook.dto';

export interface WebhookRow {
  id: string;
  client_id: string;
  url: string;
  description: string | null;
  secret_hint: string;
  created_at: Date;
}

export interface DeliveryRow {
  id: string;
  webhook_id: string;
  application_id: string;
  event_id: string;
  event_type: string;
  seq: number;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  redelivery_of: string | null;
  created_at: Date;
  payload?: Record<string, unknown>;
}

export interface AttemptRow {
  attempt: number;
  attempted_at: Date;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
}

const DELIVERY_COLUMNS = `id::text AS id, webhook_id, application_id, event_id, event_type, seq, status, attempts, next_attempt_at, last_attempt_at,
  last_status_code, last_error, delivered_at, redelivery_of::text AS redelivery_of, created_at`;

/** Webhooks are always read through their owner (the portal's token subject): another portal's id is simply not found. */
@Injectable()
export class WebhooksRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly deliveryRecords: WebhookDeliveriesRepository,
  ) {}

  async insert(row: { id: string; clientId: string; url: string; description: string | null; secretSealed: string; secretHint: string }): Promise<WebhookRow> {
    const [created]: WebhookRow[] = await this.ds.query(
      `INSERT INTO webhooks (id, client_id, url, description, secret_sealed, secret_hint) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, client_id, url, description, secret_hint, created_at`,
      [row.id, row.clientId, row.url, row.description, row.secretSealed, row.secretHint],
    );
    return created;
  }

  countActive(clientId: string): Promise<number> {
    return this.ds.query('SELECT count(*)::int AS n FROM webhooks WHERE client_id = $1 AND deleted_at IS NULL', [clientId]).then((r: Array<{ n: number }>) => r[0].n);
  }

  listActive(clientId: string): Promise<WebhookRow[]> {
    return this.ds.query('SELECT id, client_id, url, description, secret_hint, created_at FROM webhooks WHERE client_id = $1 AND deleted_at IS NULL ORDER BY created_at, id', [clientId]);
  }

  async findActive(id: string, clientId: string): Promise<WebhookRow | null> {
    const rows: WebhookRow[] = await this.ds.query(
      'SELECT id, client_id, url, description, secret_hint, created_at FROM webhooks WHERE id = $1 AND client_id = $2 AND deleted_at IS NULL',
      [id, clientId],
    );
    return rows[0] ?? null;
  }

  /** Stops the webhook and the deliveries still waiting; the log stays for the record. */
  async softDelete(id: string, clientId: string): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      const rows: unknown[] = await em.query(
        'WITH gone AS (UPDATE webhooks SET deleted_at = now() WHERE id = $1 AND client_id = $2 AND deleted_at IS NULL RETURNING id) SELECT id FROM gone',
        [id, clientId],
      );
      if (rows.length === 0) return false;
      await this.deliveryRecords.cancelPending(em, id);
      return true;
    });
  }

  deliveries(webhookId: string, filter: { after?: string; limit: number; applicationId?: string; status?: DeliveryStatus }): Promise<DeliveryRow[]> {
    const where = ['d.webhook_id = $1'];
    const params: unknown[] = [webhookId];
    if (filter.after) where.push(`d.id > $${params.push(filter.after)}`);
    if (filter.applicationId) where.push(`d.application_id = $${params.push(filter.applicationId)}`);
    if (filter.status) where.push(`d.status = $${params.push(filter.status)}`);
    params.push(filter.limit);
    return this.ds.query(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE ${where.join(' AND ')} ORDER BY d.id LIMIT $${params.length}`, params);
  }

  async delivery(webhookId: string, deliveryId: string): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await this.ds.query(`SELECT ${DELIVERY_COLUMNS}, payload FROM webhook_deliveries WHERE webhook_id = $1 AND id = $2`, [webhookId, deliveryId]);
    return rows[0] ?? null;
  }

  attempts(deliveryId: string): Promise<AttemptRow[]> {
    return this.ds.query('SELECT attempt, attempted_at, duration_ms, status_code, error FROM webhook_delivery_attempts WHERE delivery_id = $1 ORDER BY attempt', [deliveryId]);
  }

  /** A new delivery of the same event (same event id and body), queued behind what is still pending for the application. */
  async redeliver(webhookId: string, deliveryId: string): Promise<DeliveryRow | null> {
    const id = await this.ds.transaction((em) => this.deliveryRecords.redeliver(em, webhookId, deliveryId));
    return id ? this.delivery(webhookId, id) : null;
  }
}
