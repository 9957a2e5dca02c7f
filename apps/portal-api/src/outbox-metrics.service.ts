import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger, metrics, type ContextLogger } from '@simpul/observability';

/** Reports the outbox backlog and the age of its oldest row, the early sign of a Kafka outage or a stuck relay. */
@Injectable()
export class OutboxMetricsService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private readonly log: ContextLogger;

  constructor(
    private readonly ds: DataSource,
    logger: JsonLogger,
  ) {
    this.log = logger.child('outbox-metrics');
  }

  onApplicationBootstrap(): void {
    void this.measure();
    this.timer = setInterval(() => void this.measure(), 15_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async measure(): Promise<void> {
    try {
      const [row]: Array<{ n: number; age: number | null }> = await this.ds.query(
        'SELECT count(*)::int AS n, EXTRACT(EPOCH FROM now() - min(created_at))::float AS age FROM outbox',
      );
      metrics.outboxBacklog.set(row.n);
      metrics.outboxOldestAge.set(row.age ?? 0);
    } catch (err) {
      this.log.warn('outbox backlog not measured', { error: err });
    }
  }
}
