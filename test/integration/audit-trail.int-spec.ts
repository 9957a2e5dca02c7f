/**
 * The audit trail on the real PostgreSQL, in a scratch database of its own (so tampering with it disturbs no other
 * test): concurrent appends form one gapless chain, the app role cannot UPDATE/DELETE/TRUNCATE entries, and
 * `npm run -s audit:verify` names the first entry that was edited, deleted or reordered behind the trigger's back.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { AuditTrail, AuditPersonalDataError, verifyStoredChain } from '@simpul/audit';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database';

const run = promisify(execFile);
let scratch: ScratchDatabase;
let ds: DataSource;
let scratchUrl: string;
let trail: AuditTrail;

beforeAll(async () => {
  scratch = await scratchDatabase('audit', 8);
  ({ ds, url: scratchUrl } = scratch);
  trail = new AuditTrail(ds);
});
afterAll(() => scratch?.drop());

/** Runs the built `audit:verify` against the scratch database, as an operator would. */
async function auditVerify(): Promise<{ code: number; out: string }> {
  const script = join(__dirname, '../../dist/scripts/audit-verify.js');
  try {
    const { stdout, stderr } = await run(process.execPath, [script], { env: { ...process.env, SIMPUL_DATABASE_URL: scratchUrl } });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** Tampering as someone who owns the table would have to: drop the protection explicitly, change rows, restore it. */
async function tamper(sql: string, params: unknown[] = []): Promise<void> {
  await ds.transaction(async (m) => {
    await m.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only');
    await m.query('GRANT UPDATE, DELETE ON audit_entries TO CURRENT_USER');
    await m.query(sql, params);
    await m.query('REVOKE UPDATE, DELETE ON audit_entries FROM CURRENT_USER');
    await m.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only');
  });
}

const entry = (i: number) => ({
  actor: { subject: `officer-${i % 3}`, role: 'officer', agency: 'civil-registry' },
  action: 'task.decision',
  subject: { applicationId: randomUUID(), taskId: `task-${i}` },
  reason: `checked ${i}`,
  details: { outcome: i % 2 ? 'APPROVE' : 'REJECT' },
});

describe('audit trail on PostgreSQL', () => {
  it('serialises concurrent appends into one gapless chain that verifies', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => trail.append(entry(i))));
    const rows = (await ds.query('SELECT seq FROM audit_entries ORDER BY seq')) as Array<{ seq: string }>;
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    await expect(verifyStoredChain(ds)).resolves.toEqual({ ok: true, checked: 40, lastSeq: 40 });
    const verdict = await auditVerify();
    expect(verdict).toEqual({ code: 0, out: expect.stringContaining('chain intact, 40 entries') });
  });

  it('refuses UPDATE, DELETE and TRUNCATE from the apps’ role, and a head that moves back', async () => {
    await expect(ds.query(`UPDATE audit_entries SET reason = 'x' WHERE seq = 1`)).rejects.toThrow(/permission denied|append-only/);
    await expect(ds.query(`DELETE FROM audit_entries WHERE seq = 1`)).rejects.toThrow(/permission denied|append-only/);
    await expect(ds.query(`TRUNCATE audit_entries`)).rejects.toThrow(/permission denied|append-only/);
    await expect(ds.query(`UPDATE audit_head SET seq = 1`)).rejects.toThrow(/only moves forward/);
    await expect(ds.query(`DELETE FROM audit_head`)).rejects.toThrow(/permission denied|only moves forward/);
  });

  it('refuses personal data in details, and masks NIK-like numbers in the reason', async () => {
    await expect(trail.append({ ...entry(1), details: { motherNik: '3174015502900001' } })).rejects.toBeInstanceOf(AuditPersonalDataError);
    const appended = await trail.append({ ...entry(41), reason: 'checked against 3174015502900001' });
    expect(appended.reason).toBe('checked against ****************');
  });

  it('names an entry edited in the database', async () => {
    const [original] = (await ds.query('SELECT details FROM audit_entries WHERE seq = 7')) as Array<{ details: object }>;
    await tamper(`UPDATE audit_entries SET details = '{"outcome":"APPROVE","forged":true}' WHERE seq = 7`);
    const verdict = await auditVerify();
    expect(verdict.code).toBe(1);
    expect(verdict.out).toMatch(/BROKEN at entry seq 7: hash does not match the entry content \(edited\)/);
    await tamper(`UPDATE audit_entries SET details = $1 WHERE seq = 7`, [JSON.stringify(original.details)]);
    expect((await auditVerify()).code).toBe(0);
  });

  it('names a deleted entry, in the middle and at the end', async () => {
    const [last] = (await ds.query('SELECT max(seq)::int AS seq FROM audit_entries')) as Array<{ seq: number }>;
    await tamper(`DELETE FROM audit_entries WHERE seq = $1`, [last.seq]);
    let verdict = await auditVerify();
    expect(verdict.code).toBe(1);
    expect(verdict.out).toContain(`BROKEN at entry seq ${last.seq}: entries ${last.seq}..${last.seq} are missing (deleted)`);
    await tamper(`DELETE FROM audit_entries WHERE seq = 12`);
    verdict = await auditVerify();
    expect(verdict.out).toContain('BROKEN at entry seq 12: entries 12..12 are missing (deleted)');
  });

  it('names a reordering, even with seq and prev_hash rewritten to look continuous', async () => {
    // Move entry 13 into the hole at 12: seq is continuous again, but 13's hash covers seq 13 and its prev_hash is 12's.
    await tamper(`UPDATE audit_entries SET seq = 12 WHERE seq = 13`);
    const verdict = await auditVerify();
    expect(verdict.code).toBe(1);
    expect(verdict.out).toMatch(/BROKEN at entry seq 12: prev_hash does not match/);
  });
});
