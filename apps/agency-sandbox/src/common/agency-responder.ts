import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { signCallback } from '@simpul/auth';
import type { JsonLogger, ContextLogger } from '@simpul/observability';
import { FaultInjector } from './faults';
import type { AgencyAnswer } from './idempotency';

/** The agencies on Simpul's push contract report the rule set that decided (X-Rule-Version); the others do not. */
const RULE_VERSIONS: Record<string, string> = {
  'social-aid': 'kemensos-dtsen-2025.2',
  'bpjs-employment': 'bpjstk-jkm-2024.1',
};

const LOOPBACK = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//;
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16000];

export interface ResponderSettings {
  asyncAgencies: string[];
  secrets: Record<string, string>;
}

/**
 * Answers like the agency would: synchronously, or (for agencies configured asynchronous, when the caller gave a
 * callback URL) with 202 now and a signed callback later. A repeated request repeats the callback, so a lost one heals.
 */
@Injectable()
export class AgencyResponder {
  private readonly log: ContextLogger;

  constructor(
    private readonly settings: ResponderSettings,
    private readonly faults: FaultInjector,
    logger: JsonLogger,
  ) {
    this.log = logger.child('agency-responder');
  }

  send(res: Response, answer: AgencyAnswer): void {
    const agency = res.req.path.split('/')[1] ?? '';
    const delay = this.faults.takeResponseDelay(agency, res.req.header('x-correlation-id') ?? '');
    if (delay > 0) {
      setTimeout(() => this.answer(res, agency, answer), delay);
      return;
    }
    this.answer(res, agency, answer);
  }

  /**
   * Answers in the agency's own style (status, body as JSON or text, headers), after the act committed. Injected
   * faults that hit here: a held answer (responseDelayMs) and a connection dropped after the commit (dropAfterCommitRate).
   */
  reply(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const agency = res.req.path.split('/')[1] ?? '';
    const send = () => {
      if (res.writableEnded || res.destroyed) return;
      if (this.faults.takeDropAfterCommit(agency, res.req.header('x-correlation-id') ?? '')) {
        res.socket?.destroy();
        return;
      }
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      if (typeof body === 'string') res.status(status).send(body);
      else res.status(status).json(body);
    };
    const delay = this.faults.takeResponseDelay(agency, res.req.header('x-correlation-id') ?? '');
    if (delay > 0) setTimeout(send, delay);
    else send();
  }

  private answer(res: Response, agency: string, answer: AgencyAnswer): void {
    if (res.writableEnded || res.destroyed) return;
    const ruleVersion = RULE_VERSIONS[agency];
    if (ruleVersion) res.setHeader('X-Rule-Version', ruleVersion);
    const callbackUrl = res.req.header('x-callback-url');
    const key = res.req.header('idempotency-key');
    if (!this.settings.asyncAgencies.includes(agency) || !callbackUrl || !key || answer.status >= 500) {
      res.status(answer.status).json(answer.body);
      return;
    }
    res.status(202).json({ accepted: true, idempotencyKey: key });
    const { delayMs, copies } = this.faults.callbackPlan(agency);
    const body = JSON.stringify({ idempotencyKey: key, status: answer.status, body: answer.body, ruleVersion });
    for (let i = 0; i < copies; i++) setTimeout(() => void this.deliver(agency, callbackUrl, body, 0), delayMs + i * 50);
  }

  private async deliver(agency: string, url: string, body: string, attempt: number): Promise<void> {
    const secret = this.settings.secrets[agency];
    if (!secret || !LOOPBACK.test(url)) {
      this.log.warn('callback not sent: no secret, or not a loopback URL (the sandbox calls back only on this machine)', { agency });
      return;
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const nonce = randomBytes(16).toString('hex');
    let status = 0;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Agency-Id': agency,
          'X-Timestamp': String(timestamp),
          'X-Nonce': nonce,
          'X-Signature': signCallback(secret, timestamp, nonce, body),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
    } catch {
      status = 0;
    }
    if ((status === 0 || status >= 500) && attempt < RETRY_DELAYS_MS.length) {
      setTimeout(() => void this.deliver(agency, url, body, attempt + 1), RETRY_DELAYS_MS[attempt]);
    } else if (status >= 300 || status === 0) {
      this.log.warn('callback not accepted', { agency, status, attempt });
    }
  }
}
