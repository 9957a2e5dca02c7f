import { entryHash, GENESIS_HASH, type AuditRecord } from './canonical';

export type ChainBreak = { seq: number; problem: string };
export interface ChainVerdict {
  ok: boolean;
  checked: number;
  lastSeq: number;
  break?: ChainBreak;
}

/** Anything that yields the stored entries in `seq` order, page by page (a database cursor, or an array in tests). */
export type EntrySource = AsyncIterable<AuditRecord>;

/**
 * Walks the chain from the first entry: every `seq` follows the one before (a gap is a deleted entry), every `prev_hash`
 * is the hash of the entry before it (a mismatch is a deletion, insertion or reordering), and every hash matches the
 * entry's content (a mismatch is an edit). The last entry must be the head the appender recorded, so deleting the
 * newest entries is found too. Stops at the first break and names it.
 */
export async function verifyChain(entries: EntrySource, head: { seq: number; hash: string }): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for await (const e of entries) {
    if (e.seq !== expectedSeq) {
      const problem = e.seq > expectedSeq ? `entries ${expectedSeq}..${e.seq - 1} are missing (deleted)` : `entry ${e.seq} is out of order or repeated`;
      return { ok: false, checked, lastSeq: expectedSeq - 1, break: { seq: e.seq > expectedSeq ? expectedSeq : e.seq, problem } };
    }
    if (e.prevHash !== prevHash) {
      return { ok: false, checked, lastSeq: expectedSeq - 1, break: { seq: e.seq, problem: 'prev_hash does not match the hash of the entry before it (deleted, inserted or reordered)' } };
    }
    if (entryHash(e) !== e.hash) {
      return { ok: false, checked, lastSeq: expectedSeq - 1, break: { seq: e.seq, problem: 'hash does not match the entry content (edited)' } };
    }
    prevHash = e.hash;
    expectedSeq += 1;
    checked += 1;
  }
  const lastSeq = expectedSeq - 1;
  if (head.seq !== lastSeq || head.hash !== prevHash) {
    const seq = Math.min(head.seq, lastSeq + 1);
    const problem = head.seq > lastSeq ? `entries ${lastSeq + 1}..${head.seq} are missing (deleted); the head records ${head.seq}` : `the head (seq ${head.seq}) does not match the last entry (seq ${lastSeq})`;
    return { ok: false, checked, lastSeq, break: { seq, problem } };
  }
  return { ok: true, checked, lastSeq };
}
