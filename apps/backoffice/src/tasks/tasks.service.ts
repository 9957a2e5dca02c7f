import { ConflictException, Inject, Injectable, NotFoundException, type OnModuleDestroy } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { OFFICER_DECISION_UPDATE, workflowIdFor, type AgencyId, type OfficerDecision } from '@simpul/contracts';
import type { Principal } from '@simpul/auth';
import { AuditTrail } from '@simpul/audit';
import { ProblemException } from '@simpul/http';
import type { TemporalClientHandle } from '@simpul/temporal';
import type { DecisionDto } from './dto/decision.dto';
import { TasksRepository, type TaskRow } from './tasks.repository';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
const TASK_ID = /^([0-9a-f-]{36}):([a-z0-9-]{1,64})$/;

export function taskId(applicationId: string, stepId: string): string {
  return `${applicationId}:${stepId}`;
}

@Injectable()
export class TasksService implements OnModuleDestroy {
  constructor(
    private readonly repo: TasksRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClientHandle,
    private readonly audit: AuditTrail,
  ) {}

  async list(principal: Principal, limit: number, offset: number) {
    const rows = await this.repo.listWaiting(agencyOf(principal), limit, offset);
    return { items: rows.map(view), limit, offset };
  }

  /**
   * Delivers the decision through a validated workflow update. The update id is derived from the task, so a double
   * submit returns the first result instead of deciding twice; a task no longer waiting is refused.
   */
  async decide(principal: Principal, id: string, dto: DecisionDto) {
    const match = TASK_ID.exec(id);
    if (!match) throw new NotFoundException(`task ${id} was not found`);
    const [, applicationId, stepId] = match;
    const task = await this.repo.find(agencyOf(principal), applicationId, stepId);
    if (!task) throw new NotFoundException(`task ${id} was not found`);
    const decision: OfficerDecision = { stepId, outcome: dto.outcome, officerId: principal.subject, ...(dto.reason ? { reason: dto.reason } : {}) };
    try {
      await this.temporal.client.workflow.getHandle(workflowIdFor(applicationId)).executeUpdate(OFFICER_DECISION_UPDATE, {
        args: [decision],
        updateId: `decision:${id}`,
      });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
        // A closed workflow (the application was cancelled or finished meanwhile) takes no more decisions either.
        throw new ProblemException({ type: 'https://simpul.go.id/problems/task-not-open', title: 'Task is not open', status: 409, detail: err instanceof WorkflowUpdateFailedError ? (err.cause?.message ?? err.message) : err.message });
      }
      throw err;
    }
    await this.audit.append({ actor: principal, action: 'task.decision', subject: { applicationId, taskId: id }, reason: dto.reason, details: { stepId, outcome: dto.outcome } });
    return { taskId: id, outcome: dto.outcome, accepted: true };
  }

  async onModuleDestroy(): Promise<void> {
    await this.temporal.connection.close();
  }
}

function agencyOf(principal: Principal): AgencyId {
  if (!principal.agency) throw new ConflictException('an officer token must name an agency');
  return principal.agency;
}

function view(row: TaskRow) {
  return {
    id: taskId(row.application_id, row.step_id),
    applicationId: row.application_id,
    stepId: row.step_id,
    agency: row.agency,
    lifeEvent: row.life_event,
    status: row.status,
    reference: row.reference,
    waitingSince: new Date(row.updated_at).toISOString(),
  };
}
