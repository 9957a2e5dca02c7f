import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LifeEventType } from '@simpul/contracts';
import { OutboxRepository, type OutboxMessage } from '@simpul/persistence';

/** A draft as stored; `data` is sealed (null once confirmed or expired). */
export interface DraftRow {
  id: string;
  lifeEvent: LifeEventType;
  facilityId: string;
  requestHash: string;
  data: Record<string, unknown> | null;
  status: DraftStatus;
  correlationId: string;
  occurredAt: Date;
  createdAt: Date;
  expiresAt: Date;
}
export type DraftStatus = 'DRAFT' | 'CONFIRMED' | 'EXPIRED';

export type NewDraft = Omit<DraftRow, 'status' | 'createdAt'> & { bundleKey: string; confirmerRefs: string[] };

/** Confirmed is not stored: a draft is confirmed when the application with its id exists. */
const SELECT = `
  SELECT d.id, d.life_event AS "lifeEvent", d.facility_id AS "facilityId", d.request_hash AS "requestHash", d.data,
         CASE WHEN a.id IS NOT NULL THEN 'CONFIRMED' ELSE d.status END AS status,
         d.correlation_id AS "correlationId", d.occurred_at AS "occurredAt", d.created_at AS "createdAt", d.expires_at AS "expiresAt"
    FROM application_drafts d LEFT JOIN applications a ON a.id = d.id`;

/** The one home of `application_drafts`. */
@Injectable()
export class DraftsRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxRepository,
  ) {}

  /**
   * Inserts the draft and its citizen notification together (one statement); a draft the facility already sent (same
   * Bundle identifier) is left as it is and returned instead, with `created: false`.
   */
  async insertWithOutbox(draft: NewDraft, outbox: OutboxMessage): Promise<{ created: boolean; draft: DraftRow }> {
    const inserted = await this.outbox.withOutbox<{ id: string }>(
      `INSERT INTO application_drafts (id, life_event, facility_id, bundle_key, request_hash, confirmer_refs, data, correlation_id, occurred_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (facility_id, bundle_key) DO NOTHING RETURNING id`,
      [draft.id, draft.lifeEvent, draft.facilityId, draft.bundleKey, draft.requestHash, draft.confirmerRefs, JSON.stringify(draft.data), draft.correlationId, draft.occurredAt, draft.expiresAt],
      outbox,
    );
    if (inserted.length > 0) return { created: true, draft: (await this.findById(draft.id)) as DraftRow };
    const [existing]: DraftRow[] = await this.ds.query(`${SELECT} WHERE d.facility_id = $1 AND d.bundle_key = $2`, [draft.facilityId, draft.bundleKey]);
    return { created: false, draft: existing };
  }

  async findById(id: string): Promise<DraftRow | null> {
    const [row]: DraftRow[] = await this.ds.query(`${SELECT} WHERE d.id = $1`, [id]);
    return row ?? null;
  }

  /** The draft if `confirmerRef` is one of the people asked to confirm it (anyone else: null, so a 404). */
  async findForConfirmer(id: string, confirmerRef: string): Promise<DraftRow | null> {
    const [row]: DraftRow[] = await this.ds.query(`${SELECT} WHERE d.id = $1 AND d.confirmer_refs @> ARRAY[$2]`, [id, confirmerRef]);
    return row ?? null;
  }

  /** The drafts a person is asked to confirm, newest first, one page, and how many there are. */
  async listForConfirmer(confirmerRef: string, limit: number, offset: number): Promise<{ items: DraftRow[]; total: number }> {
    const [items, [{ total }]] = await Promise.all([
      this.ds.query(`${SELECT} WHERE d.confirmer_refs @> ARRAY[$1] ORDER BY d.created_at DESC, d.id DESC LIMIT $2 OFFSET $3`, [confirmerRef, limit, offset]),
      this.ds.query('SELECT count(*)::int AS total FROM application_drafts WHERE confirmer_refs @> ARRAY[$1]', [confirmerRef]),
    ]);
    return { items, total };
  }

  /** Once the application holds the data, the draft's copy goes. */
  async forgetData(id: string): Promise<void> {
    await this.ds.query('UPDATE application_drafts SET data = NULL, ended_at = COALESCE(ended_at, now()) WHERE id = $1', [id]);
  }

  /**
   * Expires the drafts nobody confirmed by `now` and deletes their data; also deletes what confirmed drafts still hold.
   * `only` limits it to these drafts (tests move the clock for their own drafts alone).
   */
  async expire(now: Date, only?: string[]): Promise<{ expired: number }> {
    const scope = only ? 'AND d.id = ANY($2)' : '';
    const params = only ? [now, only] : [now];
    // An UPDATE through TypeORM's query answers [rows, affected].
    const [, expired]: [unknown[], number] = await this.ds.query(
      `UPDATE application_drafts d SET status = 'EXPIRED', data = NULL, ended_at = $1
        WHERE d.status = 'DRAFT' AND d.expires_at <= $1 AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = d.id) ${scope}
        RETURNING d.id`,
      params,
    );
    await this.ds.query(
      `UPDATE application_drafts d SET data = NULL, ended_at = COALESCE(d.ended_at, $1)
        WHERE d.data IS NOT NULL AND EXISTS (SELECT 1 FROM applications a WHERE a.id = d.id) ${scope}`,
      params,
    );
    return { expired };
  }
}
