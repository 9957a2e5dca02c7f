import { ForbiddenException, Inject, Injectable, NotFoundException, type OnModuleDestroy } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { OFFICER_DECISION_UPDATE, workflowIdFor, type AgencyId, type OfficerDecision } from '@simpul/contracts';
import type { Principal } from '@simpul/auth';
import { AuditTrail } from '@simpul/audit';
import { ProblemException } from '@simpul/http';
import type { TemporalClientHandle } from '@simpul/temporal';
import { TEMPORAL_CLIENT } from '../common/temporal-client.module';
import type { DecisionDto, TaskQueryDto } from './dto/decision.dto';
import { TasksRepository, type TaskRow, type TaskScope } from './tasks.repository';
import { stepData, taskSummary } from './task-view';

export { taskId } from './task-view';
export const TASK_SETTINGS = Symbol('TASK_SETTINGS');
export interface TaskSettings {
  /** Length of an SLA hour in ms, as the workflow's SLA timers (input slaSecondsPerHour, from the same config). */
  hourMs: number;
  claimTtlSeconds: number;
  /** Agencies whose officers see only their token's region (SIMPUL_REGIONAL_AGENCIES). */
  regionalAgencies: string[];
}
const TASK_ID = /^([0-9a-f-]{36}):([a-z0-9-]{1,64})$/;

const notOpen = (detail: string) => new ProblemException({ type: 'https://simpul.go.id/problems/task-not-open', title: 'Task is not open', status: 409, detail });
const claimedByOther = (officerId: string, expiresAt: Date) =>
  new ProblemException({
    type: 'https://simpul.go.id/problems/task-claimed',
    title: 'Task is claimed by another officer',
    status: 409,
    detail: `officer ${officerId} holds this task until ${new Date(expiresAt).toISOString()}`,
  });

@Injectable()
export class TasksService implements OnModuleDestroy {
  constructor(
    private readonly repo: TasksRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClientHandle,
    @Inject(TASK_SETTINGS) private readonly settings: TaskSettings,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * The agency's queue, most urgent first (by SLA due time). A supervisor's default view, and `escalated=true`, is
   * the escalated work: open tasks past their due time.
   */
  async list(principal: Principal, q: TaskQueryDto) {
    const limit = q.limit ?? 20;
    const offset = q.offset ?? 0;
    const escalated = q.escalated !== undefined ? q.escalated === 'true' : principal.role === 'supervisor' && q.overdue === undefined && q.status === undefined;
    if (escalated && principal.role !== 'supervisor') throw new ForbiddenException('escalated tasks are for the supervisor of the agency');
    const overdue = escalated ? true : q.overdue !== undefined ? q.overdue === 'true' : undefined;
    const { rows, total } = await this.repo.list(this.scopeOf(principal), { lifeEvent: q.lifeEvent, status: q.status ?? 'WAITING_FOR_OFFICER', overdue, limit, offset }, this.settings.hourMs);
    const now = new Date();
    return { items: rows.map((r) => taskSummary(r, now)), total, limit, offset, escalated };
  }

  async counts(principal: Principal) {
    const scope = principal.role === 'operator' ? undefined : this.scopeOf(principal);
    return { items: await this.repo.counts(scope, this.settings.hourMs) };
  }

  /** One task with the data its step needs (masked), the citizen's answers, and what was done on it. */
  async get(principal: Principal, id: string) {
    const task = await this.task(principal, id);
    const { data, outputs } = await this.repo.sources(task.application_id);
    const [history, responses] = await Promise.all([this.repo.history(id), this.repo.responses(task.application_id, task.step_id)]);
    return {
      ...taskSummary(task, new Date()),
      data: stepData(task, data, outputs),
      responses: responses.map((r) => ({ message: r.message, at: new Date(r.created_at).toISOString() })),
      history: history.map((h) => ({ action: h.action, by: h.actor_id, role: h.actor_role, outcome: h.outcome, reason: h.reason, message: h.message, at: new Date(h.created_at).toISOString() })),
    };
  }

  async claim(principal: Principal, id: string) {
    const task = await this.task(principal, id);
    if (task.status !== 'WAITING_FOR_OFFICER') throw notOpen(`task ${id} is ${task.status}, not waiting for an officer`);
    return this.repo.transaction(async (m) => {
      const claim = await this.repo.claim(id, task.application_id, task.step_id, task.agency, principal.subject, this.settings.claimTtlSeconds, m);
      if (claim.officer_id !== principal.subject) throw claimedByOther(claim.officer_id, claim.expires_at);
      await this.repo.recordAction({ taskId: id, applicationId: task.application_id, stepId: task.step_id, agency: task.agency, action: 'claim', actorId: principal.subject, actorRole: principal.role }, m);
      await this.audit.append({ actor: principal, action: 'task.claim', subject: { applicationId: task.application_id, taskId: id }, details: { stepId: task.step_id } }, m);
      return { taskId: id, officerId: claim.officer_id, expiresAt: new Date(claim.expires_at).toISOString() };
    });
  }

  /** The holder releases their claim; a supervisor of the agency may release anyone's (an officer away, a task overdue). */
  async release(principal: Principal, id: string) {
    const task = await this.task(principal, id);
    return this.repo.transaction(async (m) => {
      const live = await this.repo.liveClaim(id, m);
      if (!live) throw new ProblemException({ type: 'https://simpul.go.id/problems/task-not-claimed', title: 'Task is not claimed', status: 409, detail: `nobody holds task ${id}` });
      if (live.officer_id !== principal.subject && principal.role !== 'supervisor') throw claimedByOther(live.officer_id, live.expires_at);
      await this.repo.release(id, principal.role === 'supervisor' ? undefined : principal.subject, m);
      await this.repo.recordAction({ taskId: id, applicationId: task.application_id, stepId: task.step_id, agency: task.agency, action: 'release', actorId: principal.subject, actorRole: principal.role, outcome: live.officer_id }, m);
      await this.audit.append({ actor: principal, action: 'task.release', subject: { applicationId: task.application_id, taskId: id }, details: { stepId: task.step_id, heldBy: live.officer_id } }, m);
      return { taskId: id, released: true };
    });
  }

  /**
   * Delivers the decision through a validated workflow update. Only the holder of a live claim decides. The update
   * id is derived from the task, its round (how many information requests the citizen answered) and the outcome, so
   * a double submit returns the first result instead of deciding twice, while a different decision on a task that is
   * no longer open is refused by the workflow's validator (409). The claim stays until it expires or the citizen
   * answers, so a repeated submit by the same officer is answered like the first.
   */
  async decide(principal: Principal, id: string, dto: DecisionDto) {
    const task = await this.task(principal, id);
    const round = await this.repo.round(task.application_id, task.step_id);
    const updateId = `decision:${id}:${round}:${dto.outcome}`;
    const live = await this.repo.liveClaim(id);
    if (!live) {
      if (task.status !== 'WAITING_FOR_OFFICER') throw notOpen(`task ${id} is ${task.status}, not waiting for an officer`);
      throw new ProblemException({ type: 'https://simpul.go.id/problems/task-not-claimed', title: 'Claim the task before deciding', status: 409, detail: `claim task ${id} (POST /v1/tasks/${id}/claim) before deciding` });
    }
    if (live.officer_id !== principal.subject) throw claimedByOther(live.officer_id, live.expires_at);
    const decision: OfficerDecision = {
      stepId: task.step_id,
      outcome: dto.outcome,
      officerId: principal.subject,
      ...(dto.reason ? { reason: dto.reason } : {}),
      ...(dto.message ? { message: dto.message } : {}),
    };
    try {
      await this.temporal.client.workflow.getHandle(workflowIdFor(task.application_id)).executeUpdate(OFFICER_DECISION_UPDATE, { args: [decision], updateId });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError || /already completed|not found/i.test(err instanceof Error ? err.message : '')) {
        // A closed workflow (the application was cancelled or finished meanwhile) takes no more decisions either.
        throw notOpen(err instanceof WorkflowUpdateFailedError ? (err.cause?.message ?? err.message) : 'the application is no longer running');
      }
      throw err;
    }
    // Recorded once per update id: a repeated submit finds its decision already recorded.
    await this.repo.transaction(async (m) => {
      const action = { taskId: id, applicationId: task.application_id, stepId: task.step_id, agency: task.agency, action: 'decision' as const, actorId: principal.subject, actorRole: principal.role, outcome: dto.outcome, reason: dto.reason, message: dto.message, updateId };
      if (!(await this.repo.recordAction(action, m))) return;
      await this.audit.append({ actor: principal, action: 'task.decision', subject: { applicationId: task.application_id, taskId: id }, reason: dto.reason, details: { stepId: task.step_id, outcome: dto.outcome } }, m);
    });
    return { taskId: id, outcome: dto.outcome, accepted: true };
  }

  /** The task of the caller's agency; another agency's task does not exist for the caller (404, not 403). */
  private async task(principal: Principal, id: string): Promise<TaskRow> {
    const match = TASK_ID.exec(id);
    if (!match) throw new NotFoundException(`task ${id} was not found`);
    const task = await this.repo.find(this.scopeOf(principal), match[1], match[2], this.settings.hourMs);
    if (!task || !['WAITING_FOR_OFFICER', 'WAITING_FOR_CITIZEN', 'COMPLETED', 'REJECTED', 'SKIPPED'].includes(task.status) || !task.due_at) {
      throw new NotFoundException(`task ${id} was not found`);
    }
    return task;
  }

  /** The agency, and the region where the agency's offices are regional and the token names one (else national). */
  private scopeOf(principal: Principal): TaskScope {
    const agency = agencyOf(principal);
    return { agency, region: this.settings.regionalAgencies.includes(agency) ? principal.region : undefined };
  }

  async onModuleDestroy(): Promise<void> {
    await this.temporal.connection.close();
  }
}

function agencyOf(principal: Principal): AgencyId {
  if (!principal.agency) throw new ForbiddenException('an officer token must name an agency');
  return principal.agency;
}
