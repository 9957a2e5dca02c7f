import { definitionFor } from '@simpul/contracts';
import type { DecodedHistoryEvent } from '@simpul/temporal';
import type { ActionRow } from '../common/operator-actions.repository';
import type { EventRow } from './operator-applications.repository';
import { buildTimeline } from './timeline';

const APP = '0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8';
const def = definitionFor('BIRTH', 3);
const at = (s: number) => new Date(Date.UTC(2026, 10, 22, 10, 0, s));
const event = (seq: number, type: string, payload: Record<string, unknown>): EventRow => ({ event_id: `application-${APP}:${seq}`, seq, type, payload: { seq, ...payload }, occurred_at: at(seq) });
const history = (eventId: number, s: number, attrs: Record<string, unknown>): DecodedHistoryEvent => ({ eventId: String(eventId), eventType: 'X', eventTime: at(s).toISOString(), ...attrs });

describe('buildTimeline', () => {
  const events = [
    event(1, 'ApplicationStatusChanged', { status: 'IN_PROGRESS' }),
    event(2, 'StepStatusChanged', { stepId: 'enrol-newborn', agency: 'bpjs-health', status: 'PENDING', definitionVersion: 3, message: { id: 'x', en: 'x' } }),
    event(5, 'StepStatusChanged', { stepId: 'enrol-newborn', agency: 'bpjs-health', status: 'FAILED', definitionVersion: 3, message: { id: 'x', en: 'x' } }),
  ];
  const calls: DecodedHistoryEvent[] = [
    history(10, 3, { activityTaskScheduledEventAttributes: { activityType: { name: 'bpjs-health.enrolNewborn' }, taskQueue: { name: 'agency.bpjs-health' }, input: { payloads: [{ stepId: 'enrol-newborn' }] } } }),
    history(11, 4, { activityTaskStartedEventAttributes: { scheduledEventId: '10', attempt: 3, lastFailure: { message: 'bpjs-health answered 503' } } }),
    history(12, 4, { activityTaskFailedEventAttributes: { scheduledEventId: '10', failure: { message: 'bpjs-health answered 400' } } }),
    history(13, 6, { activityTaskScheduledEventAttributes: { activityType: { name: 'publishStatus' }, taskQueue: { name: 'orchestration' }, input: { payloads: [{}] } } }),
    history(14, 6, { activityTaskCompletedEventAttributes: { scheduledEventId: '13' } }),
    history(15, 7, { workflowExecutionUpdateAcceptedEventAttributes: { acceptedRequest: { input: { name: 'retryStep', args: { payloads: [{ stepId: 'enrol-newborn', operatorId: 'op-1', reason: 'fixed the key' }] } } } } }),
  ];
  const actions: ActionRow[] = [
    { id: 'a1', application_id: APP, action: 'RETRY_STEP', target: 'enrol-newborn', operator_id: 'op-1', operator_role: 'operator', reason: 'fixed the key', outcome: 'ACCEPTED', detail: {}, created_at: at(7) },
  ];

  it('merges read model, notifications, agency calls with their attempts, operator updates and actions, oldest first', () => {
    const timeline = buildTimeline(def, events, calls, actions);
    expect(timeline.map((e) => e.kind)).toEqual(['status', 'notification', 'step', 'agency-call', 'step', 'notification', 'operator-update', 'operator-action']);
    const call = timeline.find((e) => e.kind === 'agency-call');
    expect(call).toMatchObject({ stepId: 'enrol-newborn', agency: 'bpjs-health', detail: { outcome: 'FAILED', attempts: 3, retried: true, lastFailure: 'bpjs-health answered 503', failure: 'bpjs-health answered 400' } });
    expect(timeline.find((e) => e.kind === 'operator-update')).toMatchObject({ stepId: 'enrol-newborn', summary: 'step retried by op-1' });
  });

  it('tells only the notifications the projector sent: none for a PENDING step, one for a FAILED one', () => {
    const notes = buildTimeline(def, events, [], []).filter((e) => e.kind === 'notification');
    expect(notes.map((n) => n.seq)).toEqual([1, 5]);
    expect(notes[1].detail).toMatchObject({ notificationEventId: `application-${APP}:5:citizen-notification`, channels: ['IN_APP'] });
  });

  it('leaves out orchestration activities (status publishing) as agency calls', () => {
    expect(buildTimeline(def, [], calls, []).filter((e) => e.kind === 'agency-call')).toHaveLength(1);
  });
});
