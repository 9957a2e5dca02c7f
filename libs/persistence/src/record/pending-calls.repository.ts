import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AgencyId, AgencyStepRequest } from '@simpul/contracts';

export interface PendingCall {
  idempotency_key: string;
  agency: string;
  activity_type: string;
  task_token: Buffer;
  request: AgencyStepRequest | null;
  requested_at: Date;
  request_sha256: string;
  answered_at: Date | null;
}

export interface NewPendingCall {
  idempotencyKey: string;
  agency: AgencyId;
  activityType: string;
  taskToken: Uint8Array;
  request: AgencyStepRequest;
  requestSha256: string;
}

/**
 * Calls of asynchronous steps waiting for their agency's callback; the newest attempt's task token wins. Owner:
 * libs/persistence (the agency worker registers and answers them; retention forgets the request of an ended application).
 */
@Injectable()
export class PendingCallsRepository {
  constructor(private readonly ds: DataSource) {}

  async register(call: NewPendingCall): Promise<void> {
    await this.ds.query(
      `INSERT INTO agency_pending_calls (idempotency_key, agency, activity_type, task_token, request, requested_at, request_sha256)
       VALUES ($1, $2, $3, $4, $5, now(), $6)
       ON CONFLICT (idempotency_key) DO UPDATE SET task_token = EXCLUDED.task_token, request = EXCLUDED.request,
         requested_at = EXCLUDED.requested_at, request_sha256 = EXCLUDED.request_sha256, answered_at = NULL, accepted_at = NULL`,
      [call.idempotencyKey, call.agency, call.activityType, Buffer.from(call.taskToken), JSON.stringify(call.request), call.requestSha256],
    );
  }

  async find(agency: string, idempotencyKey: string): Promise<PendingCall | undefined> {
    const rows: PendingCall[] = await this.ds.query('SELECT * FROM agency_pending_calls WHERE agency = $1 AND idempotency_key = $2', [agency, idempotencyKey]);
    return rows[0];
  }

  /** The agency accepted the call (202): from now on its callback is awaited, and the call is heartbeated. */
  async accepted(idempotencyKey: string): Promise<void> {
    await this.ds.query('UPDATE agency_pending_calls SET accepted_at = now() WHERE idempotency_key = $1', [idempotencyKey]);
  }

  /** Task tokens of this agency's accepted calls still waiting for their callback. */
  async waiting(agency: string): Promise<Array<Pick<PendingCall, 'idempotency_key' | 'task_token'>>> {
    return this.ds.query(
      'SELECT idempotency_key, task_token FROM agency_pending_calls WHERE agency = $1 AND accepted_at IS NOT NULL AND answered_at IS NULL AND request IS NOT NULL',
      [agency],
    );
  }

  /**
   * The attempt behind this token is gone (its workflow ended, or it timed out and a retry registered anew): stop
   * heartbeating it and drop its personal data. A newer registration (another token) is left alone.
   */
  async abandoned(idempotencyKey: string, taskToken: Buffer): Promise<void> {
    await this.ds.query('UPDATE agency_pending_calls SET answered_at = now(), request = NULL WHERE idempotency_key = $1 AND task_token = $2 AND answered_at IS NULL', [
      idempotencyKey,
      taskToken,
    ]);
  }

  /** The request held personal data only until the answer came. */
  async answered(idempotencyKey: string): Promise<void> {
    await this.ds.query('UPDATE agency_pending_calls SET answered_at = now(), request = NULL WHERE idempotency_key = $1', [idempotencyKey]);
  }

  /** Retention: the request still held for a call of this application (one never answered) goes. */
  async forgetRequests(em: EntityManager, applicationId: string): Promise<void> {
    await em.query(`UPDATE agency_pending_calls SET request = NULL WHERE idempotency_key LIKE $1`, [`${applicationId}:%`]);
  }

  /** True the first time a nonce is seen for an agency (replay protection); old nonces are pruned. */
  async firstUse(agency: string, nonce: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      'INSERT INTO agency_callback_nonces (agency, nonce) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING nonce',
      [agency, nonce],
    );
    if (Math.random() < 0.01) await this.ds.query(`DELETE FROM agency_callback_nonces WHERE seen_at < now() - interval '1 day'`);
    return rows.length === 1;
  }
}
