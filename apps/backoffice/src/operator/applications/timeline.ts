import {
  OFFICER_DECISION_UPDATE,
  CANCEL_APPLICATION_UPDATE,
  RESOLVE_INCIDENT_UPDATE,
  RETRY_STEP_UPDATE,
  citizenNotice,
  notificationEventId,
  type LifeEventDefinition,
  type StatusEvent,
} from '@simpul/contracts';
import type { DecodedHistoryEvent } from '@simpul/temporal';
import type { EventRow } from './operator-applications.repository';
import type { ActionRow } from '../common/operator-actions.repository';

/**
 * The domain timeline of one application, oldest first: what the read model recorded (status changes, steps with
 * their agency evidence, SLA breaches, incidents), the citizen notifications those changes produced, what the
 * workflow history adds (each agency call with its attempts and last failure, officers' decisions, operators'
 * updates), and the operator actions record. Pure: the caller loads the three sources.
 */
export interface TimelineEntry {
  at: string;
  kind: 'status' | 'step' | 'sla-breach' | 'incident' | 'notification' | 'agency-call' | 'decision' | 'operator-update' | 'operator-action';
  seq?: number;
  stepId?: string;
  agency?: string;
  summary: string;
  detail: Record<string, unknown>;
}

export function buildTimeline(def: LifeEventDefinition | undefined, events: EventRow[], history: DecodedHistoryEvent[], actions: ActionRow[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const row of events) entries.push(...fromStatusEvent(def, row));
  entries.push(...fromHistory(history));
  for (const a of actions) {
    entries.push({
      at: new Date(a.created_at).toISOString(),
      kind: 'operator-action',
      summary: `${a.action} ${a.target ?? ''} by ${a.operator_id}: ${a.outcome}`.replace(/\s+/g, ' '),
      detail: { id: a.id, action: a.action, target: a.target, operatorId: a.operator_id, reason: a.reason, outcome: a.outcome, result: a.detail },
    });
  }
  return entries.sort((x, y) => x.at.localeCompare(y.at) || (x.seq ?? 0) - (y.seq ?? 0));
}

function fromStatusEvent(def: LifeEventDefinition | undefined, row: EventRow): TimelineEntry[] {
  const at = new Date(row.occurred_at).toISOString();
  const p = row.payload;
  const out: TimelineEntry[] = [];
  switch (row.type) {
    case 'ApplicationStatusChanged':
      out.push({ at, seq: row.seq, kind: 'status', summary: `application ${String(p.status)}`, detail: { status: p.status, reason: p.reason ?? null } });
      break;
    case 'StepStatusChanged':
      out.push({
        at,
        seq: row.seq,
        kind: 'step',
        stepId: p.stepId as string,
        agency: p.agency as string,
        summary: `${String(p.stepId)} ${String(p.status)}`,
        detail: { status: p.status, message: p.message, reference: p.reference ?? null, outputs: p.outputs ?? {}, ruleVersion: p.ruleVersion ?? null, evidence: p.evidence ?? null },
      });
      break;
    case 'StepSlaBreached':
      out.push({ at, seq: row.seq, kind: 'sla-breach', stepId: p.stepId as string, agency: p.agency as string, summary: `${String(p.stepId)} passed its SLA`, detail: { slaHours: p.slaHours, dueAt: p.dueAt } });
      break;
    case 'IncidentOpened':
    case 'IncidentResolved':
      out.push({ at, seq: row.seq, kind: 'incident', stepId: p.stepId as string | undefined, summary: `${row.type === 'IncidentOpened' ? 'incident opened' : 'incident resolved'}: ${String(p.incidentId)}`, detail: p });
      break;
  }
  const notice = def ? citizenNotice({ eventId: row.event_id, type: row.type, payload: p } as unknown as StatusEvent, def) : null;
  if (notice) {
    out.push({
      at,
      seq: row.seq,
      kind: 'notification',
      summary: `citizen notified: ${notice.title.en}`,
      detail: { statusEventId: row.event_id, notificationEventId: notificationEventId(row.event_id), channels: notice.channels, priority: notice.priority, title: notice.title },
    });
  }
  return out;
}

type Attrs = Record<string, unknown>;

/** Agency calls (attempts, last failure, outcome), decisions and operator updates, from the workflow's history. */
function fromHistory(history: DecodedHistoryEvent[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const scheduled = new Map<string, { at: string; action: string; queue: string; stepId?: string; attempt?: number; lastFailure?: string }>();
  for (const e of history) {
    const at = e.eventTime ?? '';
    const s = e.activityTaskScheduledEventAttributes as Attrs | undefined;
    if (s) {
      const queue = String((s.taskQueue as Attrs | undefined)?.name ?? '');
      const input = ((s.input as Attrs | undefined)?.payloads as Attrs[] | undefined)?.[0];
      scheduled.set(e.eventId, { at, action: String((s.activityType as Attrs | undefined)?.name ?? ''), queue, stepId: input?.stepId as string | undefined });
    }
    const started = e.activityTaskStartedEventAttributes as Attrs | undefined;
    if (started) {
      const call = scheduled.get(String(started.scheduledEventId));
      if (call) Object.assign(call, { attempt: Number(started.attempt ?? 1), lastFailure: (started.lastFailure as Attrs | undefined)?.message as string | undefined });
    }
    for (const [key, outcome] of [['activityTaskCompletedEventAttributes', 'COMPLETED'], ['activityTaskFailedEventAttributes', 'FAILED'], ['activityTaskTimedOutEventAttributes', 'TIMED_OUT'], ['activityTaskCanceledEventAttributes', 'CANCELLED']] as const) {
      const end = e[key] as Attrs | undefined;
      const call = end && scheduled.get(String(end.scheduledEventId));
      if (!call || !call.queue.startsWith('agency.')) continue;
      const failure = (end.failure as Attrs | undefined)?.message as string | undefined;
      const attempts = call.attempt ?? 1;
      out.push({
        at,
        kind: 'agency-call',
        stepId: call.stepId,
        agency: call.queue.slice('agency.'.length),
        summary: `${call.action} ${outcome}${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
        detail: { action: call.action, outcome, attempts, retried: attempts > 1, lastFailure: call.lastFailure ?? null, failure: failure ?? null, scheduledAt: call.at },
      });
    }
    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes as Attrs | undefined;
    if (accepted) out.push(fromUpdate(at, accepted));
  }
  return out;
}

function fromUpdate(at: string, accepted: Attrs): TimelineEntry {
  const input = (accepted.acceptedRequest as Attrs | undefined)?.input as Attrs | undefined;
  const name = String(input?.name ?? '');
  const arg = (((input?.args as Attrs | undefined)?.payloads as Attrs[] | undefined)?.[0] ?? {}) as Attrs;
  if (name === OFFICER_DECISION_UPDATE) {
    return { at, kind: 'decision', stepId: arg.stepId as string, summary: `officer ${String(arg.officerId)}: ${String(arg.outcome)} ${String(arg.stepId)}`, detail: arg };
  }
  const what = { [RETRY_STEP_UPDATE]: 'step retried', [CANCEL_APPLICATION_UPDATE]: 'cancellation', [RESOLVE_INCIDENT_UPDATE]: 'incident resolution' }[name] ?? name;
  return { at, kind: 'operator-update', stepId: arg.stepId as string | undefined, summary: `${what} by ${String(arg.operatorId ?? '?')}`, detail: { update: name, ...arg } };
}
