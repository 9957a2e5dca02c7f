import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail, type AuditActor } from '@simpul/audit';
import type { SimpulConfig } from '@simpul/config';
import { FAMILY_CARD_WORKFLOW, TaskQueues, familyCardWorkflowId, type FamilyCard, type FamilyCardQuery } from '@simpul/contracts';
import { ApplicationsService } from '../applications/applications.service';
import { PORTAL_TEMPORAL, type TemporalConnector } from '../common/portal-temporal';

export const FAMILY_CARD_SETTINGS = Symbol('FAMILY_CARD_SETTINGS');
export type FamilyCardSettings = SimpulConfig['familyCard'];

export type FamilyCardRead = { status: 'FOUND'; card: FamilyCard } | { status: 'NOT_FOUND' } | { status: 'UNAVAILABLE' };
/** Why a card is read, recorded with the read in the audit trail. */
export type FamilyCardPurpose = 'draft-prefill' | 'own-family-card';

const MAX_CACHED = 10_000;

/**
 * Reads a person's family card from the civil registry, through its adapter (a short workflow whose one activity runs
 * on `agency.civil-registry`), so that what the state already knows is not typed again. Every read is audited (by
 * keyed hashes, no NIK); answers are kept in memory for a few minutes; a registry that does not answer in time is
 * UNAVAILABLE, and the caller goes on without the pre-fill.
 */
@Injectable()
export class FamilyCardService {
  private readonly log = new Logger('FamilyCardService');
  private readonly cache = new Map<string, { until: number; read: FamilyCardRead }>();

  constructor(
    @Inject(PORTAL_TEMPORAL) private readonly temporal: TemporalConnector,
    @Inject(FAMILY_CARD_SETTINGS) private readonly settings: FamilyCardSettings,
    private readonly applications: ApplicationsService,
    private readonly audit: AuditTrail,
  ) {}

  /** The keyed hash that names a person in the audit trail and the cache (the same as an application's applicant_ref). */
  personRef(nik: string): string {
    return this.applications.applicantRef(nik);
  }

  async read(nik: string, actor: AuditActor, purpose: FamilyCardPurpose, correlationId: string): Promise<FamilyCardRead> {
    const personRef = this.personRef(nik);
    const hit = this.cache.get(personRef);
    const cached = !!hit && hit.until > Date.now();
    const read = cached ? hit.read : await this.fetch(nik, correlationId);
    if (!cached && read.status !== 'UNAVAILABLE') this.remember(personRef, read);
    const members = read.status === 'FOUND' ? read.card.members.length : 0;
    await this.audit.append({ actor, action: 'family-card.read', subject: { personRef }, details: { purpose, outcome: read.status, members, cached } });
    return read;
  }

  private async fetch(nik: string, correlationId: string): Promise<FamilyCardRead> {
    const lookupId = randomUUID();
    const query: FamilyCardQuery = { lookupId, correlationId, nik };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      // The server ends the workflow at the same moment; this also covers a Temporal that cannot be reached at all.
      timer = setTimeout(() => reject(new Error(`no answer within ${this.settings.timeoutMs} ms`)), this.settings.timeoutMs + 1000);
    });
    try {
      const run = async () => {
        const { client } = await this.temporal();
        return client.workflow.execute(FAMILY_CARD_WORKFLOW, {
          taskQueue: TaskQueues.orchestration,
          workflowId: familyCardWorkflowId(lookupId),
          args: [query],
          workflowExecutionTimeout: `${this.settings.timeoutMs} ms`,
        }) as Promise<FamilyCard | null>;
      };
      const card = await Promise.race([run(), late]);
      return card ? { status: 'FOUND', card } : { status: 'NOT_FOUND' };
    } catch (err) {
      this.log.warn(`family card ${lookupId} unavailable: ${err instanceof Error ? err.message : String(err)}`);
      return { status: 'UNAVAILABLE' };
    } finally {
      clearTimeout(timer);
    }
  }

  private remember(personRef: string, read: FamilyCardRead): void {
    if (this.settings.cacheSeconds === 0) return;
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(personRef, { until: Date.now() + this.settings.cacheSeconds * 1000, read });
  }
}
