import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Officer work queues: the live claim on a task (one officer at a time, with an expiry), every claim, release and
 * decision (who, when, what, why), and the citizen's answers to an officer's request for information.
 */
export class OfficerWorkQueues1764400000000 implements MigrationInterface {
  name = 'OfficerWorkQueues1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_claims (
        task_id text PRIMARY KEY,
        application_id uuid NOT NULL,
        step_id text NOT NULL,
        agency text NOT NULL,
        officer_id text NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE task_actions (
        id bigserial PRIMARY KEY,
        task_id text NOT NULL,
        application_id uuid NOT NULL,
        step_id text NOT NULL,
        agency text NOT NULL,
        action text NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        outcome text,
        reason text,
        message text,
        update_id text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX task_actions_task ON task_actions (task_id, id)`);
    await q.query(`
      CREATE TABLE citizen_responses (
        update_id text PRIMARY KEY,
        application_id uuid NOT NULL,
        step_id text NOT NULL,
        message text NOT NULL,
        responder_id text NOT NULL,
        responder_role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX citizen_responses_step ON citizen_responses (application_id, step_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE citizen_responses');
    await q.query('DROP TABLE task_actions');
    await q.query('DROP TABLE task_claims');
  }
}
