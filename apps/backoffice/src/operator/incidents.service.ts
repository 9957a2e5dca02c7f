import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { RESOLVE_INCIDENT_UPDATE, workflowIdFor, type IncidentResolution } from '@simpul/contracts';
import type { Principal } from '@simpul/auth';
import { ProblemException } from '@simpul/http';
import type { TemporalClientHandle } from '@simpul/temporal';
import { TEMPORAL_CLIENT } from '../common/temporal-client.module';
import type { IncidentRow, IncidentStatus } from '@simpul/persistence';
import { OperatorActionsRepository } from './common/operator-actions.repository';
import { IncidentsRepository } from './incidents.repository';

/** Incidents: compensations that failed for good. An operator fixes the cause, then resolves the incident here. */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly repo: IncidentsRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClientHandle,
    private readonly actions: OperatorActionsRepository,
  ) {}

  async list(status: IncidentStatus | undefined, limit: number, offset: number) {
    const rows = await this.repo.list(status, limit, offset);
    return { items: rows.map(view), limit, offset };
  }

  /** Recorded in the operator actions (the note is the reason), accepted or refused. */
  resolve(principal: Principal, applicationId: string, incidentId: string, note: string) {
    return this.actions.perform(principal, { action: 'RESOLVE_INCIDENT', applicationId, target: incidentId, reason: note }, () => this.resolveNow(principal, applicationId, incidentId, note));
  }

  private async resolveNow(principal: Principal, applicationId: string, incidentId: string, note: string) {
    const row = await this.repo.find(applicationId, incidentId);
    if (!row) throw new NotFoundException(`incident ${incidentId} of application ${applicationId} was not found`);
    if (row.status !== 'OPEN') {
      throw new ProblemException({ type: 'https://simpul.go.id/problems/incident-not-open', title: 'Incident is not open', status: 409, detail: `incident ${incidentId} was already resolved by ${row.resolved_by ?? 'someone'}` });
    }
    const resolution: IncidentResolution = { incidentId, operatorId: principal.subject, note };
    try {
      await this.temporal.client.workflow.getHandle(workflowIdFor(applicationId)).executeUpdate(RESOLVE_INCIDENT_UPDATE, {
        args: [resolution],
        updateId: `resolve:${applicationId}:${incidentId}`,
      });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        throw new ProblemException({ type: 'https://simpul.go.id/problems/incident-not-open', title: 'Incident is not open', status: 409, detail: err.cause?.message ?? err.message });
      }
      throw err;
    }
    return { applicationId, incidentId, resolved: true };
  }
}

function view(r: IncidentRow) {
  return {
    applicationId: r.application_id,
    incidentId: r.incident_id,
    stepId: r.step_id,
    agency: r.agency,
    action: r.action,
    error: r.error,
    status: r.status,
    openedAt: new Date(r.opened_at).toISOString(),
    resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
    resolvedBy: r.resolved_by,
    note: r.note,
  };
}
