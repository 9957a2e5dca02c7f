import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FINAL_APPLICATION_STATUSES } from '@simpul/contracts';

const BATCH = 100;
/** One purge at a time across backoffice replicas. */
const LOCK_KEY = 0x53_49_4d_50; // "SIMP"

/** Per life event: applications that ended before this time are due. */
export interface RetentionCutoff {
  lifeEvent: string;
  before: Date;
}

/** What the retention job reads (the writes are the record's owner's: ApplicationRecordRepository). */
@Injectable()
export class RetentionRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Runs `work` holding the cluster-wide retention lock (a session advisory lock on one connection); returns undefined
   * without running it when another replica holds the lock.
   */
  async exclusively<T>(work: () => Promise<T>): Promise<T | undefined> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [LOCK_KEY])) as Array<{ locked: boolean }>;
      if (!locked) return undefined;
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  /** The next batch of ended applications not yet past this stage (`column` still NULL), oldest first. */
  due(column: 'history_deleted_at' | 'purged_at', cutoffs: RetentionCutoff[], only?: string[]): Promise<Array<{ id: string }>> {
    return this.ds.query(
      `SELECT a.id FROM applications a JOIN jsonb_to_recordset($1::jsonb) AS c("lifeEvent" text, before timestamptz) ON c."lifeEvent" = a.life_event
        WHERE a.${column} IS NULL AND a.status = ANY($2) AND a.updated_at < c.before AND ($3::uuid[] IS NULL OR a.id = ANY($3))
        ORDER BY a.updated_at LIMIT ${BATCH}`,
      [JSON.stringify(cutoffs), FINAL_APPLICATION_STATUSES, only ?? null],
    );
  }
}
