import { EventSubscriber, type EntitySubscriberInterface, type InsertEvent } from 'typeorm';
import { traceHeaders } from '@simpul/observability';
import { OutboxEntity } from './entities/outbox.entity';

/** Every outbox row carries the trace it was written in, so the trace continues through Kafka to the consumer. */
@EventSubscriber()
export class OutboxTraceSubscriber implements EntitySubscriberInterface<OutboxEntity> {
  listenTo() {
    return OutboxEntity;
  }

  beforeInsert(event: InsertEvent<OutboxEntity>): void {
    event.entity.headers = { ...traceHeaders(), ...(event.entity.headers ?? {}) };
  }
}
