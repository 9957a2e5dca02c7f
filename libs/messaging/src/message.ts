/**
 * Simpul's own message types: the seam between the code that handles or publishes messages and the Kafka client.
 * Only libs/messaging knows the client library (kafkajs today; see the README on switching), so apps and handlers
 * never change when it does.
 */

/** A message as a consumer receives it, with where it came from. */
export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  /** The partition key: the application id for every topic of ours. */
  key: string | null;
  value: Buffer | null;
  /** Headers as text (a header sent several times keeps its first value). */
  headers: Record<string, string>;
}

/** A message to publish. */
export interface OutboundMessage {
  key?: string | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
}

/** Where a published message landed. */
export interface PublishedMessage {
  topicName: string;
  partition: number;
  baseOffset?: string;
}

/** acks -1: every in-sync replica has the message before the send resolves. */
export interface PublishRecord {
  topic: string;
  messages: OutboundMessage[];
  acks?: number;
}

export interface PublishBatch {
  topicMessages: Array<{ topic: string; messages: OutboundMessage[] }>;
  acks?: number;
}

/** Publishes to Kafka (idempotent, acks=all): what apps inject under KAFKA_PRODUCER. */
export interface MessagePublisher {
  send(record: PublishRecord): Promise<PublishedMessage[]>;
  sendBatch(batch: PublishBatch): Promise<PublishedMessage[]>;
}

type RawHeaders = Record<string, Buffer | string | Array<Buffer | string> | undefined> | undefined;

/** The client's message, as Simpul's. */
export function toInbound(topic: string, partition: number, raw: { offset: string; key: Buffer | string | null; value: Buffer | null; headers?: RawHeaders }): InboundMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first.toString();
  }
  return { topic, partition, offset: raw.offset, key: raw.key === null ? null : raw.key.toString(), value: raw.value, headers };
}
