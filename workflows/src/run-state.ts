/**
 * The explicit state of one lifeEventWorkflow run: what its steps produced, which completed (for compensation), and
 * whether the application was rejected or failed. Pure data and functions (no `@temporalio/workflow`), so it is
 * unit-tested on its own (test/unit/workflow-run-state.spec.ts). Workflow code: same determinism rules as
 * life-event.workflow.ts; `Date.now()` is the workflow clock there.
 */
import {
  CANCELLED_BY_OPERATOR,
  isLateReport,
  selectStepInput,
  type AgencyRejectionDetails,
  type AgencyStepRequest,
  type AgencyStepResult,
  type ApplicationStatus,
  type ApplicationStatusChangedPayload,
  type LifeEventDefinition,
  type LifeEventWorkflowInput,
  type LifeEventWorkflowResult,
  type StepDefinition,
  type StepStatus,
} from '@simpul/contracts';

export type Rejection = ApplicationStatusChangedPayload['reason'];

export class RunState {
  /** Each step's outputs, the input of later steps (selectStepInput) and of its own compensation. */
  readonly outputs: Record<string, Record<string, string>> = {};
  readonly references: Record<string, string | undefined> = {};
  /** Steps that completed, in the order they did: compensation undoes them in reverse. */
  readonly completedOrder: StepDefinition[] = [];
  /** Length of an SLA hour in milliseconds (compressed in tests and demos, pinned in the input). */
  readonly slaHourMs: number;
  /** Whether the event was reported after its statutory deadline (steps `when: 'LATE_REPORT'` run only then). */
  readonly late: boolean;
  /** The first rejection that rejects the whole application (onReject REJECT_APPLICATION). */
  rejection: Rejection;
  /** A step failed for good in an application started before operator actions: it fails and is compensated. */
  failed = false;

  constructor(
    readonly input: LifeEventWorkflowInput,
    readonly def: LifeEventDefinition,
  ) {
    this.slaHourMs = (input.slaSecondsPerHour ?? 3600) * 1000;
    this.late = isLateReport(def, input.data, new Date(input.submittedAt ?? Date.now()));
  }

  /** Once rejected or failed, steps not yet started are skipped and completed ones are compensated. */
  get stopped(): boolean {
    return !!this.rejection || this.failed;
  }

  step(stepId: string): StepDefinition {
    return this.def.steps.find((s) => s.id === stepId) as StepDefinition;
  }

  /** Records a step's result; COMPLETED unless the agency said SKIPPED. */
  record(step: StepDefinition, result: AgencyStepResult): StepStatus {
    const next: StepStatus = result.outcome === 'SKIPPED' ? 'SKIPPED' : 'COMPLETED';
    this.outputs[step.id] = result.outputs;
    this.references[step.id] = result.reference;
    if (next === 'COMPLETED') this.completedOrder.push(step);
    return next;
  }

  /** A refusal of a step that rejects the application (onReject REJECT_APPLICATION) decides how it ends; the first wins. */
  rejected(step: StepDefinition, details: AgencyRejectionDetails): void {
    if (step.onReject === 'REJECT_APPLICATION' && !this.rejection) this.rejection = { code: details.code, ...details.message };
  }

  /** What an agency receives for a step: its input (from the application's data and earlier outputs), ids, trace. */
  stepRequest(step: StepDefinition): AgencyStepRequest {
    return {
      applicationId: this.input.applicationId,
      stepId: step.id,
      correlationId: this.input.correlationId,
      input: selectStepInput(step, this.input.data, this.outputs),
      ...(step.integration ? { mode: step.integration.mode } : {}),
      ...(this.input.traceparent ? { traceparent: this.input.traceparent } : {}),
    };
  }

  /** What an agency receives to undo a completed step: the step's input and outputs and the agency's reference. */
  compensationRequest(step: StepDefinition): AgencyStepRequest {
    return {
      applicationId: this.input.applicationId,
      stepId: step.id,
      correlationId: this.input.correlationId,
      input: { ...selectStepInput(step, this.input.data, this.outputs), ...this.outputs[step.id], reference: this.references[step.id] ?? '' },
      ...(this.input.traceparent ? { traceparent: this.input.traceparent } : {}),
    };
  }

  /** How the application ends: cancelled by an operator, rejected, failed, or completed. */
  result(cancelled: boolean): LifeEventWorkflowResult {
    const final: ApplicationStatus = cancelled ? 'CANCELLED' : this.rejection ? 'REJECTED' : this.failed ? 'FAILED' : 'COMPLETED';
    const reason = cancelled ? CANCELLED_BY_OPERATOR : this.rejection;
    return reason ? { status: final, reason } : { status: final };
  }
}
