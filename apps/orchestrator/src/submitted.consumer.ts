import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import {
  CONSENT_REVOKED_SIGNAL,
  definitionFor,
  initialSearchAttributes,
  TaskQueues,
  WORKFLOW_TYPE,
  isLifeEventType,
  workflowIdFor,
  type ApplicationSubmittedPayload,
  type ConsentRevocation,
  type ConsentRevokedPayload,
  type LifeEventWorkflowInput,
} from '@simpul/contracts';
import { decodeEnvelope, PoisonMessageError, type InboundMessage } from '@simpul/messaging';
import { openField, UnknownKeyError, type KeyRing } from '@simpul/crypto';
import { APPLICATION_ID, inSpan, traceHeaders, withTraceFrom, type ContextLogger } from '@simpul/observability';

/** Turns one `ApplicationSubmitted` message into the workflow input, or says why it is poison. */
export function toWorkflowInput(message: InboundMessage, slaSecondsPerHour = 3600, dataKeys?: KeyRing): LifeEventWorkflowInput {
  const envelope = decodeEnvelope(message.value, ['ApplicationSubmitted']);
  const payload = envelope.payload as Partial<ApplicationSubmittedPayload>;
  if (!isLifeEventType(payload.lifeEvent)) throw new PoisonMessageError(`unknown life event ${String(payload.lifeEvent)}`);
  if (typeof payload.definitionVersion !== 'number' || !definitionFor(payload.lifeEvent, payload.definitionVersion)) {
    throw new PoisonMessageError(`unknown definition version ${String(payload.definitionVersion)} of ${payload.lifeEvent}`);
  }
  if (!payload.data || typeof payload.data !== 'object') throw new PoisonMessageError('payload.data is missing');
  if (message.key !== envelope.applicationId) throw new PoisonMessageError('message key is not the application id');
  const data = dataKeys ? openData(dataKeys, payload.data as Record<string, unknown>) : payload.data;
  return {
    applicationId: envelope.applicationId,
    correlationId: envelope.correlationId,
    lifeEvent: payload.lifeEvent,
    definitionVersion: payload.definitionVersion,
    data,
    submittedAt: envelope.occurredAt,
    slaSecondsPerHour,
    ...(payload.consents && typeof payload.consents === 'object' ? { consents: payload.consents } : {}),
    leanHistory: true,
  };
}

/**
 * Opens the data sealed by portal-api (an older message may be plain). Data this orchestrator cannot open (sealed with
 * a key it does not hold, or altered) is poison: it goes to the dead-letter topic with the reason, and the partition
 * goes on; once the key is installed, the operator replays it from the dead letters (docs/operator-console.md).
 * Retrying it in place would hold every later application of its partition behind it.
 */
function openData(keys: KeyRing, sealed: Record<string, unknown>): Record<string, unknown> {
  try {
    return openField<Record<string, unknown>>(keys, sealed);
  } catch (err) {
    if (err instanceof UnknownKeyError) throw new PoisonMessageError(err.message);
    throw new PoisonMessageError(`payload.data does not open: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Starts one workflow per application. The workflow id is derived from the application id and a closed id is never
 * reused, so a re-delivered message (after a crash before the offset commit) starts nothing new.
 */
export class SubmittedHandler {
  constructor(
    private readonly client: Client,
    private readonly log: ContextLogger,
    private readonly slaSecondsPerHour = 3600,
    private readonly dataKeys?: KeyRing,
  ) {}

  /** Continues the intake's trace (carried in the message headers) into the workflow it starts. */
  handle(message: InboundMessage): Promise<void> {
    return withTraceFrom(message.headers, () =>
      inSpan('kafka.consume applications.submitted.v1', { [APPLICATION_ID]: message.key ?? 'unknown' }, () => this.start(message)),
    );
  }

  private async start(message: InboundMessage): Promise<void> {
    if (decodeEnvelope(message.value, ['ApplicationSubmitted', 'ConsentRevoked']).type === 'ConsentRevoked') return this.revokeConsent(message);
    const traceparent = traceHeaders().traceparent;
    const input = { ...toWorkflowInput(message, this.slaSecondsPerHour, this.dataKeys), ...(traceparent ? { traceparent } : {}) };
    const workflowId = workflowIdFor(input.applicationId);
    try {
      await this.client.workflow.start(WORKFLOW_TYPE, {
        workflowId,
        taskQueue: TaskQueues.orchestration,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        searchAttributes: initialSearchAttributes(input.lifeEvent),
      });
      this.log.info('workflow started', { applicationId: input.applicationId, correlationId: input.correlationId, workflowId });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      this.log.info('workflow already started; duplicate delivery ignored', { applicationId: input.applicationId, workflowId });
    }
  }

  /** Tells the running workflow; an application already finished has nothing left to share, so that is no error. */
  private async revokeConsent(message: InboundMessage): Promise<void> {
    const envelope = decodeEnvelope(message.value, ['ConsentRevoked']);
    const { stepId } = envelope.payload as Partial<ConsentRevokedPayload>;
    if (typeof stepId !== 'string') throw new PoisonMessageError('payload.stepId is missing');
    const revocation: ConsentRevocation = { stepId };
    try {
      await this.client.workflow.getHandle(workflowIdFor(envelope.applicationId)).signal(CONSENT_REVOKED_SIGNAL, revocation);
      this.log.info('consent revocation delivered', { applicationId: envelope.applicationId, stepId });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) && !/workflow execution already completed/i.test(String(err))) throw err;
      this.log.info('consent revoked after the application finished; nothing to stop', { applicationId: envelope.applicationId, stepId });
    }
  }
}
