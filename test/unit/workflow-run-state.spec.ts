import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CANCELLED_BY_OPERATOR,
  LATE_REPORT_WAITING,
  REPORTED_ON_TIME,
  answerReceivedMessage,
  answerTimedOutMessage,
  definitionFor,
  informationRequestedMessage,
  officerRejectedMessage,
  waitingForAgencyMessage,
  type LifeEventDefinition,
  type LifeEventWorkflowInput,
  type LocalizedText,
  type StepDefinition,
} from '@simpul/contracts';
import { RunState } from '../../workflows/src/run-state';

/**
 * The pure parts of lifeEventWorkflow: its run state (workflows/src/run-state.ts) and the citizen texts it publishes
 * (libs/contracts workflow-texts.ts). The texts are checked against what recorded histories hold, byte for byte: the
 * portal and the e2e tests read them, and moving them out of the workflow must not change a character.
 */
const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');

/** Every JSON value inside the base64 payloads of a recorded history. */
function payloadsOf(fixture: string): unknown[] {
  const text = readFileSync(join(HISTORIES, fixture), 'utf8');
  const found: unknown[] = [];
  for (const m of text.matchAll(/"data":\s*"([A-Za-z0-9+/=]{8,})"/g)) {
    try {
      found.push(JSON.parse(Buffer.from(m[1], 'base64').toString('utf8')));
    } catch {
      // not JSON (e.g. a binary payload): not a status event
    }
  }
  return found;
}

/** Every `message` of a status event in a history (batched events come as arrays). */
function messagesOf(fixture: string): LocalizedText[] {
  const events = payloadsOf(fixture).flatMap((p) => (Array.isArray(p) ? p : [p])) as { payload?: { message?: LocalizedText } }[];
  return events.flatMap((e) => (e?.payload?.message ? [e.payload.message] : []));
}

const birth = (version: number) => definitionFor('BIRTH', version) as LifeEventDefinition;
const stepOf = (def: LifeEventDefinition, id: string) => def.steps.find((s) => s.id === id) as StepDefinition;

describe('citizen texts of the life-event workflow (byte-identical to recorded histories)', () => {
  it('late report: waiting for verification, or skipped when reported on time', () => {
    expect(messagesOf('birth-v3-late-report.json')).toContainEqual(LATE_REPORT_WAITING);
    expect(messagesOf('birth-v2-auto.json')).toContainEqual(REPORTED_ON_TIME);
  });

  it('an officer asks the citizen for information, and the answer is received', () => {
    const fixture = 'birth-v3-officer-information-requested.json';
    const decision = payloadsOf(fixture).find((p) => (p as { outcome?: string })?.outcome === 'REQUEST_INFORMATION') as { stepId: string; message: string };
    const step = stepOf(birth(3), decision.stepId);
    expect(messagesOf(fixture)).toContainEqual(informationRequestedMessage(step, decision.message));
    expect(messagesOf(fixture)).toContainEqual(answerReceivedMessage(step));
  });

  it('texts no recorded history holds, pinned as they were', () => {
    const step = stepOf(birth(3), 'enrol-newborn');
    const t = step.title;
    expect(waitingForAgencyMessage(step)).toEqual({
      id: `${t.id}: menunggu BPJS Kesehatan, yang sedang tidak dapat dihubungi. Permohonan Anda aman dan akan dilanjutkan otomatis.`,
      en: `${t.en}: waiting for BPJS Kesehatan, which cannot be reached right now. Your application is safe and will continue by itself.`,
    });
    expect(answerTimedOutMessage(step, 'no decision on ticket T-1 within 5 minutes')).toEqual({
      id: `${t.id}: BPJS Kesehatan belum memberi keputusan dalam batas waktu; petugas operasional akan menindaklanjuti.`,
      en: `${t.en}: BPJS Kesehatan gave no decision in time (no decision on ticket T-1 within 5 minutes); an operator will follow up.`,
    });
    expect(officerRejectedMessage()).toEqual({ id: 'Petugas tidak menyetujui permohonan ini.', en: 'The officer did not approve this request.' });
    expect(officerRejectedMessage('Data tidak lengkap.')).toEqual({
      id: 'Petugas tidak menyetujui permohonan ini. Data tidak lengkap.',
      en: 'The officer did not approve this request. Data tidak lengkap.',
    });
  });
});

describe('RunState', () => {
  const def = birth(3);
  const input = (extra: Partial<LifeEventWorkflowInput> = {}): LifeEventWorkflowInput => ({
    applicationId: 'app-1',
    correlationId: 'corr-1',
    lifeEvent: 'BIRTH',
    definitionVersion: 3,
    data: { motherNik: '3273010101900002', kkNumber: '3273010101150001', child: { name: 'Putri Ayu', sex: 'F', birthDate: new Date().toISOString().slice(0, 10) } },
    submittedAt: new Date().toISOString(),
    ...extra,
  });
  const first = stepOf(def, 'register-birth');
  const second = stepOf(def, 'enrol-newborn');

  it('records results: outputs for later steps, completed steps in order, SKIPPED not completed', () => {
    const state = new RunState(input(), def);
    expect(state.record(first, { outcome: 'COMPLETED', reference: 'R-1', outputs: { childNik: '3273014111260001' }, message: { id: 'a', en: 'a' } })).toBe('COMPLETED');
    expect(state.record(second, { outcome: 'SKIPPED', outputs: {}, message: { id: 'b', en: 'b' } })).toBe('SKIPPED');
    expect(state.completedOrder).toEqual([first]);
    expect(state.outputs[first.id]).toEqual({ childNik: '3273014111260001' });
    const undo = state.compensationRequest(first);
    expect(undo).toMatchObject({ applicationId: 'app-1', stepId: first.id, correlationId: 'corr-1' });
    expect(undo.input).toMatchObject({ childNik: '3273014111260001', reference: 'R-1' });
  });

  it('is rejected by the first refusal of a step that rejects the application, and ends that way', () => {
    const state = new RunState(input(), def);
    const rejecting = def.steps.find((s) => s.onReject === 'REJECT_APPLICATION') as StepDefinition;
    const other = def.steps.find((s) => s.onReject !== 'REJECT_APPLICATION');
    if (other) state.rejected(other, { code: 'IGNORED', message: { id: 'x', en: 'x' } });
    expect(state.stopped).toBe(false);
    state.rejected(rejecting, { code: 'FIRST', message: { id: 'pertama', en: 'first' } });
    state.rejected(rejecting, { code: 'SECOND', message: { id: 'kedua', en: 'second' } });
    expect(state.result(false)).toEqual({ status: 'REJECTED', reason: { code: 'FIRST', id: 'pertama', en: 'first' } });
    expect(state.result(true)).toEqual({ status: 'CANCELLED', reason: CANCELLED_BY_OPERATOR });
  });

  it('ends FAILED or COMPLETED without a reason; the SLA hour and the trace context come from the input', () => {
    const state = new RunState(input({ slaSecondsPerHour: 2, traceparent: '00-abc-def-01' }), def);
    expect(state.result(false)).toEqual({ status: 'COMPLETED' });
    state.failed = true;
    expect(state.stopped).toBe(true);
    expect(state.result(false)).toEqual({ status: 'FAILED' });
    expect(state.slaHourMs).toBe(2000);
    expect(state.stepRequest(first).traceparent).toBe('00-abc-def-01');
    expect(new RunState(input(), def).slaHourMs).toBe(3_600_000);
  });
});
