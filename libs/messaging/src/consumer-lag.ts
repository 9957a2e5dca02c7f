import type { Kafka } from 'kafkajs';
import { metrics, type ContextLogger } from '@simpul/observability';

/** Reports a consumer group's lag per topic (latest offset minus committed offset, summed over partitions). */
export class ConsumerLagMonitor {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    private readonly topic: string,
    private readonly log: ContextLogger,
    private readonly intervalMs = 15_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.measure().catch((err: unknown) => this.log.warn('consumer lag not measured', { error: err })), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async measure(): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const [latest, [committed]] = await Promise.all([admin.fetchTopicOffsets(this.topic), admin.fetchOffsets({ groupId: this.groupId, topics: [this.topic] })]);
      const done = new Map(committed.partitions.map((p) => [p.partition, Number(p.offset)]));
      const lag = latest.reduce((sum, p) => {
        const at = done.get(p.partition) ?? -1;
        return sum + Math.max(0, Number(p.high) - (at < 0 ? Number(p.low) : at));
      }, 0);
      metrics.consumerLag.set({ group: this.groupId, topic: this.topic }, lag);
      return lag;
    } finally {
      await admin.disconnect();
    }
  }
}
