import { ConfigResourceTypes, Kafka, logLevel, Partitioners, type Admin, type Producer, type ITopicConfig } from 'kafkajs';
import { TOPIC_RETENTION_DAYS, Topics } from '@simpul/contracts';
import type { ContextLogger } from '@simpul/observability';

/**
 * The client library's own types, for tools and tests that set up or inspect Kafka directly (topics, offsets, raw
 * messages). Apps never use them: they publish through MessagePublisher and consume through KafkaTransport.
 */
export type KafkaClient = Kafka;
export type KafkaProducer = Producer;
export type KafkaAdmin = Admin;

export function createKafka(brokers: string[], clientId: string, log?: ContextLogger): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 300, retries: 10 },
    logCreator: () => (entry) => {
      // Known and intended (see createProducer): bounded retries on the idempotent producer.
      if (!log || entry.log.message.startsWith('Limiting retries for the idempotent producer')) return;
      const fields = { kafkaLevel: entry.level, namespace: entry.namespace, error: entry.log.error };
      if (entry.level <= logLevel.ERROR) log.error(entry.log.message, fields);
      else log.warn(entry.log.message, fields);
    },
  });
}

/** Idempotent producer with acks=all: a retried send never duplicates within the producer session. */
export async function createProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    // Bounded: a send fails within seconds while Kafka is down, so the outbox relay's transaction never hangs; the
    // caller retries on its own schedule. Such a retry may duplicate a message; every consumer is idempotent
    // (workflow id per application, event id per status event), which is what our at-least-once contract relies on.
    retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 5_000 },
  });
  await producer.connect();
  return producer;
}

export const TOPIC_PARTITIONS = 6;

/** Creates the architecture's topics when absent (idempotent). */
export async function ensureTopics(kafka: Kafka, partitions = TOPIC_PARTITIONS): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted: ITopicConfig[] = Object.values(Topics)
      .filter((topic) => !existing.has(topic))
      .map((topic) => ({
        topic,
        numPartitions: partitions,
        // The brokers' default.replication.factor (and min.insync.replicas): 1 on the single-node stacks, 3 (and 2) on the
        // cluster profile and in deploy/k8s, so one call fits every shape.
        replicationFactor: -1,
        configEntries: [{ name: 'max.message.bytes', value: String(1024 * 1024) }],
      }));
    if (wanted.length > 0) await admin.createTopics({ topics: wanted, waitForLeaders: true });
    // Retention (docs/security.md): set on every run, so a changed policy reaches topics that already exist.
    await admin.alterConfigs({
      validateOnly: false,
      resources: Object.values(Topics).map((topic) => ({
        type: ConfigResourceTypes.TOPIC,
        name: topic,
        configEntries: [{ name: 'retention.ms', value: String((TOPIC_RETENTION_DAYS[topic] ?? 7) * 86_400_000) }],
      })),
    });
    return wanted.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}
