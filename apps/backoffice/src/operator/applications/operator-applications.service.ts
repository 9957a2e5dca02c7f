import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { definitionFor, workflowIdFor } from '@simpul/contracts';
import type { Principal } from '@simpul/auth';
import { decodedHistory, type DecodedHistoryEvent, type TemporalClientHandle } from '@simpul/temporal';
import { TEMPORAL_CLIENT } from '../../common/temporal-client.module';
import { parseIsoDuration } from '../common/iso-duration';
import { actionView, OperatorActionsRepository } from '../common/operator-actions.repository';
import { OPERATOR_SETTINGS, temporalUiLink, type OperatorSettings } from '../common/operator-settings';
import { maskPersonal, maskTextDeep } from '../common/personal-data';
import type { SearchApplicationsQueryDto } from '../dto/search-applications.dto';
import { OperatorApplicationsRepository, type StepRow } from './operator-applications.repository';
import { buildTimeline } from './timeline';

/** Reads for the operator console: search, the application page, the decoded workflow history. */
@Injectable()
export class OperatorApplicationsService {
  constructor(
    private readonly repo: OperatorApplicationsRepository,
    private readonly actions: OperatorActionsRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClientHandle,
    @Inject(OPERATOR_SETTINGS) private readonly settings: OperatorSettings,
  ) {}

  async search(q: SearchApplicationsQueryDto) {
    const limit = q.limit ?? 20;
    const offset = q.offset ?? 0;
    const rows = await this.repo.search(
      {
        status: q.status,
        lifeEvent: q.lifeEvent,
        agency: q.agency,
        stepStatus: q.stepStatus,
        createdFrom: q.createdFrom,
        createdTo: q.createdTo,
        stuckForSeconds: q.stuckFor ? (parseIsoDuration(q.stuckFor) ?? undefined) : undefined,
        openIncident: q.openIncident === undefined ? undefined : q.openIncident === 'true',
      },
      limit,
      offset,
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        lifeEvent: r.life_event,
        definitionVersion: r.definition_version,
        status: r.status,
        channel: r.channel,
        createdAt: iso(r.created_at),
        lastActivityAt: iso(r.last_activity_at ?? r.updated_at),
        openIncidents: r.open_incidents,
        steps: r.steps ?? [],
      })),
      total: rows[0]?.total ?? 0,
      limit,
      offset,
    };
  }

  /** The application page. Personal data is masked unless an operator gave a reason to see it (recorded). */
  async detail(principal: Principal, id: string, unmaskReason?: string) {
    const app = await this.repo.application(id);
    if (!app) throw new NotFoundException(`application ${id} was not found`);
    const [steps, events, incidents, actionRows, history] = await Promise.all([
      this.repo.steps(id),
      this.repo.events(id),
      this.repo.incidents(id),
      this.actions.ofApplication(id),
      this.history(id, !unmaskReason),
    ]);
    const def = definitionFor(app.life_event, app.definition_version);
    const order = new Map(def?.steps.map((s, i) => [s.id, i]) ?? []);
    const evidence = new Map<string, unknown[]>();
    for (const e of events) if (e.type === 'StepStatusChanged' && e.payload.evidence) evidence.set(e.payload.stepId as string, [...(evidence.get(e.payload.stepId as string) ?? []), { seq: e.seq, status: e.payload.status, ...(e.payload.evidence as object) }]);
    const view = {
      id: app.id,
      lifeEvent: app.life_event,
      definitionVersion: app.definition_version,
      status: app.status,
      statusReason: app.status_reason,
      channel: app.channel,
      assistedBy: app.assisted_by,
      correlationId: app.correlation_id,
      createdAt: iso(app.created_at),
      updatedAt: iso(app.updated_at),
      data: app.data,
      steps: [...steps].sort((a, b) => (order.get(a.step_id) ?? 99) - (order.get(b.step_id) ?? 99)).map((s) => stepView(s, evidence.get(s.step_id) ?? [])),
      incidents,
      timeline: buildTimeline(def, events, history.events, actionRows),
      operatorActions: actionRows.map(actionView),
      workflow: {
        workflowId: workflowIdFor(id),
        temporalUi: temporalUiLink(this.settings, workflowIdFor(id)),
        historyAvailable: history.available,
        ...(history.available ? {} : { historyProblem: history.problem }),
      },
      links: { history: `/v1/operator/applications/${id}/history`, evidence: `/v1/operator/applications/${id}/evidence` },
    };
    return this.maskUnless(principal, id, unmaskReason, view, 'application');
  }

  /** The workflow's event history, each payload decoded by the Temporal client's own data converter. */
  async workflowHistory(principal: Principal, id: string, unmaskReason?: string) {
    const app = await this.repo.application(id);
    if (!app) throw new NotFoundException(`application ${id} was not found`);
    const history = await this.history(id, !unmaskReason);
    if (!history.available) throw new NotFoundException(`the workflow of application ${id} has no history yet: ${history.problem}`);
    const view = { applicationId: id, workflowId: workflowIdFor(id), temporalUi: temporalUiLink(this.settings, workflowIdFor(id)), events: history.events };
    if (!unmaskReason) return { ...maskTextDeep(view), masked: true };
    await this.actions.record(principal, { action: 'UNMASK', applicationId: id, target: 'history', reason: unmaskReason });
    return { ...view, masked: false };
  }

  /** Payload values are masked as they are decoded (Temporal's own fields, such as activity names, stay readable). */
  private async history(id: string, masked: boolean): Promise<{ available: boolean; events: DecodedHistoryEvent[]; problem?: string }> {
    try {
      return { available: true, events: await decodedHistory(this.temporal.client, workflowIdFor(id), masked ? { mapPayload: maskPersonal } : {}) };
    } catch (err) {
      return { available: false, events: [], problem: err instanceof Error ? err.message.slice(0, 200) : 'unknown' };
    }
  }

  private async maskUnless<T extends object>(principal: Principal, id: string, unmaskReason: string | undefined, view: T, what: 'application') {
    if (!unmaskReason) return { ...maskPersonal(view), masked: true };
    await this.actions.record(principal, { action: 'UNMASK', applicationId: id, target: what, reason: unmaskReason });
    return { ...view, masked: false };
  }
}

function stepView(s: StepRow, evidence: unknown[]) {
  return {
    stepId: s.step_id,
    agency: s.agency,
    status: s.status,
    definitionVersion: s.definition_version,
    reference: s.reference,
    outputs: s.outputs,
    message: { id: s.message_id, en: s.message_en },
    ruleVersion: s.rule_version,
    startedAt: s.started_at ? iso(s.started_at) : null,
    completedAt: s.completed_at ? iso(s.completed_at) : null,
    escalatedAt: s.escalated_at ? iso(s.escalated_at) : null,
    slaDueAt: s.sla_due_at ? iso(s.sla_due_at) : null,
    evidence,
  };
}

function iso(d: Date | string): string {
  return new Date(d).toISOString();
}
