import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { entryHash, type AuditActor, type AuditRecord, type AuditSubject } from './canonical';
import { assertNoPersonalData } from './personal-data';
import { appendEntry, lockedHead } from './audit-entries.repository';

export interface AuditEntryInput {
  actor: AuditActor;
  /** What was done, dotted and stable: `task.decision`, `incident.resolve`, `temporal.payload.decode`. */
  action: string;
  subject: AuditSubject;
  /** The person's stated reason (free text; 16-digit numbers in it are masked); absent or null: none given. */
  reason?: string | null;
  /** Ids, counts, outcomes: never personal data (refused). */
  details?: Record<string, unknown>;
}

const ACTION = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/**
 * The append-only, hash-chained audit trail (table `audit_entries`, head in `audit_head`). Appends are serialised by
 * locking the single head row, so `seq` has no gaps and each entry's `prev_hash` is the hash of the entry before it,
 * however many processes append at once. A trigger refuses UPDATE, DELETE and TRUNCATE on the entries; an edit made
 * around it anyway (a superuser, a restored backup) is found by `npm run -s audit:verify`.
 */
@Injectable()
export class AuditTrail {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * Appends one entry. Pass the caller's transaction manager to make the entry commit or roll back with the action it
   * records (the head row stays locked until that transaction ends, so keep such transactions short).
   */
  async append(input: AuditEntryInput, manager?: EntityManager): Promise<AuditRecord> {
    if (!ACTION.test(input.action)) throw new TypeError(`audit action "${input.action}" must be dotted lower-case words`);
    if (!input.actor?.subject || !input.actor.role) throw new TypeError('an audit entry needs an actor with subject and role');
    const subject = dropUndefined(input.subject) as AuditSubject;
    const details = dropUndefined(input.details ?? {});
    assertNoPersonalData(subject, 'subject');
    assertNoPersonalData(details, 'details');
    assertNoPersonalData({ subject: input.actor.subject, agency: input.actor.agency }, 'actor');
    const actor: AuditActor = { subject: input.actor.subject, role: input.actor.role, ...(input.actor.agency ? { agency: input.actor.agency } : {}) };
    const reason = input.reason == null ? null : input.reason.replace(/\d{16}/g, '****************');
    const run = async (m: EntityManager): Promise<AuditRecord> => {
      const head = await lockedHead(m);
      if (!head) throw new Error('audit_head is missing: run the migrations');
      // Millisecond time: what a JS Date holds, so the stored timestamptz reads back to the same instant for the hash.
      const unsigned = { seq: Number(head.seq) + 1, time: new Date(), actor, action: input.action, subject, reason, details, prevHash: head.hash };
      const record: AuditRecord = { ...unsigned, hash: entryHash(unsigned) };
      await appendEntry(m, record);
      return record;
    };
    return manager ? run(manager) : this.ds.transaction(run);
  }
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
