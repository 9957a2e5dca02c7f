import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
  outboxBatches: new Counter({
    name: 'simpul_outbox_batches_total',
    help: 'Outbox relay batches published to Kafka (rows per batch = published / batches)',
    registers: [registry],
  }),
  applications: new Counter({
    name: 'simpul_applications_total',
    help: 'Application status transitions, by life event and new status',
    labelNames: ['life_event', 'status'] as const,
    registers: [registry],
  }),
  stepDuration: new Histogram({
    name: 'simpul_step_duration_seconds',
    help: 'Time from a step starting to its final status, by agency, step and final status',
    labelNames: ['agency', 'step', 'status'] as const,
    buckets: [0.1, 0.5, 1, 5, 30, 60, 300, 3600, 86_400, 604_800],
    registers: [registry],
  }),
  slaBreaches: new Counter({
    name: 'simpul_sla_breaches_total',
    help: 'Steps that stayed open longer than their SLA, by agency',
    labelNames: ['agency'] as const,
    registers: [registry],
  }),
  activityRetries: new Counter({
    name: 'simpul_activity_retries_total',
    help: 'Agency calls that were retries (attempt > 1), by agency',
    labelNames: ['agency'] as const,
    registers: [registry],
  }),
  consumerLag: new Gauge({
    name: 'simpul_kafka_consumer_lag',
    help: 'Messages not yet consumed, by consumer group and topic',
    labelNames: ['group', 'topic'] as const,
    registers: [registry],
  }),
  outboxBacklog: new Gauge({ name: 'simpul_outbox_backlog', help: 'Outbox rows waiting to be relayed', registers: [registry] }),
  outboxOldestAge: new Gauge({ name: 'simpul_outbox_oldest_age_seconds', help: 'Age of the oldest outbox row waiting', registers: [registry] }),
  agencyCalls: new Histogram({
    name: 'simpul_agency_call_seconds',
    help: 'Agency API call duration, by agency and result',
    labelNames: ['agency', 'result'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  }),
};
