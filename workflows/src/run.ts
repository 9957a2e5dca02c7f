/**
 * One run of lifeEventWorkflow: its state (run-state.ts) and the parts that act for it, made once at the start.
 * Workflow code: same determinism rules as life-event.workflow.ts.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { LifeEventDefinition, LifeEventWorkflowInput } from '@simpul/contracts';
import { AgencyCaller } from './agency-caller';
import { Inbox } from './handlers';
import { OPERATOR_ACTIONS_PATCH, OperatorControls } from './operator-controls';
import { RunState } from './run-state';
import { SlaWatch } from './sla';
import { StatusPublisher, type StatusPublishing } from './status-publisher';
import { BATCHED_STATUS_PATCH, INFORMATION_REQUEST_PATCH, LOCAL_STATUS_PATCH, Patches, SLA_PATCH } from './versioning';

export interface Run {
  state: RunState;
  patches: Patches;
  operator: OperatorControls;
  status: StatusPublisher;
  inbox: Inbox;
  sla: SlaWatch;
  agency: AgencyCaller;
}

/**
 * Reads the patches and sets the handlers, in this order: which patches an application takes is decided here, once,
 * and each `patches.has()` outside lean-history is a patched() call whose position in the history is fixed.
 * Operator actions, information requests and the way status events leave are gated at the start: an application keeps
 * the behaviour it started with.
 */
export function openRun(input: LifeEventWorkflowInput, def: LifeEventDefinition): Run {
  // First: lean by the input, or by the lean-history marker, or the individual patches of older histories (versioning.ts).
  const patches = Patches.atStart(input);
  const operator = new OperatorControls(patches.has(OPERATOR_ACTIONS_PATCH));
  const informationRequests = patches.has(INFORMATION_REQUEST_PATCH);
  const publishing: StatusPublishing = !patches.has(LOCAL_STATUS_PATCH) ? 'activity' : patches.has(BATCHED_STATUS_PATCH) ? 'batched' : 'local';
  const status = new StatusPublisher(input, def, workflowInfo().workflowId, publishing, patches.lean);
  const state = new RunState(input, def);
  const inbox = new Inbox(def, (stepId) => status.stepStatus(stepId), informationRequests);
  /** Escalates once when a step is still open after its SLA (sla.ts; lean: a timer only once the step can wait). */
  const sla = new SlaWatch(() => patches.has(SLA_PATCH), !patches.lean, state.slaHourMs, (step, dueAt) => status.slaBreached(step, dueAt));
  const agency = new AgencyCaller(patches, operator, sla, status, state.slaHourMs);
  return { state, patches, operator, status, inbox, sla, agency };
}
