import type { Request, Response } from 'express';
import { FINAL_APPLICATION_STATUSES, type LifeEventDefinition } from '@simpul/contracts';
import type { ContextLogger } from '@simpul/observability';
import type { ApplicationsRepository } from '../applications/applications.repository';
import type { ApplicationEventsHub } from './application-events.hub';
import { citizenEvent } from './citizen-event';

export interface StreamTiming {
  /** A comment line this often keeps proxies and clients from timing the connection out. */
  heartbeatMs: number;
  /** Fallback look at the table when no notification came (one may be lost while LISTEN reconnects). */
  pollMs: number;
  /** What the client waits before reconnecting (the SSE `retry:` field). */
  retryMs: number;
}

export const STREAM_TIMING: StreamTiming = { heartbeatMs: 15_000, pollMs: 5_000, retryMs: 2_000 };
const BATCH = 200;

/**
 * Serves one application's status events as Server-Sent Events, from application_events (the projector's record,
 * numbered 1..n per application): first those after `lastSeq` (the client's Last-Event-ID), then each new one as the
 * projector commits it. Events go out strictly in sequence and without gaps: a later event recorded before an earlier
 * one (parallel steps publish concurrently) waits for it, so a client that resumes from its last id neither misses
 * nor repeats one. `id:` is the sequence number. The stream ends, with an `end` event, once the application is final
 * and its final event was sent.
 */
export async function streamApplicationEvents(options: {
  req: Request;
  res: Response;
  applicationId: string;
  lastSeq: number;
  def: LifeEventDefinition;
  repo: ApplicationsRepository;
  hub: ApplicationEventsHub;
  log: ContextLogger;
  timing?: StreamTiming;
}): Promise<void> {
  const { req, res, applicationId, def, repo, hub } = options;
  const timing = options.timing ?? STREAM_TIMING;
  let last = options.lastSeq;
  let open = true;
  let wake: (() => void) | undefined;
  // Set by a notification; cleared before each look at the table, so one that comes during the look is not lost.
  let nudged = false;
  const nudge = () => {
    nudged = true;
    wake?.();
  };
  const close = () => {
    open = false;
    nudge();
  };
  req.on('close', close);
  const unsubscribe = hub.subscribe(applicationId, nudge);
  const untrack = hub.trackStream(close);

  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write(`retry: ${timing.retryMs}\n: events of application ${applicationId} after ${last}\n\n`);
  let lastWrite = Date.now();

  try {
    while (open) {
      nudged = false;
      let more = true;
      while (open && more) {
        const rows = await repo.eventsAfter(applicationId, last, BATCH);
        let sent = 0;
        for (const row of rows) {
          if (row.seq !== last + 1) break; // a gap: the missing event is still on its way
          res.write(`id: ${row.seq}\ndata: ${JSON.stringify(citizenEvent(applicationId, row, def))}\n\n`);
          last = row.seq;
          sent += 1;
        }
        if (sent > 0) lastWrite = Date.now();
        more = sent === BATCH;
      }
      const state = await repo.streamState(applicationId);
      if (!state || (FINAL_APPLICATION_STATUSES.includes(state.status) && last >= state.statusSeq)) {
        res.write(`event: end\ndata: ${JSON.stringify({ applicationId, status: state?.status ?? null, lastEventId: last })}\n\n`);
        break;
      }
      const idle = Date.now() - lastWrite;
      if (idle >= timing.heartbeatMs) {
        res.write(': heartbeat\n\n');
        lastWrite = Date.now();
      }
      if (nudged) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(timing.pollMs, Math.max(50, timing.heartbeatMs - (Date.now() - lastWrite))));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } catch (err) {
    options.log.warn('event stream failed; the client will resume from its last event id', { applicationId, lastSeq: last, error: err });
  } finally {
    unsubscribe();
    untrack();
    req.off('close', close);
    res.end();
  }
}
