import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AuditTrail } from '@simpul/audit';
import { RETENTION, workflowIdFor, type LifeEventType, type RetentionPolicy } from '@simpul/contracts';
import { JsonLogger } from '@simpul/observability';
import { ApplicationRecordRepository, RecordRetention } from '@simpul/persistence';
import type { TemporalClientHandle } from '@simpul/temporal';
import { TasksRepository } from '../tasks/tasks.repository';
import { TEMPORAL_CLIENT } from '../common/temporal-client.module';
import { RetentionRepository } from './retention.repository';

export const RETENTION_SETTINGS = Symbol('RETENTION_SETTINGS');
export interface RetentionSettings {
  /** How often the job runs; 0 switches it off (another replica or a CronJob runs it). */
  intervalSeconds: number;
  temporalNamespace: string;
}

const DAY_MS = 86_400_000;

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
    private readonly repo: RetentionRepository,
    private readonly record: ApplicationRecordRepository,
    private readonly recordRetention: RecordRetention,
    private readonly tasks: TasksRepository,
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
    const result = await this.repo.exclusively(async () => {
      const counts = { historiesDeleted: await this.deleteHistories(now, only), applicationsAnonymised: await this.anonymise(now, only) };
      if (counts.historiesDeleted + counts.applicationsAnonymised > 0) {
        await this.audit.append({ actor: { subject: 'retention-job', role: 'system' }, action: 'retention.purge', subject: {}, details: { ...counts } });
        this.logger.write('info', 'retention run', { ...counts }, 'retention');
      }
      return counts;
    });
    return result ?? { historiesDeleted: 0, applicationsAnonymised: 0 };
  }

  private due(column: 'history_deleted_at' | 'purged_at', days: (p: RetentionPolicy) => number, now: Date, only?: string[]): Promise<Array<{ id: string }>> {
    const cutoffs = Object.entries(this.policy).map(([lifeEvent, p]) => ({ lifeEvent, before: new Date(now.getTime() - days(p) * DAY_MS) }));
    return this.repo.due(column, cutoffs, only);
  }

  private async deleteHistories(now: Date, only?: string[]): Promise<number> {
    let n = 0;
    for (const { id } of await this.due('history_deleted_at', (p) => p.historyDays, now, only)) {
      try {
        await this.temporal.client.workflowService.deleteWorkflowExecution({ namespace: this.settings.temporalNamespace, workflowExecution: { workflowId: workflowIdFor(id) } });
      } catch (err) {
        if (!/not found/i.test(String((err as { details?: string }).details ?? err))) throw err;
      }
      await this.record.markHistoryDeleted(id, now);
      n += 1;
    }
    return n;
  }

  /** The record's owner anonymises its tables, the back office its own (the officers' messages), in one transaction. */
  private async anonymise(now: Date, only?: string[]): Promise<number> {
    let n = 0;
    for (const { id } of await this.due('purged_at', (p) => p.readModelDays, now, only)) {
      await this.tasks.transaction(async (m) => {
        await this.recordRetention.anonymise(m, id, now);
        await this.tasks.forgetMessages(m, id);
      });
      n += 1;
    }
    return n;
  }
}
