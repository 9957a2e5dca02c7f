import { createHash } from 'node:crypto';

/**
 * The canonical form an audit entry is hashed over: JSON with object keys sorted at every depth, no whitespace,
 * `undefined` members left out. It must not depend on the order PostgreSQL's jsonb hands keys back in, so the hash
 * computed when appending equals the one recomputed by `audit:verify` from the stored row.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('audit entries hold finite numbers only');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  /** The token's subject: an officer or operator id (never a citizen's NIK: citizens' own actions are not audited here). */
  subject: string;
  role: string;
  agency?: string;
}

/** What the action was about: ids only. */
export interface AuditSubject {
  applicationId?: string;
  taskId?: string;
  incidentId?: string;
  [key: string]: string | undefined;
}

/** One entry as stored and hashed. */
export interface AuditRecord {
  seq: number;
  time: Date;
  actor: AuditActor;
  action: string;
  subject: AuditSubject;
  reason: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** SHA-256 over the canonical form of everything in the entry except its own hash (the previous hash included). */
export function entryHash(entry: Omit<AuditRecord, 'hash'>): string {
  const body = canonicalJson({
    seq: entry.seq,
    time: entry.time.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    reason: entry.reason,
    details: entry.details,
    prevHash: entry.prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}
