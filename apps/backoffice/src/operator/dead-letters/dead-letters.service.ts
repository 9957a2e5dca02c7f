import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Topics } from '@simpul/contracts';
import type { Principal } from '@simpul/auth';
import { ProblemException } from '@simpul/http';
import { KAFKA_PRODUCER, REPLAY_OF_HEADER, type MessagePublisher } from '@simpul/messaging';
import { OperatorActionsRepository } from '../common/operator-actions.repository';
import { maskPersonal } from '../common/personal-data';
import { DeadLettersRepository, type DeadLetterRow } from './dead-letters.repository';

/** Topics a dead letter may be replayed to: the ones our consumers dead-letter from. */
const REPLAYABLE_TOPICS: readonly string[] = [Topics.submitted, Topics.status];
/** The consumer keeps at most this much of the original value in the dead letter; a value this long was cut. */
const KEPT_VALUE_BYTES = 256 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const conflict = (detail: string) => new ProblemException({ type: 'https://simpul.go.id/problems/dead-letter-not-open', title: 'Action no longer applies', status: 409, detail });

/**
 * Dead letters: list, replay to the origin topic after a fix, or discard with a reason. A dead letter is replayed at
 * most once: the replay takes its row lock, checks it is still OPEN, publishes (acks=all) and marks it REPLAYED in
 * the same transaction, so two operators (or a double click) cannot both replay it. If the replayed message fails
 * again, the consumer dead-letters it anew and it appears as a new dead letter with `replayOf` set.
 */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly repo: DeadLettersRepository,
    private readonly actions: OperatorActionsRepository,
    @Inject(KAFKA_PRODUCER) private readonly producer: MessagePublisher,
  ) {}

  async list(filter: { status?: string; originTopic?: string; key?: string }, limit: number, offset: number) {
    const rows = await this.repo.list(filter, limit, offset);
    return { items: rows.map((r) => view(r, false)), total: rows[0]?.total ?? 0, limit, offset };
  }

  async one(id: number) {
    const row = await this.repo.one(id);
    if (!row) throw new NotFoundException(`dead letter ${id} was not found`);
    return view(row, true);
  }

  replay(principal: Principal, id: number, reason: string) {
    return this.actions.perform(principal, { action: 'REPLAY_DEAD_LETTER', applicationId: null, target: String(id), reason }, () =>
      this.repo.transaction(async (em) => {
        const row = await this.repo.one(id, em, true);
        if (!row) throw new NotFoundException(`dead letter ${id} was not found`);
        if (row.status !== 'OPEN') throw conflict(`dead letter ${id} is already ${row.status}${row.replayed_by ? ` (by ${row.replayed_by})` : ''}`);
        if (!row.origin_topic || !REPLAYABLE_TOPICS.includes(row.origin_topic)) throw conflict(`dead letter ${id} came from ${row.origin_topic ?? 'an unknown topic'}, which is not replayed`);
        if (!row.value || row.value.length === 0) throw conflict(`dead letter ${id} has no value to replay`);
        if (row.value.length >= KEPT_VALUE_BYTES) throw conflict(`dead letter ${id} holds only the first ${KEPT_VALUE_BYTES} bytes of its message; it cannot be replayed`);
        const [meta] = await this.producer.send({
          topic: row.origin_topic,
          acks: -1,
          messages: [{ key: row.message_key, value: row.value, headers: { [REPLAY_OF_HEADER]: String(id), 'x-replayed-by': principal.subject } }],
        });
        await this.repo.markReplayed(em, id, principal.subject, meta.partition, meta.baseOffset ?? null);
        return { id, status: 'REPLAYED', replayedTo: { topic: row.origin_topic, partition: meta.partition, offset: meta.baseOffset ?? null } };
      }),
    );
  }

  /** Replays several; each is its own action (recorded, and refused on its own if it no longer applies). */
  async replayMany(principal: Principal, ids: number[], reason: string) {
    const results: Array<Record<string, unknown>> = [];
    for (const id of [...new Set(ids)]) {
      try {
        results.push({ ...(await this.replay(principal, id, reason)), outcome: 'REPLAYED' });
      } catch (err) {
        if (!(err instanceof ProblemException) && !(err instanceof NotFoundException)) throw err;
        results.push({ id, outcome: 'REFUSED', httpStatus: err.getStatus(), detail: (err.getResponse() as { detail?: string; message?: string }).detail ?? (err.getResponse() as { message?: string }).message });
      }
    }
    return { results, replayed: results.filter((r) => r.outcome === 'REPLAYED').length, refused: results.filter((r) => r.outcome === 'REFUSED').length };
  }

  discard(principal: Principal, id: number, reason: string) {
    return this.actions.perform(principal, { action: 'DISCARD_DEAD_LETTER', applicationId: null, target: String(id), reason }, async () => {
      if (!(await this.repo.discard(id, principal.subject, reason))) {
        const row = await this.repo.one(id);
        if (!row) throw new NotFoundException(`dead letter ${id} was not found`);
        throw conflict(`dead letter ${id} is already ${row.status}`);
      }
      return { id, status: 'DISCARDED' };
    });
  }
}

/** The original value is shown only on the detail, and masked: a submitted application carries personal data. */
function view(r: DeadLetterRow, withValue: boolean) {
  let preview: unknown = undefined;
  if (withValue && r.value) {
    try {
      preview = maskPersonal(JSON.parse(r.value.toString('utf8')) as unknown);
    } catch {
      preview = null;
    }
  }
  return {
    id: Number(r.id),
    status: r.status,
    error: r.error,
    consumerGroup: r.consumer_group,
    origin: { topic: r.origin_topic, partition: r.origin_partition, offset: r.origin_offset },
    deadLetter: { partition: r.dlq_partition, offset: r.dlq_offset, eventId: r.event_id },
    key: r.message_key,
    applicationId: r.message_key && UUID.test(r.message_key) ? r.message_key : null,
    valueBytes: r.value?.length ?? 0,
    replayable: r.status === 'OPEN' && !!r.origin_topic && REPLAYABLE_TOPICS.includes(r.origin_topic) && !!r.value && r.value.length > 0 && r.value.length < KEPT_VALUE_BYTES,
    replayOf: r.replay_of ? Number(r.replay_of) : null,
    deadLetteredAt: r.dead_lettered_at ? new Date(r.dead_lettered_at).toISOString() : null,
    recordedAt: new Date(r.recorded_at).toISOString(),
    replayed: r.replayed_at ? { at: new Date(r.replayed_at).toISOString(), by: r.replayed_by, partition: r.replay_partition, offset: r.replay_offset } : null,
    discarded: r.discarded_at ? { at: new Date(r.discarded_at).toISOString(), by: r.discarded_by, reason: r.discard_reason } : null,
    ...(withValue ? { valuePreview: preview } : {}),
  };
}
