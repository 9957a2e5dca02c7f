/**
 * Polling an agency that answers PENDING with a ticket (workflows/src/agency-polling.ts), on a real Temporal server
 * with scripted agency doubles: the workflow sleeps on timers between short check activities (no activity is pending
 * while it waits), ends the step with the agency's decision or refusal, and holds the step for an operator when no
 * decision comes within the step's answer timeout. The Kemensos adapter and sandbox are exercised for real in
 * test/e2e/kemensos-polling.e2e-spec.ts.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  AGENCY_REJECTION,
  TaskQueues,
  WORKFLOW_TYPE,
  workflowIdFor,
  type AgencyStepRequest,
  type AgencyStepResult,
  type LifeEventWorkflowInput,
  type StatusEvent,
  type StepStatusChangedPayload,
} from '@simpul/contracts';
import { birthApplication } from '@simpul/testing';
import { startTestTemporal } from '../support/temporal-test-server';

const bundlePath = join(__dirname, '..', '..', 'dist', 'workflows', 'workflow-bundle.js');
type Answer = 'PENDING' | 'DECIDED' | 'REFUSED';

let env: TestWorkflowEnvironment;
const events: StatusEvent[] = [];
/** Per application: what each status check answers, in order (PENDING once the plan runs out). */
const plans = new Map<string, Answer[]>();
const checks = new Map<string, AgencyStepRequest[]>();
const result = (reference: string, outputs: Record<string, string> = {}): AgencyStepResult => ({ outcome: 'COMPLETED', reference, outputs, message: { id: 'selesai', en: 'done' } });

const doubles: Record<string, (r: AgencyStepRequest) => Promise<AgencyStepResult>> = {
  'civil-registry.registerBirth': async (r) => result('AKTA-1', { childNik: '3273014111260001', kkNumber: String(r.input.kkNumber) }),
  'bpjs-health.enrolNewborn': async () => result('0002000000001'),
  'social-aid.assessFamily': async () => ({
    outcome: 'PENDING',
    reference: 'TKT-1',
    outputs: {},
    message: { id: 'tiket TKT-1', en: 'ticket TKT-1 taken' },
    pending: { ticket: 'TKT-1', checkAction: 'social-aid.checkProposal' },
  }),
  'social-aid.checkProposal': async (r) => {
    const seen = [...(checks.get(r.applicationId) ?? []), r];
    checks.set(r.applicationId, seen);
    const answer = plans.get(r.applicationId)?.[seen.length - 1] ?? 'PENDING';
    if (answer === 'REFUSED') {
      throw ApplicationFailure.create({ type: AGENCY_REJECTION, nonRetryable: true, message: 'refused', details: [{ code: 'NIK_TERDAFTAR_DI_KK_LAIN', message: { id: 'ditolak', en: 'refused in batch' } }] });
    }
    return answer === 'DECIDED' ? result('DTKS-1', { assessmentId: 'DTKS-1' }) : doubles['social-aid.assessFamily'](r);
  },
};

beforeAll(async () => {
  env = await startTestTemporal();
});
afterAll(async () => {
  await env?.teardown();
});

async function withWorkers<T>(fn: () => Promise<T>): Promise<T> {
  const publish = { publishStatus: async (e: StatusEvent) => void events.push(e), publishStatuses: async (es: StatusEvent[]) => void events.push(...es) };
  const workers = [
    await Worker.create({ connection: env.nativeConnection, taskQueue: TaskQueues.orchestration, workflowBundle: { codePath: bundlePath }, activities: publish }),
    ...(await Promise.all(['civil-registry', 'bpjs-health', 'social-aid'].map((a) => Worker.create({ connection: env.nativeConnection, taskQueue: TaskQueues.agency(a), activities: doubles })))),
  ];
  return workers.reduceRight<() => Promise<T>>((inner, w) => () => w.runUntil(inner()), fn)();
}

/** A BIRTH v1 application (social-aid's answer timeout is then its SLA) whose status checks answer by `plan`. */
function start(plan: Answer[], slaSecondsPerHour?: number) {
  const applicationId = randomUUID();
  plans.set(applicationId, plan);
  const input: LifeEventWorkflowInput = {
    applicationId,
    correlationId: `corr-poll-${applicationId}`,
    lifeEvent: 'BIRTH',
    definitionVersion: 1,
    data: birthApplication('birth-auto', 'Putri', '2026-11-01').data,
    ...(slaSecondsPerHour ? { slaSecondsPerHour } : {}),
  };
  return { applicationId, handle: env.client.workflow.start(WORKFLOW_TYPE, { taskQueue: TaskQueues.orchestration, workflowId: workflowIdFor(applicationId), args: [input] }) };
}
const stepEvents = (id: string): StepStatusChangedPayload[] =>
  events.flatMap((e) => (e.applicationId === id && e.type === 'StepStatusChanged' && e.payload.stepId === 'assess-family' ? [e.payload] : []));

describe('polling an agency that answers with a ticket (agency-polling patch)', () => {
  it('checks the ticket between timers until the agency decides, each check a short activity carrying only the ticket', async () => {
    const { applicationId, handle } = start(['PENDING', 'DECIDED']);
    await withWorkers(async () => {
      const wf = await handle;
      expect(await wf.result()).toMatchObject({ status: 'COMPLETED' });
      const history = await wf.fetchHistory();
      const timers = history.events?.filter((e) => e.timerStartedEventAttributes).map((e) => Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds)) ?? [];
      // The first check after 2 s, the next after 4 s (backoff), besides the SLA timers of the steps.
      expect(timers).toEqual(expect.arrayContaining([2, 4]));
      const scheduled = history.events?.flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : [])) ?? [];
      expect(scheduled.filter((n) => n === 'social-aid.checkProposal')).toHaveLength(2);
    });
    expect(checks.get(applicationId)?.map((r) => r.input)).toEqual([{ ticket: 'TKT-1' }, { ticket: 'TKT-1' }]);
    expect(stepEvents(applicationId).map((p) => [p.status, p.reference])).toEqual([
      ['PENDING', undefined],
      ['RUNNING', undefined],
      ['RUNNING', 'TKT-1'],
      ['COMPLETED', 'DTKS-1'],
    ]);
  });

  it('ends the step REJECTED when a check brings the agency\'s refusal, and the application goes on', async () => {
    const { applicationId, handle } = start(['REFUSED']);
    await withWorkers(async () => expect(await (await handle).result()).toMatchObject({ status: 'COMPLETED' }));
    expect(stepEvents(applicationId).pop()).toMatchObject({ status: 'REJECTED', message: { en: 'refused in batch' } });
  });

  it('holds the step for an operator, saying why, when no decision comes within the answer timeout', async () => {
    // SLA hours of 10 ms: the step's answer timeout (its 120-hour SLA, no integration in v1) passes after 1.2 s.
    const { applicationId, handle } = start([], 0.01);
    await withWorkers(async () => {
      const wf = await handle;
      const deadline = Date.now() + 60_000;
      while (stepEvents(applicationId).pop()?.status !== 'FAILED' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      await wf.terminate('test over');
    });
    expect(stepEvents(applicationId).pop()).toMatchObject({ status: 'FAILED', message: { en: expect.stringContaining('gave no decision in time') } });
    expect(events.some((e) => e.applicationId === applicationId && e.type === 'ApplicationStatusChanged' && e.payload.status === 'ACTION_REQUIRED')).toBe(true);
  });
});
