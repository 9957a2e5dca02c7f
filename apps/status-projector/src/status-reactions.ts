import { metrics } from '@simpul/observability';
import type { EntityManager } from 'typeorm';
import {
  FINAL_STEP_STATUSES,
  CITIZEN_NOTIFICATION,
  Topics,
  applicationDeepLink,
  citizenNotice,
  definitionFor,
  notificationEventId,
  portalWebhookEvent,
  stepOfEvent,
  type CitizenNotification,
  type StatusEvent,
} from '@simpul/contracts';
import { OutboxRepository, WebhookDeliveriesRepository, type ProjectedApplicationRow } from '@simpul/persistence';

/**
 * What follows a status event that changed the read model, in the same transaction (so each happens once in effect,
 * exactly when the change commits):
 * - a citizen notification in the outbox (relayed to `notifications.citizen.v1`, key = application id), when the
 *   transition matters to the citizen;
 * - one webhook delivery per active webhook of the portal that submitted the application.
 * (StatusProjection then wakes the live streams and the webhook delivery worker, once per application of its batch.)
 */
export class StatusReactions {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
  ) {}

  /** `app` as it is after the event (its status included); `stepStartedAt`: when the event's step started, if it is one. */
  async afterApply(em: EntityManager, event: StatusEvent, app: ProjectedApplicationRow, stepStartedAt?: Date | null): Promise<void> {
    const def = definitionFor(app.life_event, app.definition_version);
    if (def) {
      await this.notifyCitizen(em, event, app, def);
      await this.queueWebhookDeliveries(em, event, app, portalWebhookEvent(event, def, app.status));
    }
    this.observe(event, app, stepStartedAt);
  }

  /** Application transitions and step durations, for dashboards (labels: ids of life events, agencies, steps only). */
  private observe(event: StatusEvent, app: ProjectedApplicationRow, startedAt?: Date | null): void {
    if (event.type === 'ApplicationStatusChanged') metrics.applications.inc({ life_event: app.life_event, status: event.payload.status });
    if (event.type !== 'StepStatusChanged' || !FINAL_STEP_STATUSES.includes(event.payload.status)) return;
    if (!startedAt) return;
    const seconds = (Date.parse(event.occurredAt) - new Date(startedAt).getTime()) / 1000;
    if (seconds >= 0) metrics.stepDuration.observe({ agency: event.payload.agency, step: event.payload.stepId, status: event.payload.status }, seconds);
  }

  private async notifyCitizen(em: EntityManager, event: StatusEvent, app: ProjectedApplicationRow, def: NonNullable<ReturnType<typeof definitionFor>>): Promise<void> {
    const notice = citizenNotice(event, def);
    if (!notice) return;
    const notification: CitizenNotification = {
      eventId: notificationEventId(event.eventId),
      type: CITIZEN_NOTIFICATION,
      version: 1,
      occurredAt: event.occurredAt,
      applicationId: app.id,
      correlationId: app.correlation_id,
      payload: {
        statusEventId: event.eventId,
        statusEventType: event.type,
        seq: event.payload.seq,
        lifeEvent: app.life_event,
        applicationStatus: app.status,
        step: stepOfEvent(event),
        deepLink: applicationDeepLink(app.id),
        ...notice,
      },
    };
    await this.outbox.append(em, {
      topic: Topics.notifications,
      messageKey: app.id,
      value: notification,
      headers: { 'x-correlation-id': app.correlation_id, 'x-event-id': notification.eventId },
    });
  }

  /** Deliveries only go to the portal that submitted the application (applications.client_id = webhook owner). */
  private async queueWebhookDeliveries(em: EntityManager, event: StatusEvent, app: ProjectedApplicationRow, body: ReturnType<typeof portalWebhookEvent>): Promise<void> {
    await this.deliveries.queueForClient(em, { clientId: app.client_id, applicationId: app.id, eventId: event.eventId, eventType: event.type, seq: event.payload.seq, body });
  }
}
