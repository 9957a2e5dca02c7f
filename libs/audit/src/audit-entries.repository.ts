import type { DataSource, EntityManager } from 'typeorm';
import type { AuditActor, AuditRecord, AuditSubject } from './canonical';
import { verifyChain, type ChainVerdict } from './verify';

interface Row {
  seq: string;
  recorded_at: Date;
  actor: AuditActor;
  action: string;
  subject: AuditSubject;
  reason: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

const toRecord = (r: Row): AuditRecord => ({
  seq: Number(r.seq),
  time: r.recorded_at,
  actor: r.actor,
  action: r.action,
  subject: r.subject,
  reason: r.reason,
  details: r.details,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** The stored entries in `seq` order, a page at a time (keyset), so verifying a long trail holds one page in memory. */
export async function* storedEntries(ds: DataSource, pageSize = 1000): AsyncGenerator<AuditRecord> {
  let after = 0;
  for (;;) {
    const rows = (await ds.query(
      `SELECT seq, recorded_at, actor, action, subject, reason, details, prev_hash, hash FROM audit_entries WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, pageSize],
    )) as Row[];
    for (const row of rows) yield toRecord(row);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1].seq);
  }
}

/** Verifies the whole trail in the database (read-only). */
export async function verifyStoredChain(ds: DataSource): Promise<ChainVerdict> {
  // Read the head first: entries appended while we walk only lengthen the chain past it.
  const [head] = (await ds.query('SELECT seq, hash FROM audit_head WHERE id = 1')) as Array<{ seq: string; hash: string }>;
  if (!head) throw new Error('audit_head is missing: run the migrations');
  const headSeq = Number(head.seq);
  async function* upToHead(): AsyncGenerator<AuditRecord> {
    for await (const e of storedEntries(ds)) {
      if (e.seq > headSeq) return;
      yield e;
    }
  }
  return verifyChain(upToHead(), { seq: headSeq, hash: head.hash });
}

/** Recent entries about one application, newest first (for operators and auditors). */
export async function entriesFor(ds: DataSource, applicationId: string, limit = 100): Promise<AuditRecord[]> {
  const rows = (await ds.query(
    `SELECT seq, recorded_at, actor, action, subject, reason, details, prev_hash, hash FROM audit_entries WHERE subject->>'applicationId' = $1 ORDER BY seq DESC LIMIT $2`,
    [applicationId, limit],
  )) as Row[];
  return rows.map(toRecord);
}

/** The chain's head, locked in the caller's transaction: appends are serialised on it. */
export async function lockedHead(m: EntityManager): Promise<{ seq: string; hash: string } | undefined> {
  const [head] = (await m.query('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE')) as Array<{ seq: string; hash: string }>;
  return head;
}

/** Writes the entry and moves the head to it (the one writer of `audit_entries` and `audit_head`). */
export async function appendEntry(m: EntityManager, record: AuditRecord): Promise<void> {
  await m.query(
    `INSERT INTO audit_entries (seq, recorded_at, actor, action, subject, reason, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [record.seq, record.time, JSON.stringify(record.actor), record.action, JSON.stringify(record.subject), record.reason, JSON.stringify(record.details), record.prevHash, record.hash],
  );
  await m.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [record.seq, record.hash]);
}
