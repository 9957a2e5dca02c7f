import { Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { AsyncCompletionClient } from '@temporalio/client';
import { ActivityNotFoundError } from '@temporalio/client';
import { verifyCallback } from '@simpul/auth';
import { isAgencyId, type AgencyEvidence, type AgencyId, type AgencyStepRequest } from '@simpul/contracts';
import type { ContextLogger } from '@simpul/observability';
import { runAction } from '../agency-activities';
import { interpretAnswer, sha256, type AgencyHttp, type AgencyReply, type AgencyResponse } from '../agency-http.client';
import type { AgencyCallbackDto } from './callback.dto';
import { PendingCallsRepository, StepLanesRepository, type PendingCall } from '@simpul/persistence';

/** The agency's callback plays the part of the HTTP answer: the adapter maps it exactly as a synchronous one. */
class CallbackAnswer implements AgencyHttp {
  constructor(
    private readonly agency: AgencyId,
    private readonly pending: PendingCall,
    private readonly callback: AgencyCallbackDto,
  ) {}

  async post<T>(): Promise<AgencyResponse<T>> {
    const evidence: AgencyEvidence = {
      requestSha256: this.pending.request_sha256,
      responseSha256: sha256(JSON.stringify(this.callback.body)),
      httpStatus: this.callback.status,
      requestedAt: new Date(this.pending.requested_at).toISOString(),
      respondedAt: new Date().toISOString(),
      via: 'callback',
    };
    const body = interpretAnswer<T>(this.agency, this.callback.status, this.callback.body, evidence);
    return { status: this.callback.status, body, ruleVersion: this.callback.ruleVersion, evidence };
  }

  exchange(): Promise<AgencyReply> {
    return Promise.reject(new Error(`${this.agency} answers by callback only through Simpul's push contract`));
  }
}

const UUID = /^[0-9a-f-]{36}$/i;

export type CallbackOutcome = 'completed' | 'rejected' | 'duplicate' | 'stale';

@Injectable()
export class AgencyCallbackService {
  constructor(
    private readonly pending: PendingCallsRepository,
    private readonly completion: AsyncCompletionClient,
    private readonly secrets: Record<string, string>,
    private readonly log: ContextLogger,
    private readonly lanes: StepLanesRepository,
  ) {}

  /** Authenticates the agency: its own secret, a fresh timestamp, a nonce never seen before. */
  async authenticate(agency: string, headers: { timestamp?: string; nonce?: string; signature?: string }, rawBody: Buffer | undefined): Promise<AgencyId> {
    const secret = this.secrets[agency];
    if (!isAgencyId(agency) || !secret) throw new UnauthorizedException(`unknown agency ${agency}`);
    const verdict = verifyCallback(secret, headers, rawBody ?? Buffer.alloc(0));
    if (!verdict.ok) throw new UnauthorizedException(`callback refused: ${verdict.reason}`);
    if (!(await this.pending.firstUse(agency, headers.nonce as string))) throw new UnauthorizedException('callback refused: nonce already used (replay)');
    return agency;
  }

  /** Completes (or fails, for a business rejection) the activity that waits for this answer. */
  async complete(agency: AgencyId, callback: AgencyCallbackDto): Promise<CallbackOutcome> {
    const call = await this.pending.find(agency, callback.idempotencyKey);
    if (!call) throw new NotFoundException(`no call of ${agency} waits for ${callback.idempotencyKey}`);
    if (call.answered_at || !call.request) return 'duplicate';
    const token = new Uint8Array(call.task_token);
    let outcome: CallbackOutcome = 'completed';
    try {
      try {
        const result = await runAction(agency, call.activity_type, new CallbackAnswer(agency, call, callback), call.request as AgencyStepRequest);
        await this.completion.complete(token, result);
        await this.stepEnded(call.request, result.outcome);
      } catch (err) {
        if (err instanceof ActivityNotFoundError) throw err;
        outcome = 'rejected';
        await this.completion.fail(token, err instanceof Error ? err : new Error(String(err)));
        await this.stepEnded(call.request, 'REJECTED');
      }
    } catch (err) {
      if (!(err instanceof ActivityNotFoundError)) throw err;
      // The attempt timed out meanwhile; its retry asks the agency again and gets a fresh callback.
      this.log.warn('callback for an attempt that is no longer waiting', { agency, applicationId: call.request.applicationId });
      return 'stale';
    }
    await this.pending.answered(callback.idempotencyKey);
    this.log.info('agency callback completed a step', { agency, applicationId: call.request.applicationId, stepId: call.request.stepId, outcome });
    return outcome;
  }

  /** A step answered by callback ends here, not in the call that sent it: its lane gets its end time (progress medians). */
  private async stepEnded(request: AgencyStepRequest, outcome: string): Promise<void> {
    if (UUID.test(request.applicationId)) await this.lanes.finished(request.applicationId, request.stepId, outcome);
  }
}
