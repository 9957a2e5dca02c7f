import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  CANCEL_APPLICATION_UPDATE,
  CITIZEN_NOTIFICATION,
  FINAL_APPLICATION_STATUSES,
  RETRY_STEP_UPDATE,
  Topics,
  applicationDeepLink,
  citizenNotice,
  definitionFor,
  notificationEventId,
  stepOfEvent,
  type CancellationRequest,
  type CitizenNotification,
  type StatusEvent,
  type StepRetryRequest,
} from '@simpul/contracts';
import type { Principal } from '@simpul/auth';
import { ProblemException } from '@simpul/http';
import { OutboxRepository } from '@simpul/persistence';
import type { TemporalClientHandle } from '@simpul/temporal';
import { TEMPORAL_CLIENT } from '../../common/temporal-client.module';
import { OperatorActionsRepository } from '../common/operator-actions.repository';
import { updateWorkflow } from '../common/workflow-updates';
import { OperatorApplicationsRepository } from './operator-applications.repository';

const conflict = (type: string, detail: string) => new ProblemException({ type: `https://simpul.go.id/problems/${type}`, title: 'Action no longer applies', status: 409, detail });

/** A repeated resend of the same notification within this window is taken for a double click and refused. */
const RESEND_WINDOW_SECONDS = 60;

/**
 * Operator actions on one application. Each is recorded (who, when, why, outcome) whether accepted or refused; the
 * workflow's validated updates make the final call on whether it still applies, the read model answers the
 * obvious cases first with a clearer message.
 */
@Injectable()
export class ApplicationActionsService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly repo: OperatorApplicationsRepository,
    private readonly actions: OperatorActionsRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClientHandle,
  ) {}

  retryStep(principal: Principal, applicationId: string, stepId: string, reason: string) {
    return this.actions.perform(principal, { action: 'RETRY_STEP', applicationId, target: stepId, reason }, async (actionId) => {
      const app = await this.existing(applicationId);
      const step = (await this.repo.steps(applicationId)).find((s) => s.step_id === stepId);
      if (!step) throw new NotFoundException(`application ${applicationId} has no step ${stepId}`);
      if (step.status !== 'FAILED') throw conflict('step-not-failed', `step ${stepId} is ${step.status}; only a FAILED step can be retried`);
      if (FINAL_APPLICATION_STATUSES.includes(app.status)) {
        throw conflict('application-final', `application ${applicationId} is ${app.status}; its workflow has closed (see docs/operator-console.md for applications started before operator actions)`);
      }
      const request: StepRetryRequest = { stepId, operatorId: principal.subject, reason };
      await updateWorkflow(this.temporal, applicationId, RETRY_STEP_UPDATE, request, `operator-action:${actionId}`, 'step-not-failed');
      return { applicationId, stepId, retried: true };
    });
  }

  cancel(principal: Principal, applicationId: string, reason: string) {
    return this.actions.perform(principal, { action: 'CANCEL_APPLICATION', applicationId, target: null, reason }, async (actionId) => {
      const app = await this.existing(applicationId);
      if (FINAL_APPLICATION_STATUSES.includes(app.status)) throw conflict('application-final', `application ${applicationId} is already ${app.status}`);
      const request: CancellationRequest = { operatorId: principal.subject, reason };
      await updateWorkflow(this.temporal, applicationId, CANCEL_APPLICATION_UPDATE, request, `operator-action:${actionId}`, 'application-not-cancellable');
      return { applicationId, cancelling: true };
    });
  }

  /**
   * Sends the citizen notification of one status event again, through the outbox (so it reaches
   * notifications.citizen.v1 like the first). It gets its own event id (`…:resend:<action id>`) and names the
   * original (`resendOf`), because the gateway deduplicates by event id and would drop an exact copy.
   */
  resendNotification(principal: Principal, applicationId: string, seq: number, reason: string) {
    return this.actions.perform(principal, { action: 'RESEND_NOTIFICATION', applicationId, target: String(seq), reason }, async (actionId) => {
      const app = await this.existing(applicationId);
      const row = (await this.repo.events(applicationId)).find((e) => e.seq === seq);
      if (!row) throw new NotFoundException(`application ${applicationId} has no status event ${seq}`);
      const def = definitionFor(app.life_event, app.definition_version);
      const event = { eventId: row.event_id, type: row.type, occurredAt: new Date(row.occurred_at).toISOString(), applicationId, correlationId: app.correlation_id, version: 1, payload: row.payload } as unknown as StatusEvent;
      const notice = def ? citizenNotice(event, def) : null;
      if (!notice) throw conflict('nothing-to-resend', `status event ${seq} (${row.type}) did not notify the citizen; there is nothing to resend`);
      const original = notificationEventId(row.event_id);
      if (await this.actions.acceptedWithin(applicationId, 'RESEND_NOTIFICATION', String(seq), RESEND_WINDOW_SECONDS)) throw conflict('notification-just-resent', `notification ${original} was resent less than ${RESEND_WINDOW_SECONDS} s ago`);
      const notification: CitizenNotification = {
        eventId: `${original}:resend:${actionId}`,
        type: CITIZEN_NOTIFICATION,
        version: 1,
        occurredAt: new Date().toISOString(),
        applicationId,
        correlationId: app.correlation_id,
        payload: {
          statusEventId: row.event_id,
          statusEventType: event.type,
          seq,
          lifeEvent: app.life_event,
          applicationStatus: app.status,
          step: stepOfEvent(event),
          deepLink: applicationDeepLink(applicationId),
          resendOf: original,
          ...notice,
        },
      };
      await this.outbox.appendAlone({
        topic: Topics.notifications,
        messageKey: applicationId,
        value: notification,
        headers: { 'x-correlation-id': app.correlation_id, 'x-event-id': notification.eventId },
      });
      return { applicationId, seq, notificationEventId: notification.eventId, resendOf: original };
    });
  }

  private async existing(id: string) {
    const app = await this.repo.application(id);
    if (!app) throw new NotFoundException(`application ${id} was not found`);
    return app;
  }
}
