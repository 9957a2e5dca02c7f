import { metrics } from '@simpul/observability';
import type { EntityManager } from 'typeorm';
import {
  APPLICATION_EVENTS_NOTIFY_CHANNEL,
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
import { traceHeaders } from '@simpul/observability';

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
const FINAL_STEP_STATUSES: readonly string[] = ['COMPLETED', 'SKIPPED', 'REJECTED', 'FAILED', 'COMPENSATED'];

export class StatusReactions {
  async afterApply(em: EntityManager, event: StatusEvent, app: ProjectedApplication): Promise<void> {
    const def = definitionFor(app.lifeEvent, app.definitionVersion);
    const [{ status }]: Array<{ status: ApplicationStatus }> = await em.query('SELECT status FROM applications WHERE id = $1', [app.id]);
    if (def) {
      await this.notifyCitizen(em, event, app, def, status);
      await this.queueWebhookDeliveries(em, event, app, portalWebhookEvent(event, def, status));
    }
    await em.query('SELECT pg_notify($1, $2)', [APPLICATION_EVENTS_NOTIFY_CHANNEL, app.id]);
    await this.observe(em, event, app);
  }

  /** Application transitions and step durations, for dashboards (labels: ids of life events, agencies, steps only). */
  private async observe(em: EntityManager, event: StatusEvent, app: ProjectedApplication): Promise<void> {
    if (event.type === 'ApplicationStatusChanged') metrics.applications.inc({ life_event: app.lifeEvent, status: event.payload.status });
    if (event.type !== 'StepStatusChanged' || !FINAL_STEP_STATUSES.includes(event.payload.status)) return;
    const [step]: Array<{ started_at: Date | null }> = await em.query('SELECT started_at FROM application_steps WHERE application_id = $1 AND step_id = $2', [
      app.id,
      event.payload.stepId,
    ]);
    if (!step?.started_at) return;
    const seconds = (Date.parse(event.occurredAt) - new Date(step.started_at).getTime()) / 1000;
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
    await em.query(`INSERT INTO outbox (topic, message_key, value, headers) VALUES ($1, $2, $3, $4)`, [
      Topics.notifications,
      app.id,
      JSON.stringify(notification),
      JSON.stringify({ ...traceHeaders(), 'x-correlation-id': app.correlationId, 'x-event-id': notification.eventId }),
    ]);
  }

  /** Deliveries only go to the portal that submitted the application (applications.client_id = webhook owner). */
  private async queueWebhookDeliveries(em: EntityManager, event: StatusEvent, app: ProjectedApplication, body: ReturnType<typeof portalWebhookEvent>): Promise<void> {
    await em.query(
      `INSERT INTO webhook_deliveries (webhook_id, application_id, event_id, event_type, seq, payload)
       SELECT w.id, $2, $3, $4, $5, $6 FROM webhooks w
       WHERE w.client_id = $1 AND w.deleted_at IS NULL
       ON CONFLICT DO NOTHING`,
      [app.clientId, app.id, event.eventId, event.type, event.payload.seq, JSON.stringify(body)],
    );
  }
}
