import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { JsonLogger, type ContextLogger } from '@simpul/observability';
import { WebhookDeliveriesRepository, type DueDeliveryRow } from '@simpul/persistence';
import { ApplicationEventsHub } from '../live/application-events.hub';
import { PortalSettings } from '../portal.settings';
import { SecretBox } from './secret-box';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './webhook-signature';

interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: Date;
}

/** Attempts before a delivery is given up (FAILED; the portal can ask for a redelivery): about four hours in all. */
export const MAX_ATTEMPTS = 15;
/** Wait after the n-th failed attempt: 1 s, 2 s, 4 s … doubling, at most an hour. */
export const backoffMs = (failedAttempts: number): number => Math.min(3_600_000, 1000 * 2 ** Math.max(0, failedAttempts - 1));

/**
 * Sends the webhook deliveries the status projector queued: signed, at least once (the receiver deduplicates by
 * event id or X-Simpul-Delivery), retried with exponential backoff. A batch's rows stay locked while it is sent
 * (each call times out after a few seconds); a crash mid-batch leaves them pending, to be sent again.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  readonly batchSize = 16;
  readonly idleMs = 500;
  readonly timeoutMs = 5_000;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private nudged = false;
  private unsubscribe: (() => void) | undefined;
  private readonly box: SecretBox;
  private readonly log: ContextLogger;

  constructor(
    private readonly ds: DataSource,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly hub: ApplicationEventsHub,
    settings: PortalSettings,
    logger: JsonLogger,
  ) {
    this.box = new SecretBox(settings.applicantPepper);
    this.log = logger.child('webhook-delivery');
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.unsubscribe = this.hub.subscribeAll(() => this.kick());
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.kick();
    await this.loop;
  }

  kick(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** Sends one batch of due deliveries; returns how many were attempted. */
  async deliverOnce(): Promise<number> {
    return this.ds.transaction(async (em) => {
      const due = await this.deliveries.claimDue(em, this.batchSize);
      const results = await Promise.all(due.map((d) => this.send(d)));
      for (const [i, d] of due.entries()) await this.record(em, d, results[i]);
      return due.length;
    });
  }

  private async send(d: DueDeliveryRow): Promise<AttemptResult> {
    const at = new Date();
    const started = Date.now();
    try {
      const body = JSON.stringify(d.payload);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const res = await fetch(d.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Simpul-Webhooks/1',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhook(this.box.open(d.secret_sealed), timestamp, body),
          'X-Simpul-Delivery': d.id,
          'X-Simpul-Event-Id': d.event_id,
          'X-Simpul-Event': d.event_type,
        },
        body,
      });
      await res.body?.cancel().catch(() => undefined);
      const ok = res.status >= 200 && res.status < 300;
      return { ok, statusCode: res.status, error: ok ? null : `HTTP ${res.status}`, durationMs: Date.now() - started, at };
    } catch (err) {
      return { ok: false, statusCode: null, error: describe(err), durationMs: Date.now() - started, at };
    }
  }

  private async record(em: EntityManager, d: DueDeliveryRow, r: AttemptResult): Promise<void> {
    const attempt = d.attempts + 1;
    const status = r.ok ? 'DELIVERED' : attempt >= MAX_ATTEMPTS ? 'FAILED' : 'PENDING';
    await this.deliveries.recordAttempt(em, { deliveryId: d.id, attempt, at: r.at, durationMs: r.durationMs, statusCode: r.statusCode, error: r.error, status, retryInMs: r.ok ? 0 : backoffMs(attempt) });
    if (!r.ok) this.log.warn('webhook delivery failed', { webhookId: d.webhook_id, deliveryId: d.id, attempt, statusCode: r.statusCode, error: r.error, gaveUp: status === 'FAILED' });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.nudged = false;
      let sent = 0;
      try {
        sent = await this.deliverOnce();
        failures = 0;
      } catch (err) {
        failures += 1;
        this.log.warn('webhook delivery round failed; retrying', { error: err, failures });
      }
      if (sent > 0 && failures === 0) continue;
      if (this.nudged && failures === 0) continue;
      const delay = failures > 0 ? Math.min(30_000, 250 * 2 ** Math.min(failures, 7)) : this.idleMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}

/** A short reason for the log: the network error's code (ECONNREFUSED, …), else its message or name; never the body. */
function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (err.name === 'TimeoutError') return 'timed out';
    return (cause?.code ?? cause?.message ?? err.name).slice(0, 100);
  }
  return 'unknown error';
}
