import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident audit trail (libs/audit): append-only entries chained by SHA-256, and a single head row that
 * serialises appends and remembers the newest hash (so deleting the newest entries is detectable too).
 *
 * Append-only is enforced twice: a trigger refuses UPDATE, DELETE and TRUNCATE of entries for every role, and the
 * UPDATE/DELETE/TRUNCATE privileges are revoked from PUBLIC and from the role that runs the migrations (here also the
 * apps' role; in production the apps connect with a role that is granted only SELECT and INSERT, see docs/security.md).
 * Getting around both takes a deliberate, logged DDL statement, and `audit:verify` still finds the result.
 */
export class AuditTrail1764200000000 implements MigrationInterface {
  name = 'AuditTrail1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_entries (
        seq bigint PRIMARY KEY,
        recorded_at timestamptz NOT NULL,
        actor jsonb NOT NULL,
        action text NOT NULL,
        subject jsonb NOT NULL,
        reason text,
        details jsonb NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX audit_entries_application ON audit_entries ((subject->>'applicationId'), seq)`);
    await q.query(`CREATE TABLE audit_head (id int PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash char(64) NOT NULL)`);
    await q.query(`INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64))`);
    await q.query(`
      CREATE FUNCTION audit_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
      FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_refuse_change()`);
    // The head moves forward only: one step at a time, never back.
    await q.query(`
      CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' OR NEW.seq <> OLD.seq + 1 THEN
          RAISE EXCEPTION 'audit_head only moves forward one entry at a time' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_head
      FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM PUBLIC`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM CURRENT_USER`);
    await q.query(`REVOKE DELETE, TRUNCATE ON audit_head FROM CURRENT_USER`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_head`);
    await q.query(`DROP TABLE audit_entries`);
    await q.query(`DROP FUNCTION audit_head_forward_only()`);
    await q.query(`DROP FUNCTION audit_entries_refuse_change()`);
  }
}
