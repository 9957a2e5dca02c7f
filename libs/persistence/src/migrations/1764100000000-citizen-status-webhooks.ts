import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citizen status and portal callbacks: who filed an assisted application, the portals' webhooks and their ordered
 * delivery log (rows written by the status projector in the transaction that changes the read model, sent by
 * portal-api's delivery worker), and every attempt of each delivery.
 */
export class CitizenStatusWebhooks1764100000000 implements MigrationInterface {
  name = 'CitizenStatusWebhooks1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications ADD COLUMN assisted_by jsonb`);
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY,
        client_id text NOT NULL,
        url text NOT NULL,
        description text,
        secret_sealed text NOT NULL,
        secret_hint text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX webhooks_client_active ON webhooks (client_id) WHERE deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id bigserial PRIMARY KEY,
        webhook_id uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        event_id text NOT NULL,
        event_type text NOT NULL,
        seq int NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'PENDING',
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        last_status_code int,
        last_error text,
        delivered_at timestamptz,
        redelivery_of bigint REFERENCES webhook_deliveries(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One original delivery per webhook and status event, whatever the projector's retries; redeliveries are extra rows.
    await q.query(`CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (webhook_id, event_id) WHERE redelivery_of IS NULL`);
    await q.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (webhook_id, application_id, id) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, id)`);
    await q.query(`
      CREATE TABLE webhook_delivery_attempts (
        delivery_id bigint NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
        attempt int NOT NULL,
        attempted_at timestamptz NOT NULL,
        duration_ms int NOT NULL,
        status_code int,
        error text,
        PRIMARY KEY (delivery_id, attempt)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_delivery_attempts');
    await q.query('DROP TABLE webhook_deliveries');
    await q.query('DROP TABLE webhooks');
    await q.query('ALTER TABLE applications DROP COLUMN assisted_by');
  }
}
