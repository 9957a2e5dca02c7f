import { Injectable, NotFoundException } from '@nestjs/common';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Topics, applicationStatusText, consentSteps, currentDefinition, type ApplicationSubmittedPayload, type LifeEventType } from '@simpul/contracts';
import type { Principal } from '@simpul/auth';
import { ProblemException, fieldProblem } from '@simpul/http';
import { newEnvelope } from '@simpul/messaging';
import { sealField } from '@simpul/crypto';
import { AuditTrail } from '@simpul/audit';
import { ApplicationEntity } from '@simpul/persistence';
import { ApplicationsRepository, type ApplicationScope, type AssistedBy } from './applications.repository';
import { buildApplicationView, definitionOf, type ApplicationView } from './application-view';
import type { ListApplicationsQueryDto, SubmitApplicationDto } from './dto/submit-application.dto';
import { validateLifeEventData } from './life-event-data';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { consentFlags, consentsAtIntake, consentViews, type ConsentView } from './consents';

/** The status view with the consents recorded with the application. */
export type ApplicationStatusView = ApplicationView & { consents: ConsentView[] | null };
import { PortalSettings } from '../portal.settings';
import { PresenceClient } from '../presence/presence.client';
import { counterFiling } from '../presence/counter-filing';

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
    private readonly audit: AuditTrail,
    private readonly presence: PresenceClient,
  ) {}

  applicantRef(nik: string): string {
    return createHmac('sha256', this.settings.applicantPepper).update(nik).digest('hex');
  }

  /** `id`: the application's id when it is given beforehand (a confirmed draft becomes the application with its id). */
  async submit(principal: Principal, idempotencyKey: string, dto: SubmitApplicationDto, correlationId: string, id: string = randomUUID()): Promise<SubmitResult> {
    const applicantNik = this.applicantNik(principal, dto);
    const data = validateLifeEventData(dto.lifeEvent, dto.data);
    // A counter officer's filing: the officer and the mall from the token, the citizen's presence from the provider.
    if (dto.presence && principal.role !== 'counter-officer') throw fieldProblem('presence', 'presence is for counter officers (role counter-officer) only');
    const counter = principal.role === 'counter-officer' ? await counterFiling(this.presence, principal, dto, applicantNik) : null;
    const channel = counter ? 'MPP_COUNTER' : (dto.channel ?? 'SELF');
    const assistedBy = counter ?? assistedByOf(principal, channel, dto);
    const consents = consentsAtIntake(dto.lifeEvent, dto.consents, new Date());
    const requestHash = createHash('sha256')
      .update(canonicalJson({ lifeEvent: dto.lifeEvent, applicantNik, channel, data, ...(assistedBy ? { assistedBy } : {}), ...(dto.consents ? { consents: consentFlags(consents) } : {}) }))
      .digest('hex');

    const definition = currentDefinition(dto.lifeEvent);
    const application = Object.assign(new ApplicationEntity(), {
      id,
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
    // The orchestrator is the only consumer that needs the data: Kafka and the outbox carry it sealed.
    const sealed = this.settings.dataKeys ? (sealField(this.settings.dataKeys, data) as unknown as Record<string, unknown>) : data;
    const payload: ApplicationSubmittedPayload = { lifeEvent: dto.lifeEvent, definitionVersion: definition.version, channel, data: sealed, consents: consentFlags(consents) };
    const envelope = newEnvelope('ApplicationSubmitted', application.id, correlationId, payload);
    // Insert first: a repeated Idempotency-Key (a retry, or a concurrent twin) fails on the unique index and is answered
    // from the row that won, so the usual case costs no lookup.
    let createdAt: Date;
    try {
      createdAt = await this.repo.insertWithOutbox(application, assistedBy, consents, {
        topic: Topics.submitted,
        messageKey: application.id,
        value: envelope as unknown as Record<string, unknown>,
        headers: { 'x-correlation-id': correlationId },
      });
    } catch (err) {
      // The key was used before (or by a concurrent request that won the race): answer as that submission was answered.
      const winner = isUniqueViolation(err) ? await this.repo.findByIdempotencyKey(principal.subject, idempotencyKey) : null;
      if (winner) return this.replay(winner, requestHash);
      // The id was given and is taken: another submission (with another key) made that application already.
      if (isUniqueViolation(err)) throw new ProblemException({ title: 'Conflict', status: 409, detail: `application ${id} exists already` });
      throw err;
    }
    this.relay.kick();
    return { replayed: false, body: this.accepted(Object.assign(application, { createdAt })) };
  }

  /**
   * The citizen (or the portal that filed) withdraws consent for one step: steps not started yet are skipped
   * (ConsentRevoked on applications.submitted.v1, after the submission, tells the workflow). Repeating it is harmless.
   */
  async revokeConsent(principal: Principal, id: string, stepId: string) {
    const application = await this.findScoped(id, principal);
    if (!consentSteps(definitionOf(application)).some((s) => s.id === stepId)) {
      throw new NotFoundException(`application ${id} has no step ${stepId} that asks for consent`);
    }
    const at = new Date();
    const envelope = newEnvelope('ConsentRevoked', id, application.correlationId, { stepId, revokedAt: at.toISOString() });
    const sent = await this.repo.revokeConsent(id, stepId, at, {
      topic: Topics.submitted,
      messageKey: id,
      value: envelope as unknown as Record<string, unknown>,
      headers: { 'x-correlation-id': application.correlationId },
    });
    if (sent) this.relay.kick();
    const view = consentViews(definitionOf(application), await this.repo.consents(id));
    return view?.find((c) => c.stepId === stepId) ?? null;
  }

  async get(id: string, principal: Principal): Promise<ApplicationStatusView> {
    return this.viewOf(await this.findScoped(id, principal));
  }

  /** The application a portal (or citizen) submitted with its own Idempotency-Key: the portal's transaction id. */
  async getByReference(idempotencyKey: string, principal: Principal): Promise<ApplicationStatusView> {
    const application = await this.repo.findByIdempotencyKey(principal.subject, idempotencyKey);
    if (!application) throw new NotFoundException(`no application was submitted by you with Idempotency-Key ${idempotencyKey}`);
    return this.viewOf(application);
  }

  /** The application if the caller may read it (a citizen their own, a portal what it submitted); else 404, never 403. */
  async findScoped(id: string, principal: Principal): Promise<ApplicationEntity> {
    const application = await this.repo.findOne(id, this.scopeOf(principal));
    if (!application) throw new NotFoundException(`application ${id} was not found`);
    // Staff reading a citizen's application (data, references) is recorded; citizens and their portals reading their own is not.
    if (principal.role === 'operator') await this.audit.append({ actor: principal, action: 'application.read', subject: { applicationId: id } });
    return application;
  }

  async list(principal: Principal, query: ListApplicationsQueryDto) {
    const limit = query.limit ?? 20;
    const rows = await this.repo.list({
      ...this.scopeOf(principal),
      status: query.status,
      lifeEvent: query.lifeEvent,
      channel: query.channel,
      // A key is the submitter's own: it names nothing outside the caller's scope (operators see every submitter's).
      idempotencyKey: query.idempotencyKey,
      createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
      createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((a) => {
        const def = definitionOf(a);
        return {
          id: a.id,
          lifeEvent: a.lifeEvent,
          title: def.title,
          status: a.status,
          statusText: applicationStatusText(def.title, a.status),
          channel: a.channel,
          createdAt: a.createdAt.toISOString(),
          updatedAt: a.updatedAt.toISOString(),
          statusUrl: `/v1/applications/${a.id}`,
        };
      }),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  private async viewOf(application: ApplicationEntity): Promise<ApplicationStatusView> {
    const [steps, incidents, assistedBy, consents] = await Promise.all([
      this.repo.steps(application.id),
      this.repo.incidents(application.id),
      this.repo.assistedBy(application.id),
      this.repo.consents(application.id),
    ]);
    const view = buildApplicationView({ application, assistedBy, steps, incidents, now: new Date(), hourMs: this.settings.slaHourMs });
    return { ...view, consents: consentViews(definitionOf(application), consents) };
  }

  private applicantNik(principal: Principal, dto: SubmitApplicationDto): string {
    if (principal.role === 'citizen') {
      if (dto.applicantNik && dto.applicantNik !== principal.nik) {
        throw new ProblemException({ title: 'Forbidden', status: 403, detail: 'a citizen files only for themselves', errors: [{ field: 'applicantNik', message: 'applicantNik must be your own NIK' }] });
      }
      return principal.nik as string;
    }
    if (!dto.applicantNik) {
      throw fieldProblem('applicantNik', 'applicantNik is required when a portal files for a citizen');
    }
    return dto.applicantNik;
  }

  private scopeOf(principal: Principal): ApplicationScope {
    if (principal.role === 'citizen') return { applicantRef: this.applicantRef(principal.nik as string) };
    if (principal.role === 'portal' || principal.role === 'counter-officer') return { clientId: principal.subject };
    return {};
  }

  /** The answer to a submission `principal` made before with `idempotencyKey`, or null when they made none. */
  async submittedBefore(principal: Principal, idempotencyKey: string): Promise<SubmitResult | null> {
    const existing = await this.repo.findByIdempotencyKey(principal.subject, idempotencyKey);
    return existing ? { replayed: true, body: this.accepted(existing) } : null;
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
}

/**
 * Assisted channels: a counter officer (MPP) or a mobile service unit files on the citizen's behalf through a portal
 * client, and says who they are; a citizen's own token files only through SELF.
 */
function assistedByOf(principal: Principal, channel: string, dto: SubmitApplicationDto): AssistedBy | null {
  if (channel === 'SELF') {
    if (dto.assistedBy) throw fieldProblem('assistedBy', 'assistedBy is only for the assisted channels MPP_COUNTER and MOBILE_SERVICE');
    return null;
  }
  if (principal.role === 'citizen') throw fieldProblem('channel', 'a citizen files through SELF; assisted channels are filed by a portal on the citizen\'s behalf');
  if (!dto.assistedBy) throw fieldProblem('assistedBy', `assistedBy (officerId, office) is required when channel is ${channel}`);
  return { officerId: dto.assistedBy.officerId, office: dto.assistedBy.office.trim() };
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
    throw fieldProblem('cursor', 'cursor must be a cursor returned by a previous page');
  }
  return { createdAt, id: id as string };
}
