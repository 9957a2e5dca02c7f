import { Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Principal } from '@simpul/auth';
import { ProblemException, fieldProblem } from '@simpul/http';
import { PortalSettings } from '../portal.settings';
import type { CreateWebhookDto, ListDeliveriesQueryDto } from './dto/webhook.dto';
import { SecretBox } from './secret-box';
import { WebhooksRepository, type AttemptRow, type DeliveryRow, type WebhookRow } from './webhooks.repository';

const MAX_WEBHOOKS_PER_PORTAL = 10;

/** Only http(s), no credentials or fragment in the URL (they would leak into logs and the receiver's access log). */
export function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url must use http or https';
  if (url.username || url.password) return 'url must not contain credentials';
  if (url.hash) return 'url must not contain a fragment';
  return null;
}

@Injectable()
export class WebhooksService {
  private readonly box: SecretBox;

  constructor(
    private readonly repo: WebhooksRepository,
    settings: PortalSettings,
  ) {
    this.box = new SecretBox(settings.applicantPepper);
  }

  async create(principal: Principal, dto: CreateWebhookDto) {
    const problem = webhookUrlProblem(dto.url);
    if (problem) throw fieldProblem('url', problem);
    if ((await this.repo.countActive(principal.subject)) >= MAX_WEBHOOKS_PER_PORTAL) {
      throw new ProblemException({ title: 'Too many webhooks', status: 409, detail: `a portal may register at most ${MAX_WEBHOOKS_PER_PORTAL} webhooks; delete one first` });
    }
    const secret = dto.secret ?? randomBytes(32).toString('base64url');
    const row = await this.repo.insert({
      id: randomUUID(),
      clientId: principal.subject,
      url: new URL(dto.url).toString(),
      description: dto.description ?? null,
      secretSealed: this.box.seal(secret),
      secretHint: secret.slice(-4),
    });
    // The secret is shown once, and only when Simpul generated it.
    return { ...webhookView(row), ...(dto.secret ? {} : { secret }) };
  }

  async list(principal: Principal) {
    return { items: (await this.repo.listActive(principal.subject)).map(webhookView) };
  }

  async get(principal: Principal, id: string) {
    return webhookView(await this.owned(principal, id));
  }

  async remove(principal: Principal, id: string): Promise<void> {
    if (!(await this.repo.softDelete(id, principal.subject))) throw new NotFoundException(`webhook ${id} was not found`);
  }

  async deliveries(principal: Principal, id: string, query: ListDeliveriesQueryDto) {
    await this.owned(principal, id);
    const limit = query.limit ?? 50;
    const rows = await this.repo.deliveries(id, { after: query.after, limit: limit + 1, applicationId: query.applicationId, status: query.status });
    const page = rows.slice(0, limit);
    return { items: page.map(deliveryView), nextAfter: rows.length > limit ? page[page.length - 1].id : null };
  }

  async delivery(principal: Principal, id: string, deliveryId: string) {
    await this.owned(principal, id);
    const row = await this.repo.delivery(id, deliveryId);
    if (!row) throw new NotFoundException(`delivery ${deliveryId} of webhook ${id} was not found`);
    return { ...deliveryView(row), payload: row.payload, attemptLog: (await this.repo.attempts(deliveryId)).map(attemptView) };
  }

  async redeliver(principal: Principal, id: string, deliveryId: string) {
    await this.owned(principal, id);
    const row = await this.repo.redeliver(id, deliveryId);
    if (!row) throw new NotFoundException(`delivery ${deliveryId} of webhook ${id} was not found`);
    return deliveryView(row);
  }

  private async owned(principal: Principal, id: string): Promise<WebhookRow> {
    const row = await this.repo.findActive(id, principal.subject);
    if (!row) throw new NotFoundException(`webhook ${id} was not found`);
    return row;
  }
}

function webhookView(w: WebhookRow) {
  return { id: w.id, url: w.url, description: w.description, secretHint: `…${w.secret_hint}`, createdAt: new Date(w.created_at).toISOString() };
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function deliveryView(d: DeliveryRow) {
  return {
    id: d.id,
    applicationId: d.application_id,
    eventId: d.event_id,
    type: d.event_type,
    seq: d.seq,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'PENDING' ? iso(d.next_attempt_at) : null,
    lastAttemptAt: iso(d.last_attempt_at),
    lastStatusCode: d.last_status_code,
    lastError: d.last_error,
    deliveredAt: iso(d.delivered_at),
    redeliveryOf: d.redelivery_of,
    createdAt: iso(d.created_at),
  };
}

function attemptView(a: AttemptRow) {
  return { attempt: a.attempt, attemptedAt: iso(a.attempted_at), durationMs: a.duration_ms, statusCode: a.status_code, error: a.error };
}
