/**
 * npm run bench: Simpul against bare Temporal and bare intake, in one run on the same servers (scripts/bench.sh
 * brings up a fresh stack of its own, profile test-bench, and calls this). Writes docs/benchmarks.json and
 * docs/benchmarks.md. Options: --quick (short steps, a few minutes), --scale 2 (two orchestrators and two workers of
 * each agency the birth uses), --cpu-prof (CPU profiles of the apps under $SIMPUL_INFRA_DIR/bench/profiles),
 * --intake-only (series (c) alone, for tuning intake; written to $SIMPUL_INFRA_DIR/bench/intake-only.json, docs untouched),
 * --tune [rate] (the hand-written birth and the pipeline at one rate, default 4/s, for 40 s each: CPU seconds per birth
 * of every process at a steady load, for the tuning log; written to $SIMPUL_INFRA_DIR/bench/tune.json, docs untouched;
 * with --cpu-prof, the profiles of Simpul's busiest processes go to docs/benchmarks-profile.json and docs/benchmarks.md),
 * --profile cluster (on the cluster profile's servers, which scripts/bench.sh starts, with every app twice on the
 * development ports as `npm run cluster` runs them; written to docs/benchmarks-cluster.json).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { requestDevToken } from '@simpul/auth';
import { loadConfig } from '@simpul/config';
import { birthApplication } from '@simpul/testing';
import { APP_NODE_FLAGS, DEV_PORTS, TEST_PORTS, appSpecs, stopChild, waitReady, type AppSpec } from '../apps';
import { replicated } from '../app-replicas';
import { childrenByParent, clusterServerPids, clusterTemporalVersion, componentOf, cpuSeconds, devServerPids, isServer, procRssMb, type Proc } from './procs';
import { workflowIdFor } from '@simpul/contracts';
import { atCommonRate, maxSustained, openLoopSchedule, percentile, round, summariseStep, type StepResult } from './stats';
import { byPackage, inclusiveByPackage, topFrames, type Window } from './profile-summary';
import { writeReport } from './report';

const root = join(__dirname, '..', '..', '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const scale = Number(args[args.indexOf('--scale') + 1] ?? 1) > 1 && args.includes('--scale') ? 2 : 1;
const cpuProf = args.includes('--cpu-prof');
const intakeOnly = args.includes('--intake-only');
const tune = args.includes('--tune');
const tuneRate = tune && /^\d+$/.test(args[args.indexOf('--tune') + 1] ?? '') ? Number(args[args.indexOf('--tune') + 1]) : 4;
const onCluster = args.includes('--profile') && args[args.indexOf('--profile') + 1] === 'cluster';
if (onCluster && (scale > 1 || cpuProf)) throw new Error('--profile cluster runs every app twice already; --scale and --cpu-prof are for the dev-shaped stack');
/** The cluster has the development entry points (scripts/cluster.sh); the dev-shaped bench stack the test ports. */
const PORTS = onCluster ? DEV_PORTS : TEST_PORTS;
/** Replicas of every app on the cluster (the agencies' stand-in once), as scripts/cluster.sh runs them. */
const CLUSTER_REPLICAS = 2;
const infra = process.env.SIMPUL_INFRA_DIR ?? join(root, '.infra', onCluster ? 'cluster' : 'test-bench');
const benchDir = join(infra, 'bench');
const runId = randomUUID().slice(0, 8);

const PLANS = quick
  ? { stepMs: 8_000, graceMs: 30_000, workflowRates: [1, 2, 4, 8, 12, 16, 24, 32, 48, 64], intakeStepMs: 5_000, intakeRates: [50, 100, 200, 400, 600, 800, 1200, 1600, 2000, 2400] }
  : { stepMs: 30_000, graceMs: 60_000, workflowRates: [1, 2, 4, 6, 8, 10, 12, 16, 20, 24, 32, 40, 48, 64, 80], intakeStepMs: 15_000, intakeRates: [50, 100, 150, 200, 300, 400, 600, 800, 1000, 1200, 1600, 2000, 2400, 3200] };
const PLAN = intakeOnly ? { ...PLANS, workflowRates: [] as number[] } : tune ? { ...PLANS, stepMs: 40_000, graceMs: 30_000, workflowRates: [tuneRate] } : PLANS;
/** Latency bound of a sustained step (p95). */
const WORKFLOW_P95_BOUND_MS = 5_000;
const INTAKE_P95_BOUND_MS = 1_000;
const FINAL = ['COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED'];

const log = (line: string) => process.stdout.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------- processes

/** The processes metered in a phase: those of the named components (kafka = every broker, temporal = every service). */
const ofComponents = (procs: Proc[], ...components: string[]) => procs.filter((p) => components.includes(componentOf(p.name)));

/** CPU seconds per process over a phase, and the peak RSS sampled every second. */
class Meter {
  private readonly start = new Map<string, number>();
  readonly peakRss = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly procs: () => Proc[]) {}

  begin(): void {
    const children = childrenByParent();
    for (const p of this.procs()) this.start.set(p.name, cpuSeconds(p.pid, p.tree, children));
    this.timer = setInterval(() => this.sample(), 1000);
  }

  /** Current RSS of each process (MB; an app run as replicas: its largest replica). */
  snapshot(): Record<string, number> {
    const children = childrenByParent();
    const out: Record<string, number> = {};
    for (const p of this.procs()) {
      const mb = procRssMb(p, children);
      if (mb !== null) out[p.name] = round(mb, 1);
    }
    return out;
  }

  /** An RSS sample each second; one the machine cannot take (EMFILE while the load generator holds every descriptor) is skipped. */
  private sample(): void {
    let rss: Record<string, number>;
    try {
      rss = this.snapshot();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EMFILE') throw err;
      return;
    }
    for (const [name, mb] of Object.entries(rss)) this.peakRss.set(name, Math.max(this.peakRss.get(name) ?? 0, mb));
  }

  /** CPU seconds each process used since begin(), now. */
  used(): Record<string, number> {
    const children = childrenByParent();
    return Object.fromEntries(this.procs().map((p) => [p.name, cpuSeconds(p.pid, p.tree, children) - (this.start.get(p.name) ?? 0)]));
  }

  end(): Record<string, number> {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const children = childrenByParent();
    const used: Record<string, number> = {};
    for (const p of this.procs()) used[p.name] = round(cpuSeconds(p.pid, p.tree, children) - (this.start.get(p.name) ?? 0), 2);
    return used;
  }
}

function spawnLogged(name: string, argv: string[], env: NodeJS.ProcessEnv): ChildProcess {
  mkdirSync(join(benchDir, 'logs'), { recursive: true });
  const out = createWriteStream(join(benchDir, 'logs', `${name.replace(/[^a-z0-9-]/gi, '_')}.log`));
  const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

function appArgv(spec: AppSpec): string[] {
  const prof = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(benchDir, 'profiles')}`, `--cpu-prof-name=${spec.name.replace(/[^a-z0-9-]/gi, '_')}.cpuprofile`] : [];
  return [...APP_NODE_FLAGS, ...prof, spec.main];
}

// ---------------------------------------------------------------------------------------------------- load

interface Phase {
  steps: StepResult[];
  cpuSeconds: Record<string, number>;
  items: number;
}

/** Runs rates in turn until one is not sustained; `fire` starts item i at its intended time and reports its latency. */
async function stepUp(
  label: string,
  rates: number[],
  stepMs: number,
  graceMs: number,
  p95Bound: number,
  runStep: (rate: number, schedule: number[], started: number) => Promise<{ latencies: number[]; errors: number; windowMs: number }>,
  meter?: Meter,
): Promise<StepResult[]> {
  const steps: StepResult[] = [];
  for (const rate of rates) {
    const schedule = openLoopSchedule(rate, stepMs);
    const started = Date.now();
    const before = meter?.used();
    const { latencies, errors, windowMs } = await runStep(rate, schedule, started);
    const step = summariseStep(rate, schedule.length, latencies, errors, Math.max(stepMs, windowMs), p95Bound);
    if (meter && before && latencies.length > 0) {
      const after = meter.used();
      step.cpuPerItem = Object.fromEntries(Object.entries(after).map(([name, v]) => [name, round((v - (before[name] ?? 0)) / latencies.length, 4)]));
    }
    steps.push(step);
    log(`${label} ${rate}/s: ${step.completed}/${step.offered} done, ${step.throughput}/s, p50 ${step.p50 ?? '-'} ms, p95 ${step.p95 ?? '-'} ms, errors ${errors}${step.sustained ? '' : ' — not sustained'}`);
    if (!step.sustained) break;
    await sleep(Math.min(5_000, graceMs));
  }
  return steps;
}

/** Calls `fire(i)` at each intended time (open loop: it never waits for earlier items). */
async function openLoop(schedule: number[], started: number, fire: (i: number, intendedAt: number) => Promise<void>): Promise<void> {
  const all: Promise<void>[] = [];
  for (let i = 0; i < schedule.length; i++) {
    const intendedAt = started + schedule[i];
    const wait = intendedAt - Date.now();
    if (wait > 0) await sleep(wait);
    all.push(fire(i, intendedAt));
  }
  await Promise.all(all);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
function childName(n: number): string {
  let s = '';
  do {
    s = LETTERS[n % 26] + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `Bench ${s}`;
}

// ---------------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SIMPUL_PORTAL_API_PORT: String(PORTS.portalApi),
    SIMPUL_BACKOFFICE_PORT: String(PORTS.backoffice),
    SIMPUL_AGENCY_SANDBOX_PORT: String(PORTS.agencySandbox),
    SIMPUL_IDENTITY_SANDBOX_PORT: String(PORTS.identitySandbox),
    // Zero added latency: every agency answers in its HTTP response (no 202 + callback delay).
    SIMPUL_SANDBOX_ASYNC_AGENCIES: 'none',
    // Kemensos decides proposals in batches; the pipeline and the hand-written birth poll its ticket on the same
    // schedule (first check after 2 s). A batch every second decides a proposal before that first check.
    SIMPUL_SANDBOX_KEMENSOS_BATCH_SECONDS: '1',
    SIMPUL_LOG_LEVEL: process.env.SIMPUL_LOG_LEVEL ?? 'info',
  };
  const config = loadConfig(env);
  const loadAtStart = loadavg();
  log(`run ${runId} (${tune ? `tune at ${tuneRate}/s` : quick ? 'quick' : 'full'}, ${onCluster ? 'cluster profile' : `scale ${scale}`}) on ${cpus().length} cores; load average ${loadAtStart.map((n) => n.toFixed(2)).join(' ')}`);

  const procs: Proc[] = onCluster ? clusterServerPids(infra) : devServerPids(infra);
  const pidsFile = (name: string) => join(infra, 'run', `${name.replace(':', '-')}.pids`);
  const specs = appSpecs(root, PORTS).map((s) => (onCluster && s.name !== 'agency-sandbox' ? replicated(s, CLUSTER_REPLICAS, pidsFile(s.name)) : s));
  const replicas: AppSpec[] =
    scale > 1
      ? specs
          .filter((s) => s.name === 'orchestrator' || ['agency-worker:civil-registry', 'agency-worker:bpjs-health', 'agency-worker:social-aid'].includes(s.name))
          .map((s) => ({ ...s, name: `${s.name}#2`, port: s.port + 50, env: { ...s.env, ...(s.name === 'orchestrator' ? { SIMPUL_ORCHESTRATOR_PORT: String(s.port + 50) } : { SIMPUL_AGENCY_WORKER_PORT: String(s.port + 50) }) } }))
      : [];
  // Profiles start with their process: a phase's samples are those between its times less this one (about).
  const spawnedAt = Date.now();
  for (const spec of [...specs, ...replicas]) {
    const child = spawnLogged(spec.name, appArgv(spec), { ...env, ...spec.env });
    procs.push({ name: spec.name, pid: child.pid as number, kind: 'app', child, tree: spec.env.SIMPUL_APP_REPLICAS !== undefined });
  }
  const intakePort = PORTS.portalApi + 90;
  const bareIntake = spawnLogged('bare-intake', [join(__dirname, 'bare-intake.js'), String(intakePort), config.databaseUrl], env);
  procs.push({ name: 'bare-intake', pid: bareIntake.pid as number, kind: 'baseline', child: bareIntake });
  const taskQueue = `bench-bare-${runId}`;
  const bareWorker = spawnLogged('bare-worker', [join(__dirname, 'bare-worker.js'), config.temporalAddress, config.temporalNamespace, taskQueue], env);
  procs.push({ name: 'bare-worker', pid: bareWorker.pid as number, kind: 'baseline', child: bareWorker });
  const handQueue = `bench-hand-${runId}`;
  const handWorker = spawnLogged('handwritten-worker', [join(__dirname, 'handwritten-worker.js'), config.temporalAddress, config.temporalNamespace, handQueue], env);
  procs.push({ name: 'handwritten-worker', pid: handWorker.pid as number, kind: 'baseline', child: handWorker });

  const stopAll = async () => {
    await Promise.all(procs.filter((p) => p.child).map((p) => stopChild(p.child as ChildProcess)));
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  // However this process ends (an uncaught error included), its apps and baselines end with it: none is left orphaned.
  process.once('exit', () => {
    for (const p of procs) if (p.child && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  });

  try {
    await Promise.all([...specs, ...replicas].map((s) => waitReady(s.port, 180_000)));
    await waitReady(intakePort, 60_000);
    log(`every app ready${scale > 1 ? ' (with replicas)' : ''}`);

    const connection = await Connection.connect({ address: config.temporalAddress });
    const client = new Client({ connection, namespace: config.temporalNamespace });
    const pool = new Pool({ connectionString: config.databaseUrl, max: 4 });
    const token = await requestDevToken(config.auth, { role: 'portal', subject: 'portal-bench', ttlSeconds: 4 * 3600 });
    const monitoring = await requestDevToken(config.auth, { role: 'monitoring', subject: 'bench-monitoring', ttlSeconds: 4 * 3600 });
    const portal = `http://127.0.0.1:${PORTS.portalApi}`;
    let serial = 0;
    const newBody = () => birthApplication('birth-auto', childName(serial++));

    // A few applications first, so every process has warmed up (JIT, pools, workflow cache) before measuring.
    for (let i = 0; i < 5; i++) await client.workflow.execute('bareBirthWorkflow', { taskQueue, workflowId: `bench-warm-${runId}-${i}`, args: [`warm-${i}`] });
    await Promise.all(Array.from({ length: 5 }, (_, i) => client.workflow.execute('handwrittenBirthWorkflow', { taskQueue: handQueue, workflowId: `bench-hand-warm-${runId}-${i}`, args: [randomUUID(), newBody().data] })));
    const warm = await Promise.all(Array.from({ length: 5 }, () => submit(portal, token, newBody())));
    await waitFinal(pool, warm.filter((x): x is string => !!x), 60_000);
    log('warmed up');

    // (a) bare Temporal, (a2) the hand-written birth: each started by a client, latency to the client seeing the result.
    const clientPhase = async (label: string, meterNames: string[], type: string, queue: string, args: () => unknown[]): Promise<{ phase: Phase; atLowest: Traced[] }> => {
      const meter = new Meter(() => ofComponents(procs, ...meterNames));
      meter.begin();
      let items = 0;
      const atLowest: Traced[] = [];
      const steps = await stepUp(label, PLAN.workflowRates, PLAN.stepMs, PLAN.graceMs, WORKFLOW_P95_BOUND_MS, async (rate, schedule, started) => {
        const latencies: number[] = [];
        let errors = 0;
        let last = started;
        await openLoop(schedule, started, async (i, intendedAt) => {
          try {
            const handle = await client.workflow.start(type, { taskQueue: queue, workflowId: `${queue}-${rate}-${i}`, args: args(), workflowExecutionTimeout: `${(PLAN.stepMs + PLAN.graceMs) / 1000} seconds` });
            await handle.result();
            last = Math.max(last, Date.now());
            latencies.push(Date.now() - intendedAt);
            if (rate === PLAN.workflowRates[0]) atLowest.push({ workflowId: handle.workflowId, intendedAt, doneAt: Date.now() });
          } catch {
            errors++;
          }
        });
        items += latencies.length;
        return { latencies, errors, windowMs: last - started };
      }, meter);
      return { phase: { steps, cpuSeconds: meter.end(), items }, atLowest };
    };
    const skipped: { phase: Phase; atLowest: Traced[] } = { phase: { steps: [], cpuSeconds: {}, items: 0 }, atLowest: [] };
    const bare = tune ? skipped : await clientPhase('bare Temporal', ['temporal', 'bare-worker', 'postgres'], 'bareBirthWorkflow', taskQueue, () => [randomUUID()]);
    const temporal = bare.phase;
    const bareAtLowest = bare.atLowest;
    const hand = await clientPhase('hand-written', ['temporal', 'handwritten-worker', 'agency-sandbox', 'postgres'], 'handwrittenBirthWorkflow', handQueue, () => [randomUUID(), newBody().data]);
    const handwritten = hand.phase;

    // (b) the full pipeline
    const appMeter = new Meter(() => procs.filter((p) => p.kind !== 'baseline'));
    appMeter.begin();
    let pipelineItems = 0;
    const pipelineAtLowest: Traced[] = [];
    const rssAfterStep = new Map<number, Record<string, number>>();
    const stepWindows = new Map<number, { fromMs: number; toMs: number }>();
    const pipelineSteps = await stepUp('pipeline', PLAN.workflowRates, PLAN.stepMs, PLAN.graceMs, WORKFLOW_P95_BOUND_MS, async (rate, schedule, started) => {
      const accepted: Array<{ id: string; intendedAt: number; acceptedAt: number }> = [];
      let errors = 0;
      await openLoop(schedule, started, async (_i, intendedAt) => {
        const id = await submit(portal, token, newBody());
        if (id) accepted.push({ id, intendedAt, acceptedAt: Date.now() });
        else errors++;
      });
      const final = await waitFinal(pool, accepted.map((a) => a.id), started + PLAN.stepMs + PLAN.graceMs - Date.now());
      rssAfterStep.set(rate, appMeter.snapshot());
      stepWindows.set(rate, { fromMs: started - spawnedAt, toMs: Date.now() - spawnedAt });
      const latencies: number[] = [];
      let last = started;
      for (const a of accepted) {
        const row = final.get(a.id);
        if (!row) continue;
        if (row.status !== 'COMPLETED') errors++;
        else {
          latencies.push(row.at - a.intendedAt);
          last = Math.max(last, row.at);
          if (rate === PLAN.workflowRates[0]) pipelineAtLowest.push({ workflowId: workflowIdFor(a.id), intendedAt: a.intendedAt, acceptedAt: a.acceptedAt, doneAt: row.at });
        }
      }
      pipelineItems += latencies.length;
      return { latencies, errors, windowMs: last - started };
    }, appMeter);
    const pipeline: Phase = { steps: pipelineSteps, cpuSeconds: appMeter.end(), items: pipelineItems };
    const latencyBreakdown = { bareTemporal: await breakdown(client, bareAtLowest), handwritten: await breakdown(client, hand.atLowest), pipeline: await breakdown(client, pipelineAtLowest) };
    const peakRss = Object.fromEntries([...appMeter.peakRss].map(([k, v]) => [k, round(v, 1)]));
    if (tune) return await writeTuning(pool, connection, stopAll, handwritten, pipeline, latencyBreakdown, stepWindows.get(tuneRate));

    // (c) intake: Simpul's (HTTP, auth, validation, idempotency, application row + outbox row) against the bare one.
    // The orchestrator is stopped first, so neither measurement shares the machine with workflows (the relay still
    // publishes to Kafka: the outbox is part of intake). The bench profile's data is thrown away after the run.
    for (const p of procs.filter((x) => x.name.startsWith('orchestrator'))) await stopChild(p.child as ChildProcess);
    await sleep(2_000);
    const intake = async (label: string, url: string, headers: Record<string, string>, body: () => unknown) =>
      stepUp(label, PLAN.intakeRates, PLAN.intakeStepMs, 5_000, INTAKE_P95_BOUND_MS, async (_rate, schedule, started) => {
        const latencies: number[] = [];
        let errors = 0;
        let last = started;
        await openLoop(schedule, started, async (_i, intendedAt) => {
          try {
            const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `bench-${randomUUID()}`, ...headers }, body: JSON.stringify(body()), signal: AbortSignal.timeout(30_000) });
            await res.arrayBuffer();
            if (res.status !== 202) errors++;
            else {
              latencies.push(Date.now() - intendedAt);
              last = Math.max(last, Date.now());
            }
          } catch {
            errors++;
          }
        });
        return { latencies, errors, windowMs: last - started };
      });
    // CPU per accepted request of the processes each series uses (the load generator, this process, is left out).
    const intakeCpu = async (names: string[], run: () => Promise<StepResult[]>): Promise<{ steps: StepResult[]; cpu: Phase }> => {
      const meter = new Meter(() => ofComponents(procs, ...names));
      meter.begin();
      const steps = await run();
      return { steps, cpu: { steps, cpuSeconds: meter.end(), items: steps.reduce((n, s) => n + s.completed, 0) } };
    };
    const bareIntakeRun = await intakeCpu(['bare-intake', 'postgres'], () =>
      intake('bare intake', `http://127.0.0.1:${intakePort}/intake`, {}, () => {
        const b = newBody();
        return { lifeEvent: b.lifeEvent, applicantNik: b.applicantNik, data: b.data };
      }),
    );
    const outboxBefore = await outboxCounters(portal, monitoring);
    const portalIntakeRun = await intakeCpu(['portal-api', 'postgres', 'kafka'], () => intake('portal-api intake', `${portal}/v1/applications`, { Authorization: `Bearer ${token}` }, newBody));
    const outboxAfter = await outboxCounters(portal, monitoring);
    const batches = outboxAfter.batches - outboxBefore.batches;
    const outboxRowsPerBatch = batches > 0 ? round((outboxAfter.published - outboxBefore.published) / batches, 1) : null;
    const [bareIntakeSteps, portalIntakeSteps] = [bareIntakeRun.steps, portalIntakeRun.steps];

    await pool.end();
    await connection.close();
    const loadAtEnd = loadavg();

    // RSS at the end of the highest sustained pipeline step (steady state), beside the peak over the whole phase.
    const steadyRss = rssAfterStep.get(maxSustained(pipelineSteps)?.rate ?? -1) ?? null;
    const summary = {
      ...summarise({ temporal, handwritten, pipeline, bareIntakeSteps, portalIntakeSteps, intakeCpu: { bareIntake: bareIntakeRun.cpu, portalIntake: portalIntakeRun.cpu }, peakRss, steadyRss, loadAtStart, loadAtEnd, postgresVersion: await pgVersion(config.databaseUrl) }),
      latencyBreakdownMs: latencyBreakdown,
      rssAtHighestSustainedMb: steadyRss,
      outboxRowsPerBatch,
    };
    // Profiles are written when the processes exit: stop them first, then read the hottest app's.
    await stopAll();
    if (intakeOnly) {
      writeFileSync(join(benchDir, 'intake-only.json'), `${JSON.stringify(summary, null, 2)}\n`);
      log(`intake/bare ${summary.intake_vs_bare_intake_throughput}; CPU-s per request ${JSON.stringify(summary.cpuSecondsPerIntakeRequest)}; outbox rows per batch ${outboxRowsPerBatch}; ${join(benchDir, 'intake-only.json')}`);
      return;
    }
    // Profiles over the highest sustained pipeline step (the first step if none was), start-up left out.
    const profiledRate = maxSustained(pipelineSteps)?.rate ?? PLAN.workflowRates[0];
    const window = stepWindows.get(profiledRate);
    const result = cpuProf
      ? { ...summary, cpuProfile: hottestProfile(summary.cpuSecondsPerApplication.pipeline, window), cpuProfiles: profilesOf(['orchestrator', 'status-projector', 'portal-api'], window), cpuProfileWindow: window ? { rate: profiledRate, ...window } : undefined }
      : summary;
    const file = join(root, 'docs', onCluster ? 'benchmarks-cluster.json' : scale > 1 ? 'benchmarks-scale2.json' : 'benchmarks.json');
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    writeReport(root);
    log(`wrote ${file} and docs/benchmarks.md`);
    log(
      `pipeline/hand-written throughput ${result.pipeline_vs_handwritten_throughput}, p50 ${result.pipeline_vs_handwritten_p50}; pipeline/Temporal throughput ${result.pipeline_vs_temporal_throughput}, p50 ${result.pipeline_vs_temporal_p50}; Temporal CPU vs bare ${result.temporal_cpu_vs_bare}; intake/bare ${result.intake_vs_bare_intake_throughput}; max app RSS ${result.max_app_rss_mb} MB`,
    );
  } finally {
    await stopAll();
  }
}

/** --tune: CPU seconds per birth of each process at one steady rate, hand-written and pipeline, and the profiles. */
async function writeTuning(pool: Pool, connection: Connection, stopAll: () => Promise<void>, handwritten: Phase, pipeline: Phase, latencyBreakdown: Record<string, unknown>, window?: Window): Promise<void> {
  await pool.end();
  await connection.close();
  await stopAll();
  const total = (phase: Phase) => (phase.items ? round(Object.values(phase.cpuSeconds).reduce((a, b) => a + b, 0) / phase.items, 4) : null);
  const profiles = cpuProf ? profilesOf(['orchestrator', 'status-projector', 'portal-api', 'agency-worker:social-aid', 'backoffice'], window, 15) : undefined;
  const result = {
    run: { id: runId, mode: 'tune', rate: tuneRate, at: new Date().toISOString(), loadAverage: loadavg().map((n) => round(n, 2)) },
    steps: { handwritten: handwritten.steps, pipeline: pipeline.steps },
    cpuSecondsPerBirth: { handwritten: { ...perItem(handwritten), all: total(handwritten) }, pipeline: { ...perItem(pipeline), all: total(pipeline) } },
    latencyBreakdownMs: latencyBreakdown,
    ...(profiles ? { cpuProfiles: profiles, cpuProfileWindow: window } : {}),
  };
  const file = join(benchDir, 'tune.json');
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  if (profiles) {
    // The profiles of the code as it is, for docs/benchmarks.md: the full run is not profiled (the profiler's own cost
    // would fall on Simpul's processes only, not on the baselines').
    const busiest = ['orchestrator', 'status-projector', 'portal-api', 'agency-worker:social-aid'].filter((name) => profiles[name]);
    const docsProfiles = Object.fromEntries(busiest.map((name) => [name, { inclusive: profiles[name].inclusive.slice(0, 10), topFrames: profiles[name].topFrames.slice(0, 6) }]));
    writeFileSync(join(root, 'docs', 'benchmarks-profile.json'), `${JSON.stringify({ run: result.run, window, cpuSecondsPerBirth: result.cpuSecondsPerBirth, profiles: docsProfiles }, null, 2)}\n`);
    if (existsSync(join(root, 'docs', 'benchmarks.json'))) writeReport(root);
    log('wrote docs/benchmarks-profile.json and docs/benchmarks.md');
  }
  log(`tune ${tuneRate}/s: CPU-s per birth, hand-written ${result.cpuSecondsPerBirth.handwritten.all}, pipeline ${result.cpuSecondsPerBirth.pipeline.all}; ${file}`);
  for (const [name, v] of Object.entries(result.cpuSecondsPerBirth.pipeline).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))) log(`  ${name.padEnd(32)} ${v}`);
}

/** portal-api's outbox counters (its /metrics): rows published and relay batches. */
async function outboxCounters(portal: string, token: string): Promise<{ published: number; batches: number }> {
  const text = await (await fetch(`${portal}/metrics`, { headers: { Authorization: `Bearer ${token}` } })).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { published: value('simpul_outbox_published_total'), batches: value('simpul_outbox_batches_total') };
}

/** One application of the lowest rate, for the latency breakdown. */
interface Traced {
  workflowId: string;
  intendedAt: number;
  /** When the portal answered 202 (pipeline only). */
  acceptedAt?: number;
  /** When the client saw the result (bare) or the read model showed COMPLETED (pipeline). */
  doneAt: number;
}

/**
 * Where the time of an application goes at the lowest rate (medians, ms): accepted (intended send → 202), to the
 * workflow's start (→ Temporal's start time: outbox, Kafka, orchestrator consumer, start call), the workflow run
 * (start → close), and after it (close → the client seeing the result, or the read model showing COMPLETED: the
 * last status event reaches the projector while the workflow closes, so this one can be negative).
 */
async function breakdown(client: Client, items: Traced[]): Promise<Record<string, number | null>> {
  const parts: Record<string, number[]> = { accepted: [], toWorkflowStart: [], workflow: [], afterWorkflow: [], total: [] };
  for (const item of items) {
    const d = await client.workflow.getHandle(item.workflowId).describe();
    const start = d.startTime.getTime();
    const close = d.closeTime?.getTime();
    if (close === undefined) continue;
    const from = item.acceptedAt ?? item.intendedAt;
    if (item.acceptedAt !== undefined) parts.accepted.push(item.acceptedAt - item.intendedAt);
    parts.toWorkflowStart.push(start - from);
    parts.workflow.push(close - start);
    parts.afterWorkflow.push(item.doneAt - close);
    parts.total.push(item.doneAt - item.intendedAt);
  }
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v.length ? (percentile(v, 50) ?? null) : null]));
}

async function submit(portal: string, token: string, body: unknown): Promise<string | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const key = `bench-${randomUUID()}`;
      const res = await fetch(`${portal}/v1/applications`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const answer = (await res.json()) as { id?: string };
      if (res.status === 202 && answer.id) return answer.id;
      if (res.status < 500 && res.status !== 429) return undefined;
    } catch {
      // retried
    }
    await sleep(200);
  }
  return undefined;
}

/** Final status and the read model's time of it (ms since epoch; PostgreSQL runs on this machine's clock). */
async function waitFinal(pool: Pool, ids: string[], timeoutMs: number): Promise<Map<string, { status: string; at: number }>> {
  const found = new Map<string, { status: string; at: number }>();
  const deadline = Date.now() + Math.max(timeoutMs, 5_000);
  while (found.size < ids.length && Date.now() < deadline) {
    const rows: Array<{ id: string; status: string; at: string }> = await pool.query(
      `SELECT id, status, (extract(epoch FROM updated_at) * 1000)::bigint AS at FROM applications WHERE id = ANY($1::uuid[]) AND status = ANY($2)`,
      [ids.filter((id) => !found.has(id)), FINAL],
    ).then((r) => r.rows);
    for (const r of rows) found.set(r.id, { status: r.status, at: Number(r.at) });
    if (found.size < ids.length) await sleep(500);
  }
  return found;
}

async function pgVersion(url: string): Promise<string> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    return ((await pool.query('SHOW server_version')).rows[0] as { server_version: string }).server_version;
  } finally {
    await pool.end();
  }
}

function summarise(r: {
  temporal: Phase;
  handwritten: Phase;
  pipeline: Phase;
  bareIntakeSteps: StepResult[];
  portalIntakeSteps: StepResult[];
  intakeCpu: { bareIntake: Phase; portalIntake: Phase };
  peakRss: Record<string, number>;
  /** RSS at the end of the highest sustained pipeline step; null when no step was sustained. */
  steadyRss: Record<string, number> | null;
  loadAtStart: number[];
  loadAtEnd: number[];
  postgresVersion: string;
}) {
  const t = maxSustained(r.temporal.steps);
  const p = maxSustained(r.pipeline.steps);
  const h = maxSustained(r.handwritten.steps);
  const h0 = r.handwritten.steps[0];
  const bi = maxSustained(r.bareIntakeSteps);
  const pi = maxSustained(r.portalIntakeSteps);
  // p50 at the lowest rate, where neither queues: the latency the design adds, not the one load adds.
  const t0 = r.temporal.steps[0];
  const p0 = r.pipeline.steps[0];
  // The target is at steady state: the end of the highest sustained step (the peak, overload steps included, beside it).
  const largestApp = (rss: Record<string, number>) => Math.max(...Object.entries(rss).filter(([name]) => !isServer(name)).map(([, v]) => v));
  const maxAppPeakRss = largestApp(r.peakRss);
  const maxAppRss = r.steadyRss ? largestApp(r.steadyRss) : maxAppPeakRss;
  const ratio = (a?: number, b?: number) => (a !== undefined && b ? round(a / b, 3) : null);
  const pipelineVsTemporalThroughput = ratio(p?.rate, t?.rate);
  const pipelineVsTemporalP50 = ratio(p0?.p50, t0?.p50);
  const intakeVsBare = ratio(pi?.rate, bi?.rate);
  const pipelineVsHandThroughput = ratio(p?.rate, h?.rate);
  const pipelineVsHandP50 = ratio(p0?.p50, h0?.p50);
  // A component's CPU: on the cluster the sum of its processes (Temporal's four services, three brokers).
  const cpuOf = (phase: Phase, component: string) =>
    phase.items ? Object.entries(phase.cpuSeconds).reduce((sum, [name, v]) => sum + (componentOf(name) === component ? v : 0), 0) / phase.items : undefined;
  // Per birth at the highest rate all three sustained: the same rate and step length in each, so the servers' fixed
  // work weighs the same (over a whole phase it is spread over 13 times more bare births than pipeline ones).
  const common = atCommonRate({ bareTemporal: r.temporal.steps, handwritten: r.handwritten.steps, pipeline: r.pipeline.steps });
  const componentAt = (perItem: Record<string, number> | undefined, component: string) =>
    perItem ? Object.entries(perItem).reduce((sum, [name, v]) => sum + (componentOf(name) === component ? v : 0), 0) : undefined;
  const temporalCpuVsBareWholePhase = ratio(cpuOf(r.pipeline, 'temporal'), cpuOf(r.temporal, 'temporal'));
  const temporalCpuVsBare = common ? ratio(componentAt(common.cpuPerItem.pipeline, 'temporal'), componentAt(common.cpuPerItem.bareTemporal, 'temporal')) : temporalCpuVsBareWholePhase;
  let temporalVersion = onCluster ? clusterTemporalVersion(root) : 'unknown';
  try {
    if (!onCluster) temporalVersion = execFileSync(process.env.SIMPUL_TEMPORAL_CLI ?? 'temporal', ['--version']).toString().trim();
  } catch {
    // reported as unknown
  }
  return {
    pipeline_vs_temporal_throughput: pipelineVsTemporalThroughput,
    pipeline_vs_temporal_p50: pipelineVsTemporalP50,
    pipeline_vs_handwritten_throughput: pipelineVsHandThroughput,
    pipeline_vs_handwritten_p50: pipelineVsHandP50,
    temporal_cpu_vs_bare: temporalCpuVsBare,
    temporal_cpu_vs_bare_whole_phase: temporalCpuVsBareWholePhase,
    intake_vs_bare_intake_throughput: intakeVsBare,
    max_app_rss_mb: round(maxAppRss, 1),
    max_app_peak_rss_mb: round(maxAppPeakRss, 1),
    targets: {
      // Issue #25's targets: against the hand-written birth (same agency calls) and the bare no-op graph.
      pipeline_vs_handwritten_throughput: { target: '>= 0.8', met: pipelineVsHandThroughput !== null && pipelineVsHandThroughput >= 0.8 },
      pipeline_vs_temporal_throughput: { target: '>= 0.6', met: pipelineVsTemporalThroughput !== null && pipelineVsTemporalThroughput >= 0.6 },
      pipeline_vs_handwritten_p50: { target: '<= 1.3', met: pipelineVsHandP50 !== null && pipelineVsHandP50 <= 1.3 },
      pipeline_vs_temporal_p50: { target: 'reported (no target: the bare graph makes no agency calls and does not poll)', met: true },
      temporal_cpu_vs_bare: { target: common ? `<= 1.2 (per birth at ${common.rate}/s, the highest rate all three sustained)` : '<= 1.2 (over each whole phase: no rate was sustained by all three)', met: temporalCpuVsBare !== null && temporalCpuVsBare <= 1.2 },
      intake_vs_bare_intake_throughput: { target: '>= 0.5', met: intakeVsBare !== null && intakeVsBare >= 0.5 },
      max_app_rss_mb: { target: '< 250 at steady state', met: maxAppRss < 250 },
    },
    run: { id: runId, mode: quick ? 'quick' : 'full', scale, profile: onCluster ? 'cluster' : 'test-bench', appReplicas: onCluster ? CLUSTER_REPLICAS : 1, at: new Date().toISOString(), stepSeconds: PLAN.stepMs / 1000, intakeStepSeconds: PLAN.intakeStepMs / 1000, workflowP95BoundMs: WORKFLOW_P95_BOUND_MS, intakeP95BoundMs: INTAKE_P95_BOUND_MS },
    machine: {
      cpuModel: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: round(totalmem() / 2 ** 30, 1),
      loadAverageAtStart: r.loadAtStart.map((n) => round(n, 2)),
      loadAverageAtEnd: r.loadAtEnd.map((n) => round(n, 2)),
    },
    versions: {
      node: process.version,
      temporal: temporalVersion,
      kafka: kafkaVersion(),
      postgres: r.postgresVersion,
      temporalSdk: (JSON.parse(readFileSync(join(root, 'node_modules', '@temporalio', 'client', 'package.json'), 'utf8')) as { version: string }).version,
    },
    maxSustainedPerSecond: { bareTemporal: t?.rate ?? null, handwritten: h?.rate ?? null, pipeline: p?.rate ?? null, bareIntake: bi?.rate ?? null, portalIntake: pi?.rate ?? null },
    steps: { bareTemporal: r.temporal.steps, handwritten: r.handwritten.steps, pipeline: r.pipeline.steps, bareIntake: r.bareIntakeSteps, portalIntake: r.portalIntakeSteps },
    cpuSecondsPerApplication: { bareTemporal: perItem(r.temporal), handwritten: perItem(r.handwritten), pipeline: perItem(r.pipeline) },
    cpuSecondsPerApplicationAtCommonRate: common ?? null,
    cpuSecondsPerIntakeRequest: { bareIntake: perItem(r.intakeCpu.bareIntake), portalIntake: perItem(r.intakeCpu.portalIntake) },
    peakRssMb: r.peakRss,
  };
}

/** The top frames (self time) of the app process that spent the most CPU per application in the pipeline phase. */
function hottestProfile(perApplication: Record<string, number | null>, window?: Window): { process: string; topFrames: ReturnType<typeof topFrames>; byPackage: ReturnType<typeof byPackage> } | undefined {
  const apps = Object.entries(perApplication).filter(([name]) => !isServer(name));
  const [hottest] = apps.sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0] ?? [];
  const summary = hottest ? profilesOf([hottest], window, 15)[hottest] : undefined;
  return summary && { process: hottest, ...summary };
}

type ProfileSummary = { topFrames: ReturnType<typeof topFrames>; byPackage: ReturnType<typeof byPackage>; inclusive: ReturnType<typeof inclusiveByPackage> };

/** Top frames, packages by self time and by time with what they call, of the named apps' profiles, within `window` (ms after their start). */
function profilesOf(names: string[], window?: Window, count = 10): Record<string, ProfileSummary> {
  const out: Record<string, ProfileSummary> = {};
  for (const name of names) {
    const file = join(benchDir, 'profiles', `${name.replace(/[^a-z0-9-]/gi, '_')}.cpuprofile`);
    if (!existsSync(file)) continue;
    const profile = JSON.parse(readFileSync(file, 'utf8'));
    out[name] = { topFrames: topFrames(profile, count, window), byPackage: byPackage(profile, count, window), inclusive: inclusiveByPackage(profile, count, window) };
  }
  return out;
}

/** CPU seconds per item of each process over a phase. */
const perItem = (phase: Phase) => Object.fromEntries(Object.entries(phase.cpuSeconds).map(([k, v]) => [k, phase.items ? round(v / phase.items, 4) : null]));

function kafkaVersion(): string {
  try {
    return /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(join(root, 'scripts', 'kafka', 'pom.xml'), 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
