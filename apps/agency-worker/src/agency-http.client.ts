import { createHash } from 'node:crypto';
import { CompleteAsyncError, Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { AGENCY_CONTRACT_ERROR, AGENCY_REJECTION, type AgencyEvidence, type AgencyId, type AgencyRejectionDetails, type AgencyStepRequest, type LocalizedText } from '@simpul/contracts';
import type { AgencyConnection, AgencyProfile } from '@simpul/config';
import type { NewPendingCall } from '@simpul/persistence';
import { GatewayTokens } from './gateway-tokens';
import { APPLICATION_ID, inSpan, metrics, traceHeaders, withTraceFrom, type ContextLogger } from '@simpul/observability';

export interface AgencyResponse<T> {
  status: number;
  body: T;
  /** The agency's rule-set version that decided (X-Rule-Version), recorded with the step. */
  ruleVersion?: string;
  evidence?: AgencyEvidence;
}

/** One request in the agency's own protocol, built by its adapter: exactly these bytes are sent (and hashed). */
export interface AgencyExchange {
  method?: 'GET' | 'POST';
  /** Relative to the agency's base URL (direct, or through the gateway). */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The agency's raw answer; the adapter reads it in the agency's own style. */
export interface AgencyReply {
  status: number;
  text: string;
  headers: Headers;
  /** Hashes over what was sent and what came back; an adapter that decrypts replaces responseSha256 (see answered). */
  evidence: AgencyEvidence;
}

/** What adapters call; the HTTP client below, or the answer of an asynchronous callback. */
export interface AgencyHttp {
  /** Simpul's own push contract (Idempotency-Key, 202 + signed callback): the agency that kept it. */
  post<T>(path: string, request: AgencyStepRequest, action: string, body: Record<string, unknown>): Promise<AgencyResponse<T>>;
  /** Any other agency, as it is: the adapter owns the protocol, this owns transport, heartbeats, tracing, evidence. */
  exchange(request: AgencyStepRequest, action: string, call: AgencyExchange): Promise<AgencyReply>;
}

/** The evidence of a reply whose meaningful content is not its raw bytes (an encrypted answer): hash the plaintext. */
export function answered(reply: AgencyReply, plaintext: string): void {
  reply.evidence.responseSha256 = sha256(plaintext);
}

/** How an agency answers a business rejection (never retried). */
export interface AgencyErrorBody {
  errorCode?: string;
  message?: LocalizedText;
}

/** Records the call of an asynchronous step before it is sent, so the agency's callback can complete it. */
export interface PendingCalls {
  register(call: NewPendingCall): Promise<void>;
  /** The agency accepted the call (202); its callback comes later. */
  accepted(idempotencyKey: string): Promise<void>;
  /** The call was answered (by its callback, or at once in the HTTP response): nothing waits for it any more. */
  answered(idempotencyKey: string): Promise<void>;
}

export const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

export function idempotencyKeyOf(request: AgencyStepRequest, action: string): string {
  return `${request.applicationId}:${request.stepId}:${action}`;
}

/** A business rejection: the step ends REJECTED and Temporal never retries it. The evidence goes with it. */
export function agencyRejection(code: string, message: LocalizedText, evidence?: AgencyEvidence): ApplicationFailure {
  const details: AgencyRejectionDetails = { code, message, ...(evidence ? { evidence } : {}) };
  return ApplicationFailure.create({ message: message.en, type: AGENCY_REJECTION, nonRetryable: true, details: [details] });
}

const CONTRACT_ERRORS = new Set([400, 401, 403, 404]);

/** Maps an agency's answer: 2xx is the result, 422/409 a business rejection, anything else a technical failure. */
export function interpretAnswer<T>(agency: AgencyId, status: number, body: unknown, evidence?: AgencyEvidence): T {
  const parsed = (body ?? {}) as T & AgencyErrorBody;
  if (status === 422 || status === 409) {
    throw agencyRejection(parsed.errorCode ?? 'REJECTED', parsed.message ?? { id: `Ditolak oleh ${agency}.`, en: `Rejected by ${agency}.` }, evidence);
  }
  // Our request or configuration is wrong: still retryable (old applications resume once it is fixed), but typed so
  // newer workflows stop at once and hold the step for an operator (see AGENCY_CONTRACT_ERROR).
  if (CONTRACT_ERRORS.has(status)) throw retryableFailure(`${agency} answered ${status}: the request or configuration is wrong`, AGENCY_CONTRACT_ERROR);
  if (status < 200 || status >= 300) throw retryableFailure(`${agency} answered ${status}`);
  return parsed;
}

/** Exponential backoff with full jitter, so agencies recovering from an outage are not hit by every retry at once. */
export function jitteredDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Our request or configuration is wrong (credentials, signature, caller address, contract): held for an operator. */
export function contractError(message: string): ApplicationFailure {
  return retryableFailure(message, AGENCY_CONTRACT_ERROR);
}

/** The agency is down, slow or failing technically: retried with backoff, without limit. */
export function technicalFailure(message: string, retryAfterMs?: number): ApplicationFailure {
  const failure = retryableFailure(message);
  // The agency said when to come back (Retry-After): honour it rather than our own backoff.
  return retryAfterMs && retryAfterMs > 0 ? ApplicationFailure.create({ message, type: failure.type ?? undefined, nonRetryable: false, nextRetryDelay: retryAfterMs }) : failure;
}

function retryableFailure(message: string, type = 'AgencyUnavailable'): ApplicationFailure {
  let attempt = 1;
  try {
    attempt = Context.current().info.attempt;
  } catch {
    // not inside an activity (a callback): Temporal's own backoff applies
  }
  return ApplicationFailure.create({ message, type, nonRetryable: false, nextRetryDelay: jitteredDelayMs(attempt) });
}

/**
 * Calls one agency's API, directly or through the gateway (one client per profile; the connection registry picks one
 * per step). The application id and step id travel as the Idempotency-Key, so a retried call returns the agency's
 * first result instead of acting twice; the correlation id travels too. A synchronous call heartbeats while it waits;
 * an asynchronous step registers itself, then the agency may answer 202 and call back later.
 */
export class AgencyHttpClient implements AgencyHttp {
  private readonly gateway: GatewayTokens | undefined;

  constructor(
    readonly agency: AgencyId,
    private readonly connection: AgencyConnection,
    private readonly log: ContextLogger,
    private readonly options: { timeoutMs: number; callbackUrl: string },
    private readonly pending: PendingCalls,
    readonly profile: AgencyProfile = 'DIRECT',
  ) {
    if (profile === 'GATEWAY' && !connection.gateway) throw new Error(`no gateway is configured for ${agency} (SIMPUL_GATEWAY_URL)`);
    this.gateway = profile === 'GATEWAY' && connection.gateway ? new GatewayTokens(connection.gateway, options.timeoutMs) : undefined;
  }

  exchange(request: AgencyStepRequest, action: string, call: AgencyExchange): Promise<AgencyReply> {
    return withTraceFrom({ traceparent: request.traceparent }, () =>
      inSpan(`agency.call ${this.agency} ${action}`, { [APPLICATION_ID]: request.applicationId, 'simpul.step': request.stepId, 'simpul.agency': this.agency }, () =>
        this.transmit(request, call),
      ),
    );
  }

  /** Where a path of the agency's API is reached: the agency itself, or the gateway in front of it. */
  private async target(path: string): Promise<{ url: string; headers: Record<string, string> }> {
    if (!this.gateway) return { url: `${this.connection.baseUrl}${path}`, headers: {} };
    return { url: `${this.gateway.baseUrl}/${this.agency}${path}`, headers: { 'X-Gateway-Authorization': `Bearer ${await this.gateway.token()}` } };
  }

  private async transmit(request: AgencyStepRequest, call: AgencyExchange): Promise<AgencyReply> {
    const reply = await this.transmitOnce(request, call);
    // The gateway refused its own token (expired early, gateway restarted): fetch a new one and send again, once.
    if (reply.status !== 401 || !this.gateway || !reply.headers.get('x-gateway-error')) return reply;
    this.gateway.forget();
    return this.transmitOnce(request, call);
  }

  private async transmitOnce(request: AgencyStepRequest, call: AgencyExchange): Promise<AgencyReply> {
    const context = Context.current();
    const requestedAt = new Date().toISOString();
    const { url, headers } = await this.target(call.path);
    const started = process.hrtime.bigint();
    const beat = setInterval(() => context.heartbeat(), 2000);
    try {
      const response = await fetch(url, {
        method: call.method ?? 'POST',
        headers: { 'X-Correlation-Id': request.correlationId, ...traceHeaders(), ...headers, ...call.headers },
        body: call.body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await response.text();
      this.observe(started, response.status < 300 ? 'ok' : `http_${response.status}`);
      const evidence: AgencyEvidence = {
        requestSha256: sha256(call.body ?? `${call.method ?? 'POST'} ${call.path}`),
        responseSha256: sha256(text),
        httpStatus: response.status,
        requestedAt,
        respondedAt: new Date().toISOString(),
        via: 'response',
      };
      return { status: response.status, text, headers: response.headers, evidence };
    } catch (err) {
      this.observe(started, 'unreachable');
      throw retryableFailure(`${this.agency} unreachable: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearInterval(beat);
    }
  }

  post<T>(path: string, request: AgencyStepRequest, action: string, body: Record<string, unknown>): Promise<AgencyResponse<T>> {
    return withTraceFrom({ traceparent: request.traceparent }, () =>
      inSpan(`agency.call ${this.agency} ${action}`, { [APPLICATION_ID]: request.applicationId, 'simpul.step': request.stepId, 'simpul.agency': this.agency }, () =>
        this.send<T>(path, request, action, body),
      ),
    );
  }

  private async send<T>(path: string, request: AgencyStepRequest, action: string, body: Record<string, unknown>): Promise<AgencyResponse<T>> {
    const idempotencyKey = idempotencyKeyOf(request, action);
    const text = JSON.stringify(body);
    const requestSha256 = sha256(text);
    const requestedAt = new Date().toISOString();
    const context = Context.current();
    if (context.info.attempt > 1) metrics.activityRetries.inc({ agency: this.agency });
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Idempotency-Key': idempotencyKey,
      'X-Correlation-Id': request.correlationId,
      'X-Api-Key': this.connection.credentials.apiKey ?? '',
      ...traceHeaders(),
    };
    if (request.mode === 'async') {
      await this.pending.register({ idempotencyKey, agency: this.agency, activityType: context.info.activityType, taskToken: context.info.taskToken, request, requestSha256 });
      headers['X-Callback-Url'] = this.options.callbackUrl;
    }
    const started = process.hrtime.bigint();
    const beat = setInterval(() => context.heartbeat(), 2000);
    let response: Response;
    let answer: string;
    try {
      const target = await this.target(path);
      response = await fetch(target.url, { method: 'POST', headers: { ...headers, ...target.headers }, body: text, signal: AbortSignal.timeout(this.options.timeoutMs) });
      answer = await response.text();
    } catch (err) {
      this.observe(started, 'unreachable');
      throw retryableFailure(`${this.agency} unreachable: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearInterval(beat);
    }
    this.observe(started, response.status < 300 ? 'ok' : `http_${response.status}`);
    if (response.status === 202) {
      if (request.mode === 'async') {
        await this.pending.accepted(idempotencyKey);
        throw new CompleteAsyncError();
      }
      throw retryableFailure(`${this.agency} answered 202 to a synchronous step; check the agency's integration mode`);
    }
    // An asynchronous agency may answer at once (e.g. a repeat of a request it already decided): no callback will come.
    if (request.mode === 'async' && response.status < 500) await this.pending.answered(idempotencyKey);
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      this.log.warn('agency call failed; it will be retried', { agency: this.agency, status: response.status, applicationId: request.applicationId, stepId: request.stepId });
    }
    const evidence: AgencyEvidence = {
      requestSha256,
      responseSha256: sha256(answer),
      httpStatus: response.status,
      requestedAt,
      respondedAt: new Date().toISOString(),
      via: 'response',
    };
    const parsed = interpretAnswer<T>(this.agency, response.status, safeJson(answer), evidence);
    return { status: response.status, body: parsed, ruleVersion: response.headers.get('x-rule-version') ?? undefined, evidence };
  }

  private observe(started: bigint, result: string): void {
    metrics.agencyCalls.observe({ agency: this.agency, result }, Number(process.hrtime.bigint() - started) / 1e9);
  }
}

export function safeJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}
