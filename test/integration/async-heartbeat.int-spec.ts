/**
 * An asynchronous agency step (202, then a callback) whose activity task is lost before the agency accepted its call —
 * an agency worker killed at that moment, after registering the call or before — is sent again after its heartbeat timeout, not after the callback timeout
 * (24 h for social-aid). A registered call, by contrast, is kept alive by the agency workers' heartbeats for as long
 * as the agency takes. Real Temporal (the dev server binary the stack installed) and the real PostgreSQL table of
 * pending calls; the agency itself is scripted, as in life-event.workflow.int-spec.ts.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CompleteAsyncError, Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import {
  ASYNC_HEARTBEAT_TIMEOUT_SECONDS,
  TaskQueues,
  WORKFLOW_TYPE,
  workflowIdFor,
  type AgencyStepRequest,
  type AgencyStepResult,
  type LifeEventWorkflowInput,
  type LifeEventWorkflowResult,
  type StatusEvent,
} from '@simpul/contracts';
import { createDataSource } from '@simpul/persistence';
import { birthApplication } from '@simpul/testing';
import type { ContextLogger } from '@simpul/observability';
import { PendingCallHeartbeats } from '../../apps/agency-worker/src/callbacks/pending-call-heartbeats';
import { PendingCallsRepository } from '@simpul/persistence';
import { eventually, testConfig } from '../support/env';
import { startTestTemporal } from '../support/temporal-test-server';

const bundlePath = join(__dirname, '..', '..', 'dist', 'workflows', 'workflow-bundle.js');
const quiet: ContextLogger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as unknown as ContextLogger;

let env: TestWorkflowEnvironment;
let ds: DataSource;
let pending: PendingCallsRepository;
const assessAttempts: number[] = [];

const done = (reference: string, outputs: Record<string, string> = {}): AgencyStepResult => ({ outcome: 'COMPLETED', reference, outputs, message: { id: 'selesai', en: 'done' } });

const activities = {
  'civil-registry.registerBirth': async (r: AgencyStepRequest) =>
    done('CERT-1', { birthCertificateNumber: 'CERT-1', childNik: '3273014111260001', kkNumber: String(r.input.kkNumber) }),
  'bpjs-health.enrolNewborn': async () => done('BPJS-1', { bpjsCardNumber: 'BPJS-1' }),
  /**
   * Attempt 1 is the lost task: the call is registered but the agency never accepts it, so nobody heartbeats it.
   * Later attempts register their call and record the agency's 202, as the real agency worker does.
   */
  'social-aid.assessFamily': async (r: AgencyStepRequest) => {
    const info = Context.current().info;
    assessAttempts.push(info.attempt);
    const idempotencyKey = `${r.applicationId}:${r.stepId}:assessFamily`;
    await pending.register({ idempotencyKey, agency: 'social-aid', activityType: info.activityType, taskToken: info.taskToken, request: r, requestSha256: 'x' });
    // The agency answered 202 (recorded as the real client does); attempt 1's worker died before that.
    if (info.attempt > 1) await pending.accepted(idempotencyKey);
    throw new CompleteAsyncError();
  },
};

beforeAll(async () => {
  env = await startTestTemporal();
  ds = await createDataSource(testConfig().databaseUrl).initialize();
  pending = new PendingCallsRepository(ds);
});

afterAll(async () => {
  await ds?.destroy();
  await env?.teardown();
});

it(
  'sends a lost asynchronous call again after its heartbeat timeout, then keeps the registered call alive past it',
  async () => {
    const workers = await Promise.all([
      Worker.create({ connection: env.nativeConnection, taskQueue: TaskQueues.orchestration, workflowBundle: { codePath: bundlePath }, activities: { publishStatus: async (_e: StatusEvent) => undefined, publishStatuses: async (_e: StatusEvent[]) => undefined } }),
      ...['civil-registry', 'bpjs-health', 'social-aid'].map((agency) => Worker.create({ connection: env.nativeConnection, taskQueue: TaskQueues.agency(agency), activities })),
    ]);
    const heartbeats = new PendingCallHeartbeats('social-aid', pending, env.client.activity, 5_000, quiet);
    const applicationId = randomUUID();
    // Eligible family: the assessment answers NEEDS_OFFICER in the real agency; here it simply completes.
    const input: LifeEventWorkflowInput = { applicationId, correlationId: 'corr-heartbeat', lifeEvent: 'BIRTH', definitionVersion: 3, data: birthApplication('birth-auto', 'Putri', '2026-11-01').data };
    const run = async () => {
      heartbeats.start();
      try {
        const handle = await env.client.workflow.start(WORKFLOW_TYPE, { taskQueue: TaskQueues.orchestration, workflowId: workflowIdFor(applicationId), args: [input] });
        const lostAt = Date.now();
        // The lost attempt times out on its heartbeat (a minute), not on the 24-hour callback timeout.
        await eventually(async () => (assessAttempts.length >= 2 ? true : undefined), 'the second attempt of the lost call', (ASYNC_HEARTBEAT_TIMEOUT_SECONDS + 30) * 1000);
        const resentAfterMs = Date.now() - lostAt;
        expect(resentAfterMs).toBeGreaterThanOrEqual((ASYNC_HEARTBEAT_TIMEOUT_SECONDS - 1) * 1000);
        const described = await handle.describe();
        const activity = described.raw.pendingActivities?.find((a) => a.activityType?.name === 'social-aid.assessFamily');
        expect(activity?.lastFailure?.message ?? '').toMatch(/heartbeat/i);

        // The registered attempt outlives the heartbeat timeout because the workers heartbeat it.
        await new Promise((r) => setTimeout(r, (ASYNC_HEARTBEAT_TIMEOUT_SECONDS + 10) * 1000));
        expect(assessAttempts).toEqual([1, 2]);
        const call = await pending.find('social-aid', `${applicationId}:assess-family:assessFamily`);
        expect(call?.answered_at).toBeNull();
        await env.client.activity.complete(new Uint8Array(call!.task_token), done('SA-1', { assessmentId: 'SA-1' }));
        const result = (await handle.result()) as LifeEventWorkflowResult;
        expect(result.status).toBe('COMPLETED');

        // Once the attempt is gone, a heartbeat round finds it gone and drops the call's personal data.
        await pending.register({ idempotencyKey: `${applicationId}:stale`, agency: 'social-aid', activityType: 'social-aid.assessFamily', taskToken: call!.task_token, request: { applicationId } as AgencyStepRequest, requestSha256: 'x' });
        await pending.accepted(`${applicationId}:stale`);
        await heartbeats.beat();
        const stale = await pending.find('social-aid', `${applicationId}:stale`);
        expect(stale?.answered_at).not.toBeNull();
        expect(stale?.request).toBeNull();
      } finally {
        await heartbeats.stop();
      }
    };
    await workers.reduceRight<() => Promise<void>>((inner, w) => () => w.runUntil(inner()), run)();
  },
  (2 * ASYNC_HEARTBEAT_TIMEOUT_SECONDS + 90) * 1000,
);
