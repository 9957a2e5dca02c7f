import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { workflowIdFor } from '@simpul/contracts';
import { ProblemException } from '@simpul/http';
import type { TemporalClientHandle } from '@simpul/temporal';

/**
 * Sends a validated update to an application's workflow. A refusal by the workflow's validator (the step is no
 * longer failed, the application is already finishing) and a workflow that has closed are both "no longer applies":
 * 409, with the workflow's own reason. The update id makes a repeated request return the first result.
 */
export async function updateWorkflow(temporal: TemporalClientHandle, applicationId: string, update: string, arg: unknown, updateId: string, refusedType: string): Promise<void> {
  try {
    await temporal.client.workflow.getHandle(workflowIdFor(applicationId)).executeUpdate(update, { args: [arg], updateId });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      throw new ProblemException({ type: `https://simpul.go.id/problems/${refusedType}`, title: 'Action no longer applies', status: 409, detail: err.cause?.message ?? err.message });
    }
    if (err instanceof WorkflowNotFoundError || /already completed|not found/i.test(err instanceof Error ? err.message : '')) {
      throw new ProblemException({ type: 'https://simpul.go.id/problems/workflow-closed', title: 'Action no longer applies', status: 409, detail: `the workflow of application ${applicationId} is not running (not started yet, or already closed)` });
    }
    throw err;
  }
}
