import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@simpul/auth';
import { AuditTrail } from '@simpul/audit';
import { ProblemException, fieldProblem } from '@simpul/http';
import { ApplicationContextRepository, ManualTasksRepository, type ManualTask, type ManualTaskScope } from '@simpul/persistence';
import { DataSource } from 'typeorm';
import { stepData } from '../tasks/task-view';
import { PHASED_SETTINGS, type PhasedSettings } from './connections.controller';
import type { ManualOutcomeDto, ManualTaskQueryDto } from './manual-task.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OUTPUT_KEY = /^[a-z][A-Za-z0-9]{0,39}$/;
function summary(t: ManualTask) {
  return {
    id: t.id,
    applicationId: t.application_id,
    stepId: t.step_id,
    action: t.action,
    agency: t.agency,
    region: t.region_code || null,
    office: t.office,
    status: t.status,
    createdAt: new Date(t.created_at).toISOString(),
    dueAt: new Date(t.due_at).toISOString(),
    overdue: t.status === 'OPEN' && new Date(t.due_at).getTime() <= Date.now(),
    ...(t.status === 'OPEN' ? {} : { record: { documentNumber: t.document_number, reason: t.reason, outputs: t.outputs ?? {}, by: t.decided_by, role: t.decided_role, at: t.decided_at ? new Date(t.decided_at).toISOString() : null } }),
  };
}

/**
 * The manual lane's officer side: a regional office not connected yet does the step by hand and records the outcome
 * here. Same authorization as officer work queues: the officer's agency, and their region for a regional agency;
 * another agency's or region's task does not exist for them (404). The workflow learns the outcome at its next check
 * of the task (agency-worker, `<agency>.checkManualTask`), the same path as an agency that answers later.
 */
@Injectable()
export class ManualTasksService {
  constructor(
    private readonly tasks: ManualTasksRepository,
    private readonly applications: ApplicationContextRepository,
    private readonly audit: AuditTrail,
    private readonly ds: DataSource,
    @Inject(PHASED_SETTINGS) private readonly settings: PhasedSettings,
  ) {}

  async list(principal: Principal, q: ManualTaskQueryDto) {
    const limit = q.limit ?? 20;
    const offset = q.offset ?? 0;
    const { rows, total } = await this.tasks.list(this.scopeOf(principal), q.status ?? 'OPEN', limit, offset);
    return { items: rows.map(summary), total, limit, offset };
  }

  /** One task, with what the step needs from the application (masked like an officer's task). */
  async get(principal: Principal, id: string) {
    const task = await this.task(principal, id);
    const app = await this.applications.forManualTask(task.application_id);
    const data = app ? stepData({ life_event: app.life_event, definition_version: app.definition_version, step_id: task.step_id }, app.data ?? {}, app.stepOutputs) : {};
    return { ...summary(task), lifeEvent: app?.life_event ?? null, data };
  }

  /** Records the office's outcome once (audited); a task no longer open is a 409. */
  async record(principal: Principal, id: string, dto: ManualOutcomeDto) {
    const task = await this.task(principal, id);
    const outputs = dto.outputs ?? {};
    for (const [key, value] of Object.entries(outputs)) {
      if (!OUTPUT_KEY.test(key) || typeof value !== 'string' || value.length > 200) throw fieldProblem(`outputs.${key}`, `outputs.${key} must be a camelCase name with a string value of at most 200 characters`);
    }
    return this.ds.transaction(async (m) => {
      const recorded = await this.tasks.record(
        task.id,
        { status: dto.outcome, documentNumber: dto.documentNumber, reason: dto.reason, outputs, decidedBy: principal.subject, decidedRole: principal.role },
        m,
      );
      if (!recorded) {
        throw new ProblemException({ type: 'https://simpul.go.id/problems/task-not-open', title: 'Task is not open', status: 409, detail: `manual task ${id} is ${task.status}, its outcome is already recorded` });
      }
      await this.audit.append(
        { actor: principal, action: 'manual-task.record', subject: { applicationId: task.application_id, taskId: task.id }, reason: dto.reason, details: { stepId: task.step_id, agency: task.agency, region: task.region_code, outcome: dto.outcome } },
        m,
      );
      return summary(recorded);
    });
  }

  private async task(principal: Principal, id: string): Promise<ManualTask> {
    const task = UUID.test(id) ? await this.tasks.inScope(this.scopeOf(principal), id) : undefined;
    if (!task) throw new NotFoundException(`manual task ${id} was not found`);
    return task;
  }

  private scopeOf(principal: Principal): ManualTaskScope {
    if (!principal.agency) throw new ForbiddenException('an officer token must name an agency');
    return { agency: principal.agency, region: this.settings.regionalAgencies.includes(principal.agency) ? principal.region : undefined };
  }
}
