import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process; labels never carry personal data (ids of agencies, topics, statuses only). */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const metrics = {
  httpRequests: new Counter({
    name: 'simpul_http_requests_total',
    help: 'HTTP requests by route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  }),
  messagesConsumed: new Counter({
    name: 'simpul_kafka_messages_consumed_total',
    help: 'Kafka messages handled, by topic and result',
    labelNames: ['topic', 'result'] as const,
    registers: [registry],
  }),
  deadLetters: new Counter({
    name: 'simpul_dead_letters_total',
    help: 'Messages sent to the dead-letter topic, by origin topic',
    labelNames: ['topic'] as const,
    registers: [registry],
  }),
  outboxPublished: new Counter({
    name: 'simpul_outbox_published_total',
    help: 'Outbox rows published to Kafka',
    registers: [registry],
  }),
  agencyCalls: new Histogram({
    name: 'simpul_agency_call_seconds',
    help: 'Agency API call duration, by agency and result',
    labelNames: ['agency', 'result'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  }),
};
