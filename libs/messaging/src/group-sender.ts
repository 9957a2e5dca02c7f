import type { MessagePublisher, OutboundMessage } from './message';

interface Waiting {
  topic: string;
  message: OutboundMessage;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for the idempotent producer (acks=all, one request in flight per broker): messages handed over while a
 * request is in flight go out together in the next one. At low load a message goes out at once (no linger, so no
 * latency added); under load one request carries many, instead of each message waiting its own round trip behind the
 * others. Messages keep the order of the calls (so per key, per partition); each caller's promise settles with the
 * request that carried its message, so a caller only goes on once Kafka acknowledged it.
 */
export class GroupSender {
  private waiting: Waiting[] = [];
  private sending = false;

  constructor(
    private readonly producer: Pick<MessagePublisher, 'sendBatch'>,
    /** At most this many messages in one request (a request stays well under Kafka's size limits). */
    private readonly maxMessages = 500,
  ) {}

  send(topic: string, message: OutboundMessage): Promise<void> {
    return this.sendAll(topic, [message]);
  }

  /** Several messages, in this order, handed over together: when nothing is in flight they leave in one request. */
  async sendAll(topic: string, messages: OutboundMessage[]): Promise<void> {
    const sent = messages.map((message) => new Promise<void>((resolve, reject) => this.waiting.push({ topic, message, resolve, reject })));
    if (!this.sending) void this.drain();
    await Promise.all(sent);
  }

  private async drain(): Promise<void> {
    this.sending = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, this.maxMessages);
        const byTopic = new Map<string, OutboundMessage[]>();
        for (const w of group) byTopic.set(w.topic, [...(byTopic.get(w.topic) ?? []), w.message]);
        try {
          await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
          for (const w of group) w.resolve();
        } catch (err) {
          for (const w of group) w.reject(err);
        }
      }
    } finally {
      this.sending = false;
    }
  }
}
