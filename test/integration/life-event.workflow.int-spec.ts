/**
 * lifeEventWorkflow on a real Temporal server (the CLI's dev server, started by TestWorkflowEnvironment from the
 * binary the stack installed; nothing is downloaded). Agency activities here are scripted doubles: these tests are
 * about the workflow's logic. The agencies themselves are exercised for real in test/e2e.
 *
 * The replay part runs every history in test/fixtures/histories against the current workflow bundle. The birth-v1-*
 * files were recorded before the SLA patch existed and stay as they are: they prove old applications still replay.
 * The others are recorded from the running system by the e2e suites with SIMPUL_RECORD_HISTORIES=1.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  AGENCY_CONTRACT_ERROR,
  AGENCY_REJECTION,
  CANCEL_APPLICATION_UPDATE,
  RETRY_STEP_UPDATE,
  DEFINITIONS,
  OFFICER_DECISION_UPDATE,
  TaskQueues,
  WORKFLOW_TYPE,
  workflowIdFor,
  type AgencyStepRequest,
  type AgencyStepResult,
  type LifeEventWorkflowInput,
  type LifeEventWorkflowResult,
  type StatusEvent,
} from '@simpul/contracts';
import { birthApplication, UNKNOWN_MOTHER_NIK } from '@simpul/testing';
import { AesGcmPayloadCodec } from '@simpul/temporal';
import { countSealed, sealHistory } from '../support/history-payloads';
import { startTestTemporal } from '../support/temporal-test-server';

const root = join(__dirname, '..', '..');
const bundlePath = join(root, 'dist', 'workflows', 'workflow-bundle.js');
const fixtures = join(root, 'test', 'fixtures', 'histories');

let env: TestWorkflowEnvironment;
const events: StatusEvent[] = [];
/** The batches of publishStatuses, as the workflow handed them over (BATCHED_STATUS_PATCH). */
const batches: StatusEvent[][] = [];
const label = (e: StatusEvent) => (e.type === 'StepStatusChanged' ? `${e.payload.stepId}:${e.payload.status}` : e.type === 'ApplicationStatusChanged' ? e.payload.status : e.type);
const calls: Record<string, number> = {};
/** Applications whose BPJS enrolment answers 400 (a contract error) until the test "fixes" it. */
const contractErrorFor = new Set<string>();

const done = (reference: string, outputs: Record<string, string> = {}): AgencyStepResult => ({
  outcome: 'COMPLETED',
  reference,
  outputs,
  message: { id: 'selesai', en: 'done' },
});

const agencyDoubles: Record<string, (r: AgencyStepRequest) => Promise<AgencyStepResult>> = {
  async 'civil-registry.registerBirth'(r) {
    calls.register = (calls.register ?? 0) + 1;
    if (r.input.motherNik === UNKNOWN_MOTHER_NIK) {
      throw ApplicationFailure.create({
        message: 'unknown mother',
        type: AGENCY_REJECTION,
        nonRetryable: true,
        details: [{ code: 'MOTHER_NIK_UNKNOWN', message: { id: 'NIK ibu tidak terdaftar', en: 'mother unknown' } }],
      });
    }
    return done('3273-LU-01112026-0001', { birthCertificateNumber: '3273-LU-01112026-0001', childNik: '3273014111260001', kkNumber: String(r.input.kkNumber) });
  },
  async 'bpjs-health.enrolNewborn'(r) {
    if (contractErrorFor.has(r.applicationId)) throw ApplicationFailure.create({ message: 'bpjs-health answered 400', type: AGENCY_CONTRACT_ERROR });
    // A technical failure twice: Temporal retries with backoff, then the call succeeds.
    if (Context.current().info.attempt < 3) throw new Error('bpjs-health answered 503');
    expect(r.input).toEqual({ motherNik: expect.any(String), childNik: '3273014111260001', kkNumber: expect.any(String) });
    return done('0002000000001', { bpjsCardNumber: '0002000000001' });
  },
  async 'social-aid.assessFamily'(r) {
    const eligible = r.input.kkNumber === '3273010101150001';
    return eligible
      ? { outcome: 'NEEDS_OFFICER', reference: 'SA-1', outputs: { assessmentId: 'SA-1' }, message: { id: 'menunggu', en: 'waiting' } }
      : done('SA-2', { assessmentId: 'SA-2' });
  },
  async 'social-aid.grantEarlyChildhoodBenefit'(r) {
    expect(r.input.assessmentReference).toBe('SA-1');
    return done('PKH-1', { pkhGrantId: 'PKH-1' });
  },
};

beforeAll(async () => {
  env = await startTestTemporal();
});

afterAll(async () => {
  await env?.teardown();
});

async function withWorkers<T>(fn: () => Promise<T>): Promise<T> {
  const workflowBundle = { codePath: bundlePath };
  const orchestration = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TaskQueues.orchestration,
    workflowBundle,
    activities: { publishStatus: async (e: StatusEvent) => void events.push(e), publishStatuses: async (es: StatusEvent[]) => void (batches.push(es), events.push(...es)) },
  });
  const agencies = await Promise.all(
    ['civil-registry', 'bpjs-health', 'social-aid'].map((agency) =>
      Worker.create({ connection: env.nativeConnection, taskQueue: TaskQueues.agency(agency), activities: agencyDoubles }),
    ),
  );
  const all = [orchestration, ...agencies];
  return all.reduceRight<() => Promise<T>>((inner, w) => () => w.runUntil(inner()), fn)();
}

function start(scenario: 'birth-auto' | 'birth-officer' | 'birth-rejected') {
  const applicationId = randomUUID();
  const input: LifeEventWorkflowInput = { applicationId, correlationId: `corr-${scenario}`, lifeEvent: 'BIRTH', definitionVersion: 1, data: birthApplication(scenario, 'Putri', '2026-11-01').data };
  return env.client.workflow.start(WORKFLOW_TYPE, { taskQueue: TaskQueues.orchestration, workflowId: workflowIdFor(applicationId), args: [input] });
}


describe('lifeEventWorkflow (BIRTH v1)', () => {
  it('runs civil registry, then BPJS and social aid in parallel, and publishes every transition in sequence', async () => {
    await withWorkers(async () => {
      const handle = await start('birth-auto');
      const result: LifeEventWorkflowResult = await handle.result();
      expect(result).toEqual({ status: 'COMPLETED' });
      const mine = events.filter((e) => e.applicationId === handle.workflowId.replace('application-', ''));
      const seqs = mine.map((e) => e.payload.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect(new Set(mine.map((e) => e.eventId)).size).toBe(mine.length);
      const finalApp = mine.filter((e) => e.type === 'ApplicationStatusChanged').sort((a, b) => b.payload.seq - a.payload.seq)[0];
      expect(finalApp.payload).toMatchObject({ status: 'COMPLETED' });
      const bpjsRunning = mine.find((e) => e.type === 'StepStatusChanged' && e.payload.stepId === 'enrol-newborn' && e.payload.status === 'RUNNING');
      const registered = mine.find((e) => e.type === 'StepStatusChanged' && e.payload.stepId === 'register-birth' && e.payload.status === 'COMPLETED');
      expect(bpjsRunning!.payload.seq).toBeGreaterThan(registered!.payload.seq);
      // Batched (BATCHED_STATUS_PATCH): published in the order of their numbers, several per local activity; the
      // first batch holds everything the first activation handed over, up to the first agency step's RUNNING.
      expect(mine.map((e) => e.payload.seq)).toEqual(seqs);
      const mineBatched = batches.filter((b) => b[0].applicationId === mine[0].applicationId);
      expect(mineBatched.flat()).toEqual(mine);
      expect(mineBatched[0].map(label)).toEqual(['IN_PROGRESS', 'register-birth:PENDING', 'enrol-newborn:PENDING', 'assess-family:PENDING', 'register-birth:RUNNING']);
      expect(mineBatched.length).toBeLessThanOrEqual(5);
      expect(mineBatched.map((b) => b.map(label))).toContainEqual(expect.arrayContaining(['register-birth:COMPLETED', 'enrol-newborn:RUNNING', 'assess-family:RUNNING']));
    });
  });

  it('waits for an officer, refuses an invalid decision, and completes after approval', async () => {
    await withWorkers(async () => {
      const handle = await start('birth-officer');
      const waiting = async () => {
        for (let i = 0; i < 100; i++) {
          if (events.some((e) => e.type === 'StepStatusChanged' && e.applicationId === handle.workflowId.slice(12) && e.payload.status === 'WAITING_FOR_OFFICER')) return;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error('never waited for an officer');
      };
      await waiting();
      await expect(handle.executeUpdate(OFFICER_DECISION_UPDATE, { args: [{ stepId: 'register-birth', outcome: 'APPROVE', officerId: 'o1' }] })).rejects.toThrow(
        WorkflowUpdateFailedError,
      );
      await handle.executeUpdate(OFFICER_DECISION_UPDATE, { args: [{ stepId: 'assess-family', outcome: 'APPROVE', officerId: 'o1' }], updateId: 'decision-1' });
      // The same update id again is deduplicated by Temporal: harmless.
      await handle.executeUpdate(OFFICER_DECISION_UPDATE, { args: [{ stepId: 'assess-family', outcome: 'APPROVE', officerId: 'o1' }], updateId: 'decision-1' });
      expect(await handle.result()).toEqual({ status: 'COMPLETED' });
      await expect(handle.executeUpdate(OFFICER_DECISION_UPDATE, { args: [{ stepId: 'assess-family', outcome: 'APPROVE', officerId: 'o1' }] })).rejects.toThrow();
    });
  });

  it('ends REJECTED on a business rejection, without retrying it, and skips the later steps', async () => {
    await withWorkers(async () => {
      const before = calls.register ?? 0;
      const handle = await start('birth-rejected');
      const result = await handle.result();
      expect(result.status).toBe('REJECTED');
      expect(result.reason).toMatchObject({ code: 'MOTHER_NIK_UNKNOWN', en: 'mother unknown' });
      expect((calls.register ?? 0) - before).toBe(1);
      const finalSteps = new Map<string, string>();
      for (const e of events.filter((x) => x.applicationId === handle.workflowId.slice(12) && x.type === 'StepStatusChanged').sort((a, b) => a.payload.seq - b.payload.seq)) {
        if (e.type === 'StepStatusChanged') finalSteps.set(e.payload.stepId, e.payload.status);
      }
      expect(Object.fromEntries(finalSteps)).toEqual({ 'register-birth': 'REJECTED', 'enrol-newborn': 'SKIPPED', 'assess-family': 'SKIPPED' });
    });
  });
});

describe('operator actions (operator-actions patch)', () => {
  const statusesOf = (id: string) => events.filter((e) => e.applicationId === id).sort((a, b) => a.payload.seq - b.payload.seq);
  const until = async (what: string, probe: () => boolean) => {
    for (let i = 0; i < 200; i++) {
      if (probe()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`never: ${what}`);
  };

  it('holds a step that failed with a contract error, refuses retries that do not apply, and completes after a retry', async () => {
    await withWorkers(async () => {
      const handle = await start('birth-auto');
      const id = handle.workflowId.slice(12);
      contractErrorFor.add(id);
      await until('ACTION_REQUIRED', () => statusesOf(id).some((e) => e.type === 'ApplicationStatusChanged' && e.payload.status === 'ACTION_REQUIRED'));
      expect(statusesOf(id).some((e) => e.type === 'StepStatusChanged' && e.payload.stepId === 'enrol-newborn' && e.payload.status === 'FAILED')).toBe(true);
      const retry = (stepId: string, updateId?: string) => handle.executeUpdate(RETRY_STEP_UPDATE, { args: [{ stepId, operatorId: 'op-1', reason: 'fixed the API key' }], updateId });
      await expect(retry('register-birth')).rejects.toThrow(WorkflowUpdateFailedError);
      contractErrorFor.delete(id);
      await retry('enrol-newborn', 'retry-1');
      await retry('enrol-newborn', 'retry-1'); // the same update id: deduplicated, not a second retry
      expect(await handle.result()).toEqual({ status: 'COMPLETED' });
      const enrol = statusesOf(id).filter((e) => e.type === 'StepStatusChanged' && e.payload.stepId === 'enrol-newborn').map((e) => (e.type === 'StepStatusChanged' ? e.payload.status : ''));
      expect(enrol).toEqual(['PENDING', 'RUNNING', 'FAILED', 'RUNNING', 'COMPLETED']);
      const apps = statusesOf(id).filter((e) => e.type === 'ApplicationStatusChanged').map((e) => (e.type === 'ApplicationStatusChanged' ? e.payload.status : ''));
      expect(apps).toEqual(['IN_PROGRESS', 'ACTION_REQUIRED', 'IN_PROGRESS', 'COMPLETED']);
    });
  });

  it('cancels an application waiting for an officer; a second cancellation and a late decision are refused', async () => {
    await withWorkers(async () => {
      const handle = await start('birth-officer');
      const id = handle.workflowId.slice(12);
      await until('the officer task', () => statusesOf(id).some((e) => e.type === 'StepStatusChanged' && e.payload.status === 'WAITING_FOR_OFFICER'));
      await handle.executeUpdate(CANCEL_APPLICATION_UPDATE, { args: [{ operatorId: 'op-1', reason: 'duplicate filing' }] });
      await expect(handle.executeUpdate(CANCEL_APPLICATION_UPDATE, { args: [{ operatorId: 'op-2', reason: 'duplicate filing' }] })).rejects.toThrow(WorkflowUpdateFailedError);
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'CANCELLED', reason: { code: 'CANCELLED_BY_OPERATOR' } });
      const assess = statusesOf(id).filter((e) => e.type === 'StepStatusChanged' && e.payload.stepId === 'assess-family').pop();
      expect(assess?.type === 'StepStatusChanged' && assess.payload.status).toBe('SKIPPED');
      await expect(handle.executeUpdate(OFFICER_DECISION_UPDATE, { args: [{ stepId: 'assess-family', outcome: 'APPROVE', officerId: 'o1' }] })).rejects.toThrow();
    });
  });
});

describe('safe evolution: recorded histories replay against the current workflow code', () => {
  const files = existsSync(fixtures) ? readdirSync(fixtures).filter((f) => f.endsWith('.json')) : [];

  it('has recorded histories of every life event and every definition version', () => {
    const missing = DEFINITIONS.map((d) => `${d.type.toLowerCase()}-v${d.version}-`).filter((prefix) => !files.some((f) => f.startsWith(prefix)));
    expect(missing).toEqual([]);
  });

  // Replayed through the payload codec the workers run with: recorded (unencrypted) payloads pass through it.
  const keys = new Map([['replay-1', randomBytes(32)], ['replay-2', randomBytes(32)]]);
  const codec = new AesGcmPayloadCodec({ currentKid: 'replay-2', keys });
  const dataConverter = { payloadCodecs: [codec] };

  it.each(files)('replays %s without a non-determinism error', async (file) => {
    const history = JSON.parse(readFileSync(join(fixtures, file), 'utf8')) as unknown;
    await Worker.runReplayHistory({ workflowBundle: { codePath: bundlePath }, dataConverter }, history, file.replace('.json', ''));
  });

  it('replays a history started lean by its input whose first task an older worker ran (with the lean-history marker)', async () => {
    // birth-v3-auto-lean was recorded before the orchestrator set leanHistory: its input gains the flag here, as an
    // orchestrator of this version would have started it, while its history keeps the marker an older worker wrote.
    type Started = { workflowExecutionStartedEventAttributes: { input: { payloads: Array<{ data: string }> } } };
    const history = JSON.parse(readFileSync(join(fixtures, 'birth-v3-auto-lean.json'), 'utf8')) as { events: [Started, ...unknown[]] };
    const started = history.events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
    started.data = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(started.data, 'base64').toString('utf8')), leanHistory: true })).toString('base64');
    await Worker.runReplayHistory({ workflowBundle: { codePath: bundlePath }, dataConverter }, history, 'birth-v3-auto-lean-flagged');
  });

  it('replays a history whose payloads are encrypted, with a key that is no longer the current one', async () => {
    const history = JSON.parse(readFileSync(join(fixtures, 'birth-v3-officer-approved.json'), 'utf8')) as unknown;
    const oldKey = new AesGcmPayloadCodec({ currentKid: 'replay-1', keys: keys });
    const sealed = sealHistory(history, oldKey);
    expect(countSealed(sealed)).toBeGreaterThan(5);
    expect(JSON.stringify(history)).toContain('eyJhcHBsaWNhdGlvbklk'); // base64 of '{"applicationId', the workflow input
    expect(JSON.stringify(sealed)).not.toContain('eyJhcHBsaWNhdGlvbklk');
    await Worker.runReplayHistory({ workflowBundle: { codePath: bundlePath }, dataConverter }, sealed, 'sealed-birth-v3-officer-approved');
    const withoutKey = { payloadCodecs: [new AesGcmPayloadCodec({ currentKid: 'other', keys: new Map([['other', randomBytes(32)]]) })] };
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: bundlePath }, dataConverter: withoutKey }, sealed, 'sealed-without-key')).rejects.toThrow();
  });
});
