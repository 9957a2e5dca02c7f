import { Injectable, NotFoundException } from '@nestjs/common';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { AGENCY_NAMES, Topics, currentDefinition, definitionFor, type ApplicationSubmittedPayload, type LifeEventType } from '@simpul/contracts';
import type { Principal } from '@simpul/auth';
import { ProblemException } from '@simpul/http';
import { newEnvelope } from '@simpul/messaging';
import { ApplicationEntity, type ApplicationStepEntity } from '@simpul/persistence';
import { ApplicationsRepository, type ApplicationScope } from './applications.repository';
import type { ListApplicationsQueryDto, SubmitApplicationDto } from './dto/submit-application.dto';
import { validateLifeEventData } from './life-event-data';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { PortalSettings } from '../portal.settings';

export interface SubmitResult {
  replayed: boolean;
  body: { id: string; status: string; lifeEvent: LifeEventType; statusUrl: string; createdAt: string };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

@Injectable()
export class ApplicationsService {
  constructor(
    private readonly repo: ApplicationsRepository,
    private readonly relay: OutboxRelay,
    private readonly settings: PortalSettings,
  ) {}

  applicantRef(nik: string): string {
    return createHmac('sha256', this.settings.applicantPepper).update(nik).digest('hex');
  }

  async submit(principal: Principal, idempotencyKey: string, dto: SubmitApplicationDto, correlationId: string): Promise<SubmitResult> {
    const applicantNik = this.applicantNik(principal, dto);
    const data = validateLifeEventData(dto.lifeEvent, dto.data);
    const channel = dto.channel ?? 'SELF';
    const requestHash = createHash('sha256').update(canonicalJson({ lifeEvent: dto.lifeEvent, applicantNik, channel, data })).digest('hex');

    const existing = await this.repo.findByIdempotencyKey(principal.subject, idempotencyKey);
    if (existing) return this.replay(existing, requestHash);

    const definition = currentDefinition(dto.lifeEvent);
    const application = Object.assign(new ApplicationEntity(), {
      id: randomUUID(),
      lifeEvent: dto.lifeEvent,
      definitionVersion: definition.version,
      status: 'SUBMITTED' as const,
      applicantRef: this.applicantRef(applicantNik),
      channel,
      clientId: principal.subject,
      idempotencyKey,
      requestHash,
      correlationId,
      data,
      statusReason: null,
      statusSeq: 0,
    });
    const payload: ApplicationSubmittedPayload = { lifeEvent: dto.lifeEvent, definitionVersion: definition.version, channel, data };
    const envelope = newEnvelope('ApplicationSubmitted', application.id, correlationId, payload);
    try {
      await this.repo.insertWithOutbox(application, {
        topic: Topics.submitted,
        messageKey: application.id,
        value: envelope as unknown as Record<string, unknown>,
        headers: { 'x-correlation-id': correlationId },
      });
    } catch (err) {
      // A concurrent request with the same key won the race: answer as it did.
      const winner = isUniqueViolation(err) ? await this.repo.findByIdempotencyKey(principal.subject, idempotencyKey) : null;
      if (winner) return this.replay(winner, requestHash);
      throw err;
    }
    this.relay.kick();
    const saved = await this.repo.findOne(application.id, {});
    return { replayed: false, body: this.accepted(saved ?? application) };
  }

  async get(id: string, principal: Principal) {
    const application = await this.repo.findOne(id, this.scopeOf(principal));
    if (!application) throw new NotFoundException(`application ${id} was not found`);
    return this.view(application, await this.repo.steps(id), await this.repo.incidents(id));
  }

  async list(principal: Principal, query: ListApplicationsQueryDto) {
    const limit = query.limit ?? 20;
    const rows = await this.repo.list({
      ...this.scopeOf(principal),
      status: query.status,
      lifeEvent: query.lifeEvent,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((a) => ({ id: a.id, lifeEvent: a.lifeEvent, status: a.status, channel: a.channel, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() })),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  private applicantNik(principal: Principal, dto: SubmitApplicationDto): string {
    if (principal.role === 'citizen') {
      if (dto.applicantNik && dto.applicantNik !== principal.nik) {
        throw new ProblemException({ title: 'Forbidden', status: 403, detail: 'a citizen files only for themselves', errors: [{ field: 'applicantNik', message: 'applicantNik must be your own NIK' }] });
      }
      return principal.nik as string;
    }
    if (!dto.applicantNik) {
      throw new ProblemException({ type: 'https://simpul.go.id/problems/validation', title: 'Validation failed', status: 422, detail: 'one or more fields are invalid', errors: [{ field: 'applicantNik', message: 'applicantNik is required when a portal files for a citizen' }] });
    }
    return dto.applicantNik;
  }

  private scopeOf(principal: Principal): ApplicationScope {
    if (principal.role === 'citizen') return { applicantRef: this.applicantRef(principal.nik as string) };
    if (principal.role === 'portal') return { clientId: principal.subject };
    return {};
  }

  private replay(existing: ApplicationEntity, requestHash: string): SubmitResult {
    if (existing.requestHash !== requestHash) {
      throw new ProblemException({
        type: 'https://simpul.go.id/problems/idempotency-key-reused',
        title: 'Idempotency-Key reused',
        status: 422,
        detail: 'this Idempotency-Key was already used with a different request body',
        errors: [{ field: 'Idempotency-Key', message: 'Idempotency-Key was used before with a different body' }],
      });
    }
    return { replayed: true, body: this.accepted(existing) };
  }

  private accepted(a: ApplicationEntity): SubmitResult['body'] {
    return { id: a.id, status: 'SUBMITTED', lifeEvent: a.lifeEvent, statusUrl: `/v1/applications/${a.id}`, createdAt: a.createdAt.toISOString() };
  }

  private view(a: ApplicationEntity, steps: ApplicationStepEntity[], incidents: Awaited<ReturnType<ApplicationsRepository['incidents']>>) {
    const definition = definitionFor(a.lifeEvent, a.definitionVersion) ?? currentDefinition(a.lifeEvent);
    const order = new Map(definition.steps.map((s, i) => [s.id, i]));
    return {
      id: a.id,
      lifeEvent: a.lifeEvent,
      definitionVersion: a.definitionVersion,
      status: a.status,
      reason: a.statusReason,
      channel: a.channel,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
      steps: steps
        .sort((x, y) => (order.get(x.stepId) ?? 99) - (order.get(y.stepId) ?? 99))
        .map((s) => ({
          stepId: s.stepId,
          title: definition.steps.find((d) => d.id === s.stepId)?.title,
          agency: s.agency,
          agencyName: AGENCY_NAMES[s.agency],
          status: s.status,
          startedAt: s.startedAt?.toISOString() ?? null,
          completedAt: s.completedAt?.toISOString() ?? null,
          reference: s.reference,
          references: s.outputs,
          message: { id: s.messageId, en: s.messageEn },
          definitionVersion: s.definitionVersion,
          ruleVersion: s.ruleVersion,
          escalatedAt: s.escalatedAt?.toISOString() ?? null,
        })),
      // Incidents are for operators; the citizen sees that a person is on it, not the technical error.
      incidents: incidents.map((i) => ({ incidentId: i.incident_id, stepId: i.step_id, status: i.status, openedAt: new Date(i.opened_at).toISOString() })),
    };
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { driverError?: { code?: string } }).driverError?.code === '23505';
}

function encodeCursor(a: ApplicationEntity): string {
  return Buffer.from(`${a.createdAt.toISOString()}|${a.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) {
    throw new ProblemException({ type: 'https://simpul.go.id/problems/validation', title: 'Validation failed', status: 422, errors: [{ field: 'cursor', message: 'cursor must be a cursor returned by a previous page' }] });
  }
  return { createdAt, id: id as string };
}
