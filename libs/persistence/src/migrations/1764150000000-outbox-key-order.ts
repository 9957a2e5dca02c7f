import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay skips a row while an earlier row of the same key is held by another relay (per-application order); that
 * check looks up earlier rows by key, which without this index scans the whole outbox for every row of a batch: a
 * backlog of minutes (Kafka down) made each batch quadratic.
 */
export class OutboxKeyOrder1764150000000 implements MigrationInterface {
  name = 'OutboxKeyOrder1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX IF NOT EXISTS outbox_message_key_id ON outbox (message_key, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS outbox_message_key_id');
  }
}
