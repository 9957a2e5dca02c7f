import { ApplicationFailure } from '@temporalio/common';
import { AGENCY_REJECTION, type AgencyId, type AgencyRejectionDetails, type AgencyStepRequest, type LocalizedText } from '@simpul/contracts';
import { metrics, type ContextLogger } from '@simpul/observability';

export interface AgencyResponse<T> {
  status: number;
  body: T;
  /** The agency's rule-set version that decided (X-Rule-Version), recorded with the step. */
  ruleVersion?: string;
}

/** How an agency answers a business rejection (never retried). */
export interface AgencyErrorBody {
  errorCode?: string;
  message?: LocalizedText;
}

/**
 * Calls one agency's API. The application id and step id travel as the Idempotency-Key, so a retried call returns the
 * agency's first result instead of acting twice. 422 and 409 are business answers; anything else that is not 2xx is a
 * technical failure and is retried by Temporal with backoff.
 */
export class AgencyHttpClient {
  constructor(
    readonly agency: AgencyId,
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly log: ContextLogger,
    private readonly timeoutMs = 10_000,
  ) {}

  async post<T>(path: string, request: AgencyStepRequest, action: string, body: Record<string, unknown>): Promise<AgencyResponse<T>> {
    const started = process.hrtime.bigint();
    const idempotencyKey = `${request.applicationId}:${request.stepId}:${action}`;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': idempotencyKey,
          'X-Correlation-Id': request.correlationId,
          'X-Api-Key': this.apiKey,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      this.observe(started, 'unreachable');
      throw ApplicationFailure.retryable(`${this.agency} unreachable: ${err instanceof Error ? err.message : String(err)}`, 'AgencyUnavailable');
    }
    const text = await response.text();
    const parsed = text ? (safeJson(text) as T & AgencyErrorBody) : ({} as T & AgencyErrorBody);
    if (response.status === 422 || response.status === 409) {
      this.observe(started, 'rejected');
      throw agencyRejection(parsed.errorCode ?? 'REJECTED', parsed.message ?? { id: `Ditolak oleh ${this.agency}.`, en: `Rejected by ${this.agency}.` });
    }
    if (response.status < 200 || response.status >= 300) {
      this.observe(started, `http_${response.status}`);
      this.log.warn('agency call failed; Temporal will retry', { agency: this.agency, status: response.status, applicationId: request.applicationId, stepId: request.stepId });
      throw ApplicationFailure.retryable(`${this.agency} answered ${response.status}`, 'AgencyUnavailable');
    }
    this.observe(started, 'ok');
    return { status: response.status, body: parsed, ruleVersion: response.headers.get('x-rule-version') ?? undefined };
  }

  private observe(started: bigint, result: string): void {
    metrics.agencyCalls.observe({ agency: this.agency, result }, Number(process.hrtime.bigint() - started) / 1e9);
  }
}

/** A business rejection: the step ends REJECTED and Temporal never retries it. */
export function agencyRejection(code: string, message: LocalizedText): ApplicationFailure {
  const details: AgencyRejectionDetails = { code, message };
  return ApplicationFailure.create({ message: message.en, type: AGENCY_REJECTION, nonRetryable: true, details: [details] });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
