/**
 * What reaches a running lifeEventWorkflow from outside: officers' decisions, citizens' answers, operators' incident
 * resolutions (validated updates) and consent revocations (a signal). The names are fixed (libs/contracts
 * workflow-types.ts): backoffice and portal-api send them. Operator retries and cancellations are in
 * operator-controls.ts. Workflow code: same determinism rules as life-event.workflow.ts.
 *
 * A validator refuses what no longer applies before it enters the history, so the sender sees why; a handler only
 * records what arrived: the step runner and compensation wait for it with `condition()`.
 */
import { defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';
import {
  CITIZEN_RESPONSE_UPDATE,
  CONSENT_REVOKED_SIGNAL,
  OFFICER_DECISION_UPDATE,
  RESOLVE_INCIDENT_UPDATE,
  type CitizenResponse,
  type ConsentRevocation,
  type IncidentResolution,
  type LifeEventDefinition,
  type OfficerDecision,
  type StepStatus,
} from '@simpul/contracts';

export const officerDecisionUpdate = defineUpdate<{ accepted: true }, [OfficerDecision]>(OFFICER_DECISION_UPDATE);
export const resolveIncidentUpdate = defineUpdate<{ accepted: true }, [IncidentResolution]>(RESOLVE_INCIDENT_UPDATE);
export const citizenResponseUpdate = defineUpdate<{ accepted: true }, [CitizenResponse]>(CITIZEN_RESPONSE_UPDATE);
export const consentRevokedSignal = defineSignal<[ConsentRevocation]>(CONSENT_REVOKED_SIGNAL);

const OUTCOMES = ['APPROVE', 'REJECT', 'REQUEST_INFORMATION'];
const accepted = () => Promise.resolve({ accepted: true as const });

/** Where a step stands now (StatusPublisher.stepStatus): what the validators check an update against. */
type StepStatusOf = (stepId: string) => StepStatus | undefined;

export class Inbox {
  /** Steps whose consent the citizen withdrew; a step not yet started is then skipped. */
  readonly revoked = new Set<string>();
  readonly decisions = new Map<string, OfficerDecision>();
  readonly citizenResponses = new Map<string, CitizenResponse>();
  /** Incidents of compensations that failed for good, open until an operator resolves them. */
  readonly openIncidents = new Set<string>();
  readonly resolutions = new Map<string, IncidentResolution>();

  /**
   * Sets the handlers (call once, at the start; updates that arrived with the first task are delivered at once).
   * `informationRequests`: the application started with INFORMATION_REQUEST_PATCH.
   */
  constructor(
    private readonly def: LifeEventDefinition,
    private readonly stepStatus: StepStatusOf,
    private readonly informationRequests: boolean,
  ) {
    setHandler(consentRevokedSignal, (r) => void this.revoked.add(r.stepId));
    setHandler(officerDecisionUpdate, (d) => (this.decisions.set(d.stepId, d), accepted()), { validator: (d) => this.checkDecision(d) });
    setHandler(citizenResponseUpdate, (r) => (this.citizenResponses.set(r.stepId, r), accepted()), { validator: (r) => this.checkResponse(r) });
    setHandler(resolveIncidentUpdate, (r) => (this.resolutions.set(r.incidentId, r), accepted()), { validator: (r) => this.checkResolution(r) });
  }

  private checkDecision(d: OfficerDecision): void {
    const step = this.def.steps.find((s) => s.id === d.stepId);
    if (!step?.officerDecision) throw new Error(`step ${d.stepId} takes no officer decision`);
    if (this.stepStatus(d.stepId) !== 'WAITING_FOR_OFFICER' || this.decisions.has(d.stepId)) throw new Error(`step ${d.stepId} is not waiting for an officer's decision`);
    if (!OUTCOMES.includes(d.outcome)) throw new Error(`unknown outcome ${String(d.outcome)}`);
    if (d.outcome === 'REQUEST_INFORMATION' && !this.informationRequests) throw new Error('this application was started before officers could ask for information');
    if (d.outcome === 'REQUEST_INFORMATION' && !d.message?.trim()) throw new Error('a request for information needs a message to the citizen');
  }

  private checkResponse(r: CitizenResponse): void {
    if (!this.informationRequests || this.stepStatus(r.stepId) !== 'WAITING_FOR_CITIZEN' || this.citizenResponses.has(r.stepId)) {
      throw new Error(`step ${r.stepId} is not waiting for the citizen`);
    }
    if (typeof r.message !== 'string' || !r.message.trim()) throw new Error('an answer needs a message');
  }

  private checkResolution(r: IncidentResolution): void {
    if (!this.openIncidents.has(r.incidentId) || this.resolutions.has(r.incidentId)) throw new Error(`incident ${r.incidentId} is not open`);
  }
}
