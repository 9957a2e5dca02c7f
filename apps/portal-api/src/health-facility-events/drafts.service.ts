import { Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import {
  DRAFT_NOTIFICATION,
  RETENTION,
  Topics,
  consentSteps,
  currentDefinition,
  draftOpenedText,
  type DraftOpenedPayload,
  type LifeEventType,
} from '@simpul/contracts';
import { ASSURANCE_SETTINGS, stepUpNeeded, type AssuranceSettings, type Principal } from '@simpul/auth';
import { ProblemException } from '@simpul/http';
import { newEnvelope } from '@simpul/messaging';
import { openField, sealField } from '@simpul/crypto';
import { ApplicationsService, type SubmitResult } from '../applications/applications.service';
import { validateLifeEventData } from '../applications/life-event-data';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { PortalSettings } from '../portal.settings';
import { BundleRejected, readFacilityBundle, type FacilityEvent } from './facility-bundle';
import { DraftsRepository, type DraftRow } from './drafts.repository';
import { FamilyCardService } from '../family-card/family-card.service';
import { familyCardHolder, withFamilyCard } from './family-prefill';
import type { ConfirmDraftDto } from './dto/confirm-draft.dto';

/** A late notification still gets this long for the family to confirm. */
const MIN_DRAFT_DAYS = 7;
const DAY_MS = 86_400_000;

export interface DraftView {
  id: string;
  lifeEvent: LifeEventType;
  status: DraftRow['status'];
  facilityId: string;
  /** What Simpul filled in (the family checks it, completes it and may correct it); null once confirmed or expired. */
  data: Record<string, unknown> | null;
  /** Fields the life event needs that the draft does not hold yet: the family completes them when confirming. */
  missing: string[];
  /** Steps that share data with an agency only with consent: which agency, which fields. */
  consentSteps: Array<{ stepId: string; agency: string; title: { id: string; en: string }; inputs: string[] }>;
  occurredAt: string;
  createdAt: string;
  expiresAt: string;
  applicationUrl: string | null;
}

/**
 * Health facilities' notifications become drafts; the family confirms a draft and it becomes an application like any
 * other (same validation, consents and idempotency), under the draft's id. Nothing reaches an agency before that.
 */
@Injectable()
export class DraftsService {
  constructor(
    private readonly repo: DraftsRepository,
    private readonly applications: ApplicationsService,
    private readonly relay: OutboxRelay,
    private readonly settings: PortalSettings,
    private readonly familyCards: FamilyCardService,
    @Optional() @Inject(ASSURANCE_SETTINGS) private readonly assurance: AssuranceSettings | null = null,
  ) {}

  /** Opens a draft from a facility's Bundle, or answers with the draft the same Bundle opened before. */
  async notify(principal: Principal, bundle: unknown, correlationId: string): Promise<{ created: boolean; draft: DraftView }> {
    const notified = this.read(bundle, principal.facilityId as string);
    const lifeEvent: LifeEventType = notified.type;
    // Over what the facility sent: the same Bundle is the same notification, whatever the registry answers today.
    const requestHash = createHash('sha256').update(JSON.stringify([notified.type, notified.data, notified.occurredAt, notified.confirmerNiks])).digest('hex');
    const event = await this.completeFromRegistry(notified, principal, correlationId);
    const occurredAt = new Date(event.occurredAt);
    const expiresAt = new Date(Math.max(occurredAt.getTime() + (RETENTION[lifeEvent].draftDays ?? MIN_DRAFT_DAYS) * DAY_MS, Date.now() + MIN_DRAFT_DAYS * DAY_MS));
    const id = randomUUID();
    const confirmerRefs = event.confirmerNiks.map((nik) => this.applications.applicantRef(nik));
    const text = draftOpenedText(currentDefinition(lifeEvent).title);
    const payload: DraftOpenedPayload = {
      draftId: id, lifeEvent, recipientRefs: confirmerRefs, ...text, deepLink: `simpul://drafts/${id}`,
      channels: ['IN_APP', 'EMAIL', 'SMS'], priority: 'HIGH', actionRequired: true, expiresAt: expiresAt.toISOString(),
    };
    const { created, draft } = await this.repo.insertWithOutbox(
      { id, lifeEvent, facilityId: principal.facilityId as string, bundleKey: event.bundleKey, requestHash, confirmerRefs, data: this.seal(event.data), correlationId, occurredAt, expiresAt },
      { topic: Topics.notifications, messageKey: id, value: newEnvelope(DRAFT_NOTIFICATION, id, correlationId, payload) as unknown as Record<string, unknown>, headers: { 'x-correlation-id': correlationId } },
    );
    if (created) this.relay.kick();
    else if (draft.requestHash !== requestHash) {
      throw toProblem(new BundleRejected([{ expression: 'Bundle.identifier', message: `this facility sent a different notification with this identifier before (draft ${draft.id})` }], 409));
    }
    return { created, draft: this.view(draft, principal) };
  }

  async list(principal: Principal, limit = 20, offset = 0) {
    const { items, total } = await this.repo.listForConfirmer(this.refOf(principal), limit, offset);
    return { items: items.map((d) => this.view(d, principal)), total, limit, offset };
  }

  async get(principal: Principal, id: string): Promise<DraftView> {
    return this.view(await this.findOwn(principal, id), principal);
  }

  /** The family confirms: the draft, completed and corrected by them, is submitted as the application with its id. */
  async confirm(principal: Principal, id: string, idempotencyKey: string, dto: ConfirmDraftDto): Promise<SubmitResult> {
    const draft = await this.findOwn(principal, id);
    if (draft.status === 'CONFIRMED') {
      // The data went to the application; a repeat of the confirmation that made it gets the same answer.
      const before = await this.applications.submittedBefore(principal, idempotencyKey);
      if (before?.body.id === draft.id) return before;
      throw new ProblemException({ title: 'Conflict', status: 409, detail: `draft ${id} was confirmed already: /v1/applications/${id}` });
    }
    // Confirming a death files a death: the same step-up as POST /v1/applications asks for it.
    const stepUp = draft.lifeEvent === 'DEATH' ? stepUpNeeded({ action: 'file-death' }, principal, undefined, this.assurance) : undefined;
    if (stepUp) throw stepUp;
    if (draft.status === 'EXPIRED') throw new ProblemException({ title: 'Gone', status: 410, detail: `draft ${id} expired on ${draft.expiresAt.toISOString()}; file the application yourself` });
    const prefilled = draft.data ? openField<Record<string, unknown>>(this.keys(), draft.data) : {};
    const data = { ...merged(prefilled, dto.data ?? {}), ...this.confirmerFields(draft.lifeEvent, principal) };
    const result = await this.applications.submit(principal, idempotencyKey, { lifeEvent: draft.lifeEvent, channel: 'SELF', data, consents: dto.consents }, draft.correlationId, draft.id);
    await this.repo.forgetData(draft.id);
    return result;
  }

  /** Drafts past their time are expired and their data deleted (the expiry job; tests pass a moved clock). */
  expire(now = new Date(), only?: string[]) {
    return this.repo.expire(now, only);
  }

  private read(bundle: unknown, facilityId: string): FacilityEvent {
    try {
      return readFacilityBundle(bundle, facilityId);
    } catch (err) {
      if (!(err instanceof BundleRejected)) throw err;
      throw toProblem(err);
    }
  }

  /** The family card fills in what the family would otherwise type; without an answer in time, the family types it. */
  private async completeFromRegistry(event: FacilityEvent, principal: Principal, correlationId: string): Promise<FacilityEvent> {
    const actor = { subject: principal.subject, role: principal.role };
    const read = await this.familyCards.read(familyCardHolder(event), actor, 'draft-prefill', correlationId);
    return read.status === 'FOUND' ? withFamilyCard(event, read.card) : event;
  }

  /** What the confirming person is in the application: the reporter of a death is whoever confirms it. */
  private confirmerFields(lifeEvent: LifeEventType, principal: Principal): Record<string, unknown> {
    return lifeEvent === 'DEATH' ? { reporterNik: principal.nik } : {};
  }

  private async findOwn(principal: Principal, id: string): Promise<DraftRow> {
    const draft = await this.repo.findForConfirmer(id, this.refOf(principal));
    if (!draft) throw new NotFoundException(`draft ${id} was not found`);
    return draft;
  }

  private refOf(principal: Principal): string {
    return this.applications.applicantRef(principal.nik as string);
  }

  /** The draft as `principal` sees it: what is missing counts what their confirmation fills in itself. */
  private view(d: DraftRow, principal: Principal): DraftView {
    const data = d.status === 'DRAFT' && d.data ? openField<Record<string, unknown>>(this.keys(), d.data) : null;
    const def = currentDefinition(d.lifeEvent);
    return {
      id: d.id,
      lifeEvent: d.lifeEvent,
      status: d.status,
      facilityId: d.facilityId,
      data,
      missing: data ? missingFields(d.lifeEvent, { ...data, ...this.confirmerFields(d.lifeEvent, principal) }) : [],
      consentSteps: consentSteps(def).map((s) => ({ stepId: s.id, agency: s.agency, title: s.title, inputs: s.inputs })),
      occurredAt: d.occurredAt.toISOString(),
      createdAt: d.createdAt.toISOString(),
      expiresAt: d.expiresAt.toISOString(),
      applicationUrl: d.status === 'CONFIRMED' ? `/v1/applications/${d.id}` : null,
    };
  }

  private seal(data: Record<string, unknown>): Record<string, unknown> {
    return sealField(this.keys(), data) as unknown as Record<string, unknown>;
  }

  private keys() {
    if (!this.settings.dataKeys) throw new Error('drafts need the data keys (SIMPUL_DATA_KEYS): their personal data is sealed at rest');
    return this.settings.dataKeys;
  }
}

/** The family's values over the draft's, object by object (`child: { name }` completes the child, keeps its sex). */
function merged(draft: Record<string, unknown>, family: Record<string, unknown>): Record<string, unknown> {
  const out = { ...draft };
  for (const [key, value] of Object.entries(family)) {
    const before = out[key];
    out[key] = isPlainObject(before) && isPlainObject(value) ? { ...before, ...value } : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The required fields the life event's schema still misses in `data`. */
function missingFields(lifeEvent: LifeEventType, data: Record<string, unknown>): string[] {
  try {
    validateLifeEventData(lifeEvent, data);
    return [];
  } catch (err) {
    const errors = (err instanceof ProblemException ? (err.getResponse() as { errors?: Array<{ field: string; message: string }> }).errors : undefined) ?? [];
    return errors.filter((e) => /required/i.test(e.message)).map((e) => e.field.replace(/^data\./, ''));
  }
}

/** A rejected Bundle as a problem whose fields are FHIRPath expressions; FHIR clients get it as an OperationOutcome. */
function toProblem(err: BundleRejected): ProblemException {
  const title = err.status === 403 ? 'Forbidden' : err.status === 409 ? 'Conflict' : 'Invalid FHIR Bundle';
  return new ProblemException({ type: `https://simpul.go.id/problems/${err.status === 422 ? 'invalid-fhir-bundle' : title.toLowerCase()}`, title, status: err.status, detail: err.message.slice(0, 500), errors: err.issues.map((i) => ({ field: i.expression, message: i.message })) });
}
