import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@simpul/contracts';
import { REPLAY_OF_HEADER, type ConsumerExtras, type InboundMessage } from '@simpul/messaging';
import { DeadLettersRepository } from './dead-letters.repository';

interface DeadLetterPayload {
  error?: string;
  consumerGroup?: string;
  origin?: { topic?: string; partition?: number; offset?: string };
  originalKey?: string | null;
  originalValueBase64?: string | null;
}

/**
 * Keeps a durable index of `applications.dlq.v1` in PostgreSQL, in its own consumer group (`<prefix>.backoffice-dead-letters`): one row per dead letter
 * (keyed by its DLQ partition and offset, so a re-delivery is recorded once), with its error, origin and the
 * original bytes. It never throws poison: a dead letter it cannot parse is still recorded, as unparseable, because
 * dead-lettering a dead letter would only send it back to the same topic.
 */
@Controller()
export class DeadLetterIndexConsumer {
  constructor(private readonly repo: DeadLettersRepository) {}

  @EventPattern(Topics.deadLetters, { group: 'backoffice-dead-letters' } satisfies ConsumerExtras)
  async record(@Payload() message: InboundMessage): Promise<void> {
    let envelope: { eventId?: string; occurredAt?: string; payload?: DeadLetterPayload } = {};
    try {
      envelope = JSON.parse(message.value?.toString('utf8') ?? '') as typeof envelope;
    } catch {
      envelope = { payload: { error: 'unparseable dead letter (not a DeadLetter envelope)' } };
    }
    const p = envelope.payload ?? {};
    const replayOf = Number(message.headers[REPLAY_OF_HEADER] ?? '') || null;
    const offset = p.origin?.offset !== undefined && /^\d+$/.test(String(p.origin.offset)) ? String(p.origin.offset) : null;
    await this.repo.record({
      dlqPartition: message.partition,
      dlqOffset: message.offset,
      eventId: typeof envelope.eventId === 'string' ? envelope.eventId : null,
      error: String(p.error ?? 'unknown error').slice(0, 2000),
      consumerGroup: p.consumerGroup ?? null,
      originTopic: p.origin?.topic ?? message.headers['x-origin-topic'] ?? null,
      originPartition: Number.isInteger(p.origin?.partition) ? (p.origin?.partition ?? null) : null,
      originOffset: offset,
      messageKey: p.originalKey ?? message.key,
      value: p.originalValueBase64 ? Buffer.from(p.originalValueBase64, 'base64') : null,
      replayOf,
      deadLetteredAt: envelope.occurredAt && !Number.isNaN(Date.parse(envelope.occurredAt)) ? envelope.occurredAt : null,
    });
  }
}
