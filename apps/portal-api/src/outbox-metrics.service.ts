import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { JsonLogger, metrics, type ContextLogger } from '@simpul/observability';
import { OutboxRepository } from '@simpul/persistence';

/** Reports the outbox backlog and the age of its oldest row, the early sign of a Kafka outage or a stuck relay. */
@Injectable()
export class OutboxMetricsService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private readonly log: ContextLogger;

  constructor(
    private readonly outbox: OutboxRepository,
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
      const row = await this.outbox.backlog();
      metrics.outboxBacklog.set(row.n);
      metrics.outboxOldestAge.set(row.age ?? 0);
    } catch (err) {
      this.log.warn('outbox backlog not measured', { error: err });
    }
  }
}
