/**
 * The size of a birth's history: how many events the Temporal server stores and how many workflow tasks it dispatches
 * for one on-time birth whose agencies answer at once and whose Kemensos ticket is decided by the first check (the
 * benchmark's case: Kemensos is polled, agency-polling.ts). Each event is a write on the server and
 * each workflow task a round trip to the orchestrator, so this test fails if a change makes a birth cost more of either
 * than the figures in docs/benchmarks.md ("Round trips per birth"). Agency activities are scripted doubles, as in
 * life-event.workflow.int-spec.ts; the workflow runs from the prebuilt bundle on a real Temporal dev server.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { currentDefinition, initialSearchAttributes, TaskQueues, WORKFLOW_TYPE, workflowIdFor, type AgencyStepResult, type LifeEventWorkflowInput } from '@simpul/contracts';
import { birthApplication } from '@simpul/testing';
import { startTestTemporal } from '../support/temporal-test-server';

const bundlePath = join(__dirname, '..', '..', 'dist', 'workflows', 'workflow-bundle.js');
const EventType = temporal.api.enums.v1.EventType;

/**
 * The figures of a birth started as the orchestrator starts it, lean by its input (docs/benchmarks.md, "Round trips per
 * birth"): 42 events in 6 workflow tasks (fewer when two answers arrive in one task). With the lean-history marker
 * instead (and the TemporalChangeVersion upsert the SDK writes with it) the same birth took 44; before lean-history,
 * 64 events in 6 workflow tasks: 11 search-attribute upserts (8 in the first task), 8 patch markers, 3 SLA timers
 * started and cancelled.
 */
const MAX_EVENTS = 42;
const MAX_WORKFLOW_TASKS = 6;

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await startTestTemporal();
});
afterAll(async () => {
  await env?.teardown();
});

const done = (reference: string): AgencyStepResult => ({ outcome: 'COMPLETED', reference, outputs: { reference }, message: { id: 'selesai', en: 'done' } });
const agencies: Record<string, () => Promise<AgencyStepResult>> = {
  'civil-registry.registerBirth': async () => done('3273-LU-01112026-0001'),
  'bpjs-health.enrolNewborn': async () => done('0002000000001'),
  'social-aid.assessFamily': async () => ({ ...done('T-1'), outcome: 'PENDING', pending: { ticket: 'T-1', checkAction: 'social-aid.checkProposal' } }),
  'social-aid.checkProposal': async () => done('SA-2'),
};

async function recordBirth(): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  const orchestration = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TaskQueues.orchestration,
    workflowBundle: { codePath: bundlePath },
    activities: { publishStatus: async () => undefined, publishStatuses: async () => undefined },
  });
  const workers = [orchestration, ...(await Promise.all(['civil-registry', 'bpjs-health', 'social-aid'].map((a) => Worker.create({ connection: env.nativeConnection, taskQueue: TaskQueues.agency(a), activities: agencies }))))];
  const applicationId = randomUUID();
  const def = currentDefinition('BIRTH');
  const input: LifeEventWorkflowInput = { applicationId, correlationId: 'corr-history-size', lifeEvent: 'BIRTH', definitionVersion: def.version, data: birthApplication('birth-auto', 'Putri').data, submittedAt: new Date().toISOString(), leanHistory: true };
  const run = async () => {
    const handle = await env.client.workflow.start(WORKFLOW_TYPE, {
      taskQueue: TaskQueues.orchestration,
      workflowId: workflowIdFor(applicationId),
      args: [input],
      searchAttributes: initialSearchAttributes('BIRTH'),
    });
    await expect(handle.result()).resolves.toEqual({ status: 'COMPLETED' });
    return (await handle.fetchHistory()).events ?? [];
  };
  return workers.reduceRight<() => Promise<temporal.api.history.v1.IHistoryEvent[]>>((inner, w) => () => w.runUntil(inner()), run)();
}

describe('a birth in Temporal: history events and workflow tasks', () => {
  it(`stays within ${MAX_EVENTS} events and ${MAX_WORKFLOW_TASKS} workflow tasks, with at most one search-attribute upsert per workflow task`, async () => {
    const events = await recordBirth();
    const count = (type: temporal.api.enums.v1.EventType) => events.filter((e) => e.eventType === type).length;
    const workflowTasks = count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    // Commands of one workflow task follow its WORKFLOW_TASK_COMPLETED event: count the upserts between two of them.
    const upsertsPerTask: number[] = [];
    for (const e of events) {
      if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) upsertsPerTask.push(0);
      if (e.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES) upsertsPerTask[upsertsPerTask.length - 1] += 1;
    }
    const figures = {
      events: events.length,
      workflowTasks,
      upserts: count(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES),
      markers: count(EventType.EVENT_TYPE_MARKER_RECORDED),
      patchMarkers: events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch').length,
      timers: count(EventType.EVENT_TYPE_TIMER_STARTED),
      activities: count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
    };
    // Printed so that docs/benchmarks.md can quote them; the assertions below are the budget.
    console.log(`birth history: ${JSON.stringify(figures)}, upserts per workflow task ${JSON.stringify(upsertsPerTask)}`);
    expect(figures.activities).toBe(4);
    // Lean by its input: no patch marker, and the one upsert is the final status (no TemporalChangeVersion upsert).
    expect(figures.patchMarkers).toBe(0);
    expect(figures.upserts).toBe(1);
    expect(figures.events).toBeLessThanOrEqual(MAX_EVENTS);
    expect(figures.workflowTasks).toBeLessThanOrEqual(MAX_WORKFLOW_TASKS);
    expect(Math.max(...upsertsPerTask)).toBeLessThanOrEqual(1);
    // No step waited for a person or an outage: the asynchronous agency's SLA timer and the polling timer only.
    expect(figures.timers).toBeLessThanOrEqual(2);
  });
});
