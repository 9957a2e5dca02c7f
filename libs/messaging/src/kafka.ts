import { Kafka, logLevel, type Producer, type ITopicConfig, CompressionTypes } from 'kafkajs';
import { Topics } from '@simpul/contracts';
import type { ContextLogger } from '@simpul/observability';

export function createKafka(brokers: string[], clientId: string, log?: ContextLogger): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 300, retries: 10 },
    logCreator: () => (entry) => {
      if (!log) return;
      const fields = { kafkaLevel: entry.level, namespace: entry.namespace, error: entry.log.error };
      if (entry.level <= logLevel.ERROR) log.error(entry.log.message, fields);
      else log.warn(entry.log.message, fields);
    },
  });
}

/** Idempotent producer with acks=all: a retried send never duplicates within the producer session. */
export async function createProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  return producer;
}

export const COMPRESSION = CompressionTypes.None;

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
        replicationFactor: 1,
        configEntries: [{ name: 'max.message.bytes', value: String(1024 * 1024) }],
      }));
    if (wanted.length > 0) await admin.createTopics({ topics: wanted, waitForLeaders: true });
    return wanted.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}
