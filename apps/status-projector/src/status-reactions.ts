import { metrics } from '@simpul/observability';
import type { EntityManager } from 'typeorm';
import {
  APPLICATION_EVENTS_NOTIFY_CHANNEL,
  FINAL_STEP_STATUSES,
  CITIZEN_NOTIFICATION,
  Topics,
  applicationDeepLink,
  citizenNotice,
  definitionFor,
  notificationEventId,
  portalWebhookEvent,
  stepOfEvent,
  type ApplicationStatus,
  type CitizenNotification,
  type LifeEventType,
  type StatusEvent,
} from '@simpul/contracts';
import { OutboxRepository, ReadModelRepository, WebhookDeliveriesRepository } from '@simpul/persistence';

export interface ProjectedApplication {
  id: string;
  lifeEvent: LifeEventType;
  definitionVersion: number;
  clientId: string;
  correlationId: string;
}

/**
 * What follows a status event that changed the read model, in the same transaction (so each happens once in effect,
 * exactly when the change commits):
 * - a citizen notification in the outbox (relayed to `notifications.citizen.v1`, key = application id), when the
 *   transition matters to the citizen;
 * - one webhook delivery per active webhook of the portal that submitted the application;
 * - a NOTIFY so live streams (SSE) and the webhook delivery worker wake at once.
 */
export class StatusReactions {
  constructor(
    private readonly readModel: ReadModelRepository,
    private readonly outbox: OutboxRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
  ) {}

  async afterApply(em: EntityManager, event: StatusEvent, app: ProjectedApplication): Promise<void> {
    const def = definitionFor(app.lifeEvent, app.definitionVersion);
    const status = await this.readModel.status(em, app.id);
    if (def) {
      await this.notifyCitizen(em, event, app, def, status);
      await this.queueWebhookDeliveries(em, event, app, portalWebhookEvent(event, def, status));
    }
    await this.readModel.notify(em, APPLICATION_EVENTS_NOTIFY_CHANNEL, app.id);
    await this.observe(em, event, app);
  }

  /** Application transitions and step durations, for dashboards (labels: ids of life events, agencies, steps only). */
  private async observe(em: EntityManager, event: StatusEvent, app: ProjectedApplication): Promise<void> {
    if (event.type === 'ApplicationStatusChanged') metrics.applications.inc({ life_event: app.lifeEvent, status: event.payload.status });
    if (event.type !== 'StepStatusChanged' || !FINAL_STEP_STATUSES.includes(event.payload.status)) return;
    const startedAt = await this.readModel.stepStartedAt(em, app.id, event.payload.stepId);
    if (!startedAt) return;
    const seconds = (Date.parse(event.occurredAt) - new Date(startedAt).getTime()) / 1000;
    if (seconds >= 0) metrics.stepDuration.observe({ agency: event.payload.agency, step: event.payload.stepId, status: event.payload.status }, seconds);
  }

  private async notifyCitizen(
    em: EntityManager,
    event: StatusEvent,
    app: ProjectedApplication,
    def: NonNullable<ReturnType<typeof definitionFor>>,
    status: ApplicationStatus,
  ): Promise<void> {
    const notice = citizenNotice(event, def);
    if (!notice) return;
    const notification: CitizenNotification = {
      eventId: notificationEventId(event.eventId),
      type: CITIZEN_NOTIFICATION,
      version: 1,
      occurredAt: event.occurredAt,
      applicationId: app.id,
      correlationId: app.correlationId,
      payload: {
        statusEventId: event.eventId,
        statusEventType: event.type,
        seq: event.payload.seq,
        lifeEvent: app.lifeEvent,
        applicationStatus: status,
        step: stepOfEvent(event),
        deepLink: applicationDeepLink(app.id),
        ...notice,
      },
    };
    await this.outbox.append(em, {
      topic: Topics.notifications,
      messageKey: app.id,
      value: notification,
      headers: { 'x-correlation-id': app.correlationId, 'x-event-id': notification.eventId },
    });
  }

  /** Deliveries only go to the portal that submitted the application (applications.client_id = webhook owner). */
  private async queueWebhookDeliveries(em: EntityManager, event: StatusEvent, app: ProjectedApplication, body: ReturnType<typeof portalWebhookEvent>): Promise<void> {
    await this.deliveries.queueForClient(em, { clientId: app.clientId, applicationId: app.id, eventId: event.eventId, eventType: event.type, seq: event.payload.seq, body });
  }
}
