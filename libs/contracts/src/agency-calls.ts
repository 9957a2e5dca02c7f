import type { LocalizedText } from './status';

/** What an agency adapter activity receives: ids for idempotency and tracing, and only the step's inputs. */
export interface AgencyStepRequest {
  applicationId: string;
  stepId: string;
  correlationId: string;
  input: Record<string, unknown>;
  /** `async` when the step's definition lets the agency answer 202 and call back later. */
  mode?: 'async';
  /** The application's trace (W3C traceparent), carried as data so the agency call joins it. */
  traceparent?: string;
}

/** What was exchanged with the agency, kept with the step for operators (no content, only hashes and times). */
export interface AgencyEvidence {
  requestSha256: string;
  responseSha256: string;
  httpStatus: number;
  requestedAt: string;
  respondedAt: string;
  /**
   * How the answer came: in the HTTP response, by the agency's callback, by polling a ticket, or entered by hand by an
   * officer of an office that is not connected yet (the manual lane, docs/phased-integration.md).
   */
  via: 'response' | 'callback' | 'polling' | 'manual';
  /** For `manual`: the officer who entered the outcome (an account id, never a name). */
  enteredBy?: string;
  /** The agency's own reference for the act (certificate, card, ticket), where it gave one. */
  reference?: string;
}

/** PENDING: the agency took the request and decides later; its result is fetched by the `pending` ticket. */
export type AgencyOutcome = 'COMPLETED' | 'SKIPPED' | 'NEEDS_OFFICER' | 'PENDING';

/**
 * What the workflow needs to poll an agency that answers later without calling back: the agency's ticket, and the
 * action (on the same agency) that checks it once and answers again with an AgencyStepResult (PENDING while undecided).
 */
export interface AgencyPendingTicket {
  ticket: string;
  checkAction: string;
}

/**
 * Spacing of status checks of a PENDING result (workflow timers between short check activities): the first after
 * `firstCheckSeconds`, then growing by `backoffCoefficient` up to `maxIntervalSeconds`. The whole wait is bounded by the
 * step's `integration.callbackTimeoutHours`; past it the step fails and is held for an operator.
 */
export const AGENCY_POLLING = { firstCheckSeconds: 2, backoffCoefficient: 2, maxIntervalSeconds: 300 } as const;
/** Temporal failure type of a polled answer that did not come within the step's answer timeout. */
export const AGENCY_ANSWER_TIMEOUT = 'AgencyAnswerTimeout';

export interface AgencyStepResult {
  outcome: AgencyOutcome;
  /** The agency's own reference for this act (certificate number, membership number, assessment id). */
  reference?: string;
  /** Values later steps and the citizen may use (child NIK, KK number, card number). */
  outputs: Record<string, string>;
  message: LocalizedText;
  /** The agency's rule (or rule set) version that decided this outcome, recorded with the step. */
  ruleVersion?: string;
  evidence?: AgencyEvidence;
  /** With outcome PENDING: the ticket to poll and how. */
  pending?: AgencyPendingTicket;
}

/** Temporal failure type of a business rejection; never retried. */
export const AGENCY_REJECTION = 'AgencyRejection';
/**
 * Temporal failure type of an agency answer that says our request or configuration is wrong (400, 401, 403, 404).
 * Retryable for applications started before the operator console (they resume once the configuration is fixed);
 * newer ones stop at once and hold the step FAILED for an operator, who fixes the cause and retries it.
 */
export const AGENCY_CONTRACT_ERROR = 'AgencyContractError';

/**
 * Heartbeat timeout of an asynchronous agency activity (one waiting for a callback). The agency workers heartbeat
 * every registered pending call well within it (SIMPUL_PENDING_CALL_HEARTBEAT_MS), so only a call lost before it
 * was registered, or with every worker of its agency down for longer, times out and is sent again.
 */
export const ASYNC_HEARTBEAT_TIMEOUT_SECONDS = 60;

export interface AgencyRejectionDetails {
  code: string;
  message: LocalizedText;
  /** The exchange that carried the refusal, kept with the step like any other answer. */
  evidence?: AgencyEvidence;
}
