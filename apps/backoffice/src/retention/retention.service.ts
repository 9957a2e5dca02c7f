import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@simpul/audit';
import { RETENTION, workflowIdFor, type LifeEventType, type RetentionPolicy } from '@simpul/contracts';
import { JsonLogger } from '@simpul/observability';
import type { TemporalClientHandle } from '@simpul/temporal';
import { TEMPORAL_CLIENT } from '../tasks/tasks.service';

export const RETENTION_SETTINGS = Symbol('RETENTION_SETTINGS');
export interface RetentionSettings {
  /** How often the job runs; 0 switches it off (another replica or a CronJob runs it). */
  intervalSeconds: number;
  temporalNamespace: string;
}

const FINAL = ['COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED'];
const DAY_MS = 86_400_000;
const BATCH = 100;
/** One purge at a time across backoffice replicas. */
const LOCK_KEY = 0x53_49_4d_50; // "SIMP"

export interface PurgeResult {
  historiesDeleted: number;
  applicationsAnonymised: number;
}

/**
 * The retention job (RETENTION in @simpul/contracts, docs/security.md): deletes the Temporal history of applications
 * that ended more than `historyDays` ago, and anonymises the read model of those that ended more than
 * `readModelDays` ago. Each run that changed something is written to the audit trail (counts only).
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClientHandle,
    private readonly audit: AuditTrail,
    @Inject(RETENTION_SETTINGS) private readonly settings: RetentionSettings,
    private readonly logger: JsonLogger,
  ) {}

  /** The policy in force (RETENTION); replaceable for a test. */
  policy: Record<LifeEventType, RetentionPolicy> = RETENTION;

  onApplicationBootstrap(): void {
    if (this.settings.intervalSeconds <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.purgeOnce()
        .catch((err: unknown) => this.logger.write('error', 'retention run failed; retried next time', { error: err }, 'retention'))
        .finally(() => (this.running = undefined));
    }, this.settings.intervalSeconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One run. `only` restricts it to some applications (tests on a shared stack). */
  async purgeOnce(now = new Date(), only?: string[]): Promise<PurgeResult> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [LOCK_KEY])) as Array<{ locked: boolean }>;
      if (!locked) return { historiesDeleted: 0, applicationsAnonymised: 0 };
      try {
        const result = { historiesDeleted: await this.deleteHistories(now, only), applicationsAnonymised: await this.anonymise(now, only) };
        if (result.historiesDeleted + result.applicationsAnonymised > 0) {
          await this.audit.append({ actor: { subject: 'retention-job', role: 'system' }, action: 'retention.purge', subject: {}, details: { ...result } });
          this.logger.write('info', 'retention run', { ...result }, 'retention');
        }
        return result;
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  private due(column: 'history_deleted_at' | 'purged_at', days: (p: RetentionPolicy) => number, now: Date, only?: string[]): Promise<Array<{ id: string }>> {
    const cutoffs = Object.entries(this.policy).map(([lifeEvent, p]) => ({ lifeEvent, before: new Date(now.getTime() - days(p) * DAY_MS) }));
    return this.ds.query(
      `SELECT a.id FROM applications a JOIN jsonb_to_recordset($1::jsonb) AS c("lifeEvent" text, before timestamptz) ON c."lifeEvent" = a.life_event
        WHERE a.${column} IS NULL AND a.status = ANY($2) AND a.updated_at < c.before AND ($3::uuid[] IS NULL OR a.id = ANY($3))
        ORDER BY a.updated_at LIMIT ${BATCH}`,
      [JSON.stringify(cutoffs), FINAL, only ?? null],
    );
  }

  private async deleteHistories(now: Date, only?: string[]): Promise<number> {
    let n = 0;
    for (const { id } of await this.due('history_deleted_at', (p) => p.historyDays, now, only)) {
      try {
        await this.temporal.client.workflowService.deleteWorkflowExecution({ namespace: this.settings.temporalNamespace, workflowExecution: { workflowId: workflowIdFor(id) } });
      } catch (err) {
        if (!/not found/i.test(String((err as { details?: string }).details ?? err))) throw err;
      }
      await this.ds.query('UPDATE applications SET history_deleted_at = $2 WHERE id = $1', [id, now]);
      n += 1;
    }
    return n;
  }

  private async anonymise(now: Date, only?: string[]): Promise<number> {
    let n = 0;
    for (const { id } of await this.due('purged_at', (p) => p.readModelDays, now, only)) {
      await this.ds.transaction(async (m) => {
        await m.query(`UPDATE applications SET data = '{}', applicant_ref = 'purged', request_hash = 'purged', assisted_by = NULL, purged_at = $2 WHERE id = $1`, [id, now]);
        await m.query(`UPDATE application_steps SET outputs = '{}', reference = NULL WHERE application_id = $1`, [id]);
        await m.query(`UPDATE application_events SET payload = payload - 'outputs' - 'reference' - 'evidence' WHERE application_id = $1`, [id]);
        await m.query(`DELETE FROM webhook_deliveries WHERE application_id = $1`, [id]);
        await m.query(`UPDATE agency_pending_calls SET request = NULL WHERE idempotency_key LIKE $1`, [`${id}:%`]);
        // Free text between officer and citizen (a request for information and its answer) may hold personal data.
        await m.query(`UPDATE citizen_responses SET message = '[purged]' WHERE application_id = $1`, [id]);
        await m.query(`UPDATE task_actions SET message = NULL WHERE application_id = $1 AND message IS NOT NULL`, [id]);
        // The manual lane: the call held for an office not connected, and what its officers entered. The lane's mode
        // and times stay (the integration progress report counts them).
        await m.query(`UPDATE step_lanes SET request = NULL WHERE application_id = $1`, [id]);
        await m.query(`UPDATE manual_tasks SET outputs = NULL, document_number = NULL, reason = CASE WHEN reason IS NULL THEN NULL ELSE '[purged]' END WHERE application_id = $1`, [id]);
      });
      n += 1;
    }
    return n;
  }
}
