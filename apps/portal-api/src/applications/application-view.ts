import {
  AGENCY_NAMES,
  FINAL_APPLICATION_STATUSES,
  applicationStatusText,
  currentDefinition,
  definitionFor,
  type ApplicationStatus,
  type LifeEventDefinition,
  type StepStatus,
} from '@simpul/contracts';
import type { ApplicationEntity, ApplicationStepEntity } from '@simpul/persistence';
import type { AssistedBy, IncidentRow } from './applications.repository';

export type { IncidentRow };
import { referencesOf } from './references';
import { expectedCompletion, planSteps, type StepProgress } from './status-plan';
import { nextActionFor, notStartedText, summaryText, type WaitingFor } from './status-texts';


export interface ViewInput {
  application: ApplicationEntity;
  assistedBy: AssistedBy | null;
  steps: ApplicationStepEntity[];
  incidents: IncidentRow[];
  now: Date;
  /** Length of an SLA hour in milliseconds (the workflow's timers use the same). */
  hourMs: number;
}

export function definitionOf(a: Pick<ApplicationEntity, 'lifeEvent' | 'definitionVersion'>): LifeEventDefinition {
  return definitionFor(a.lifeEvent, a.definitionVersion) ?? currentDefinition(a.lifeEvent);
}

export function waitingForOf(status: StepStatus): WaitingFor {
  if (status === 'RUNNING') return 'agency';
  if (status === 'WAITING_FOR_OFFICER') return 'officer';
  if (status === 'WAITING_FOR_CITIZEN') return 'citizen';
  return null;
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/**
 * The citizen's view of one application: a timeline with one entry per step of its definition (in the definition's
 * order, steps not started yet included), who each open step waits for, when each is expected, what the citizen must
 * do next, and the references issued; everything a person reads is in Indonesian (`id`) and English (`en`).
 */
export function buildApplicationView(input: ViewInput) {
  const { application: a, now } = input;
  const def = definitionOf(a);
  const final = FINAL_APPLICATION_STATUSES.includes(a.status);
  const rows = new Map(input.steps.map((s) => [s.stepId, s]));
  const progress = new Map<string, StepProgress>(input.steps.map((s) => [s.stepId, { status: s.status, startedAt: s.startedAt, completedAt: s.completedAt }]));
  const plans = planSteps(def, progress, a.createdAt, now, input.hourMs);

  // Every step of the definition, then any step the read model knows that the definition does not (never expected).
  const known = new Set(def.steps.map((s) => s.id));
  const entries = [
    ...def.steps.map((d) => ({ id: d.id, agency: d.agency, title: d.title, slaHours: d.slaHours as number | null, notStarted: notStartedText(d) })),
    ...input.steps.filter((s) => !known.has(s.stepId)).map((s) => ({ id: s.stepId, agency: s.agency, title: { id: s.stepId, en: s.stepId }, slaHours: null, notStarted: { id: '', en: '' } })),
  ];
  const steps = entries.map((d) => {
    const row = rows.get(d.id);
    const status: StepStatus = row?.status ?? 'PENDING';
    const plan = final ? undefined : plans.get(d.id);
    return {
      stepId: d.id,
      title: d.title,
      agency: d.agency,
      agencyName: AGENCY_NAMES[d.agency],
      status,
      waitingFor: final ? null : waitingForOf(status),
      startedAt: iso(row?.startedAt),
      completedAt: iso(row?.completedAt),
      expectedBy: iso(plan?.expectedBy),
      overdue: plan?.overdue ?? false,
      slaHours: d.slaHours,
      reference: row?.reference ?? null,
      references: row?.outputs ?? {},
      message: row ? { id: row.messageId, en: row.messageEn } : d.notStarted,
      definitionVersion: row?.definitionVersion ?? a.definitionVersion,
      ruleVersion: row?.ruleVersion ?? null,
      escalatedAt: iso(row?.escalatedAt),
    };
  });

  const references = steps.flatMap((s) => referencesOf({ stepId: s.stepId, agency: s.agency, status: s.status, outputs: s.references }));
  const open = steps.filter((s) => s.waitingFor !== null).map((s) => ({ title: s.title, waitingFor: s.waitingFor as Exclude<WaitingFor, null>, agency: s.agency }));
  const citizenStep = steps.find((s) => s.status === 'WAITING_FOR_CITIZEN' && !final);
  const expectedCompletionBy = final || a.status === 'ACTION_REQUIRED' ? null : expectedCompletion(plans);

  return {
    id: a.id,
    lifeEvent: a.lifeEvent,
    title: def.title,
    definitionVersion: a.definitionVersion,
    status: a.status,
    statusText: applicationStatusText(def.title, a.status as ApplicationStatus),
    reason: a.statusReason,
    summary: summaryText(def, a.status, open, a.statusReason, references.some((r) => r.valid)),
    nextAction: nextActionFor(a.status, citizenStep ? { stepId: citizenStep.stepId, agency: citizenStep.agency, title: citizenStep.title } : undefined),
    expectedCompletionBy: iso(expectedCompletionBy),
    overdue: !final && steps.some((s) => s.overdue && s.waitingFor !== null),
    channel: a.channel,
    assistedBy: input.assistedBy,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    references,
    steps,
    // Incidents are for operators; the citizen sees that a person is on it, not the technical error.
    incidents: input.incidents.map((i) => ({ incidentId: i.incident_id, stepId: i.step_id, status: i.status, openedAt: new Date(i.opened_at).toISOString() })),
  };
}

export type ApplicationView = ReturnType<typeof buildApplicationView>;
