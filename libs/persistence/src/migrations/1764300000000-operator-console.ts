import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operator console: every operator action (who, when, why, and whether it was accepted or refused), and the durable
 * index of the dead-letter topic (one row per dead letter, with its origin and what an operator did with it).
 */
export class OperatorConsole1764300000000 implements MigrationInterface {
  name = 'OperatorConsole1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE operator_actions (
        id uuid PRIMARY KEY,
        application_id uuid,
        action text NOT NULL,
        target text,
        operator_id text NOT NULL,
        operator_role text NOT NULL,
        reason text NOT NULL,
        outcome text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX operator_actions_application ON operator_actions (application_id, created_at)`);
    await q.query(`CREATE INDEX operator_actions_created ON operator_actions (created_at)`);
    await q.query(`
      CREATE TABLE dead_letters (
        id bigserial PRIMARY KEY,
        dlq_partition int NOT NULL,
        dlq_offset bigint NOT NULL,
        event_id text,
        error text NOT NULL,
        consumer_group text,
        origin_topic text,
        origin_partition int,
        origin_offset bigint,
        message_key text,
        value bytea,
        replay_of bigint REFERENCES dead_letters(id),
        dead_lettered_at timestamptz,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'OPEN',
        replayed_at timestamptz,
        replayed_by text,
        replay_partition int,
        replay_offset bigint,
        discarded_at timestamptz,
        discarded_by text,
        discard_reason text,
        UNIQUE (dlq_partition, dlq_offset)
      )`);
    await q.query(`CREATE INDEX dead_letters_status ON dead_letters (status, id)`);
    await q.query(`CREATE INDEX applications_status_created ON applications (status, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX applications_status_created');
    await q.query('DROP TABLE dead_letters');
    await q.query('DROP TABLE operator_actions');
  }
}
