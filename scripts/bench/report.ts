/**
 * docs/benchmarks.md, generated from docs/benchmarks.json (and docs/benchmarks-scale2.json when present) by
 * `npm run bench`; the prose around the figures is here, the figures come only from the JSON of the last run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EARLIER_NOTES, ROUND_TRIPS, TUNING_LOG, reading } from './report-notes';
import { clusterComparison } from './report-cluster';
import type { StepResult } from './stats';

interface BenchJson {
  pipeline_vs_temporal_throughput: number | null;
  pipeline_vs_temporal_p50: number | null;
  pipeline_vs_handwritten_throughput?: number | null;
  pipeline_vs_handwritten_p50?: number | null;
  temporal_cpu_vs_bare?: number | null;
  intake_vs_bare_intake_throughput: number | null;
  max_app_rss_mb: number;
  max_app_peak_rss_mb?: number;
  targets: Record<string, { target: string; met: boolean }>;
  run: { id: string; mode: string; scale: number; profile?: string; appReplicas?: number; at: string; stepSeconds: number; intakeStepSeconds: number; workflowP95BoundMs: number; intakeP95BoundMs: number };
  machine: { cpuModel: string; cores: number; memoryGiB: number; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  versions: Record<string, string>;
  maxSustainedPerSecond: Record<string, number | null>;
  steps: Record<string, StepResult[]>;
  cpuSecondsPerApplication: Record<string, Record<string, number | null>>;
  cpuSecondsPerIntakeRequest?: Record<'bareIntake' | 'portalIntake', Record<string, number | null>>;
  cpuSecondsPerApplicationAtCommonRate?: { rate: number; cpuPerItem: Record<'bareTemporal' | 'handwritten' | 'pipeline', Record<string, number>> } | null;
  outboxRowsPerBatch?: number | null;
  peakRssMb: Record<string, number>;
  rssAtHighestSustainedMb?: Record<string, number> | null;
  latencyBreakdownMs?: Record<'bareTemporal' | 'pipeline', Record<string, number | null>> & { handwritten?: Record<string, number | null> };
  cpuProfile?: { process: string; topFrames: Array<{ frame: string; selfMs: number; share: number }>; byPackage?: Array<{ where: string; selfMs: number; share: number }> };
  cpuProfiles?: Record<string, { topFrames: Array<{ frame: string; selfMs: number; share: number }>; byPackage: Array<{ where: string; selfMs: number; share: number }> }>;
  cpuProfileWindow?: { rate: number; fromMs: number; toMs: number };
}

const fmt = (n: number | null | undefined, unit = '') => (n === null || n === undefined ? '—' : `${n}${unit}`);

function stepsTable(steps: StepResult[]): string {
  const rows = steps.map((s) => `| ${s.rate} | ${s.completed}/${s.offered} | ${s.throughput} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${s.errors} | ${s.sustained ? 'yes' : 'no'} |`);
  return ['| offered /s | done | achieved /s | p50 ms | p95 ms | p99 ms | errors | sustained |', '| --- | --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** Where an application's time goes at the lowest rate, bare and pipeline side by side (medians). */
function breakdownTable(b: BenchJson): string {
  const d = b.latencyBreakdownMs;
  if (!d) return '';
  const rows: Array<[string, string]> = [
    ['accepted', 'intended send → portal-api answered 202 (HTTP, JWT, validation, idempotency, two rows)'],
    ['toWorkflowStart', 'accepted (bare: intended start) → workflow started (pipeline: outbox relay, Kafka, orchestrator consumer, start call)'],
    ['workflow', 'workflow started → closed (steps, agency calls, Kemensos polled after 2 s, status events)'],
    ['afterWorkflow', 'workflow closed → client saw the result (bare) / read model showed COMPLETED (pipeline; the last status event is projected while the workflow closes, so it can be negative)'],
    ['total', 'intended send → done'],
  ];
  return `Where the time goes at the lowest rate (medians, ms; from Temporal's start and close times of each workflow):

| part | bare Temporal | hand-written | pipeline | what |
| --- | --- | --- | --- | --- |
${rows.map(([k, what]) => `| ${k} | ${fmt(d.bareTemporal[k])} | ${fmt(d.handwritten?.[k])} | ${fmt(d.pipeline[k])} | ${what} |`).join('\n')}

`;
}

/** A warning when a series was still sustained at the plan's top step: its real limit is higher than the figure. */
function topReached(b: BenchJson): string {
  const names: Record<string, string> = { bareTemporal: 'bare Temporal', handwritten: 'hand-written', pipeline: 'pipeline', bareIntake: 'bare intake', portalIntake: 'portal-api intake' };
  const capped = Object.entries(b.steps)
    .filter(([, steps]) => steps.length > 0 && steps[steps.length - 1].sustained)
    .map(([k]) => names[k] ?? k);
  return capped.length > 0 ? ` Still sustained at the plan's top step, so the real limit is higher: ${capped.join(', ')}.` : '';
}

/** CPU per accepted intake request of the processes each series uses (all its steps, the overloaded one included). */
function intakeCpuTable(b: BenchJson): string {
  const c = b.cpuSecondsPerIntakeRequest;
  if (!c) return '';
  const ms = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 1e5) / 100}`);
  const names = [...new Set([...Object.keys(c.bareIntake), ...Object.keys(c.portalIntake)])].sort();
  const total = (side: Record<string, number | null>) => Object.values(side).reduce<number>((a, v) => a + (v ?? 0), 0);
  return `
CPU milliseconds per accepted request (the load generator, the bench process itself, is not counted):

| process | bare intake | portal-api intake |
| --- | --- | --- |
${names.map((n) => `| ${n} | ${ms(c.bareIntake[n])} | ${ms(c.portalIntake[n])} |`).join('\n')}
| **all** | ${ms(total(c.bareIntake))} | ${ms(total(c.portalIntake))} |
${b.outboxRowsPerBatch !== undefined ? `\nThe outbox relay published ${fmt(b.outboxRowsPerBatch)} rows per batch over the portal-api series (one transaction and one Kafka request each).\n` : ''}`;
}

/** The orchestrator's, the projector's and portal-api's profiles over the highest sustained pipeline step. */
function profilesSection(b: BenchJson): string {
  if (!b.cpuProfiles || !b.cpuProfileWindow) return '';
  const w = b.cpuProfileWindow;
  const one = ([name, p]: [string, NonNullable<BenchJson['cpuProfiles']>[string]]) => `**${name}**: ${p.byPackage.map((f) => `\`${f.where}\` ${f.share}%`).join(', ')}.
Top frames: ${p.topFrames.slice(0, 8).map((f) => `\`${f.frame.replace(/\|/g, '/')}\` ${f.share}%`).join(', ')}.`;
  return `### Profiles of the orchestrator, the projector and portal-api during the ${w.rate}/s pipeline step

Main thread, self time, idle excluded, the samples between ${Math.round(w.fromMs / 1000)} s and ${Math.round(w.toMs / 1000)} s after each process started (start-up left out).

${Object.entries(b.cpuProfiles).map(one).join('\n\n')}

`;
}

/** CPU per application of each process at the highest rate all three series sustained (the Temporal target's basis). */
function commonRateTable(b: BenchJson): string {
  const common = b.cpuSecondsPerApplicationAtCommonRate;
  if (!common) return '';
  const { bareTemporal, handwritten, pipeline } = common.cpuPerItem;
  const names = Object.keys({ ...pipeline, ...handwritten, ...bareTemporal }).sort();
  const total = (m: Record<string, number>) => Math.round(Object.values(m).reduce((a, v) => a + v, 0) * 1000) / 1000;
  return `
### CPU seconds per application at ${common.rate}/s, the highest rate all three sustained
Each series' step at that rate alone (its arrivals and its drain): the same rate and length in each, so each process's
fixed work weighs the same in all three. The Temporal server's ratio in the table above is taken from here.

| process | bare Temporal | hand-written | pipeline |
| --- | --- | --- | --- |
${names.map((name) => `| ${name} | ${fmt(bareTemporal[name])} | ${fmt(handwritten[name])} | ${fmt(pipeline[name])} |`).join('\n')}
| **all processes** | ${total(bareTemporal)} | ${total(handwritten)} | ${total(pipeline)} |
`;
}

function summary(b: BenchJson, title: string): string {
  const t = b.targets;
  const cpu = b.cpuSecondsPerApplication;
  const cpuRows = Object.keys({ ...cpu.pipeline, ...cpu.handwritten, ...cpu.bareTemporal })
    .sort()
    .map((name) => `| ${name} | ${fmt(cpu.bareTemporal[name])} | ${fmt(cpu.handwritten?.[name])} | ${fmt(cpu.pipeline[name])} |`);
  const cpuTotal = (side: 'bareTemporal' | 'handwritten' | 'pipeline') => {
    const values = Object.values(cpu[side] ?? {}).filter((v): v is number => typeof v === 'number');
    return values.length > 0 ? Math.round(values.reduce((a, v) => a + v, 0) * 1000) / 1000 : null;
  };
  const [bareCpu, handCpu, pipelineCpu] = [cpuTotal('bareTemporal'), cpuTotal('handwritten'), cpuTotal('pipeline')];
  const met = (key: string) => (t[key] ? (t[key].met ? 'yes' : '**no**') : '—');
  const target = (key: string) => t[key]?.target ?? '—';
  const allows = (cpu: number | null) => (cpu ? Math.round((b.machine.cores / cpu) * 10) / 10 : null);
  const rssRows = Object.entries(b.peakRssMb)
    .sort(([a], [c]) => a.localeCompare(c))
    .map(([name, mb]) => `| ${name} | ${mb} | ${fmt(b.rssAtHighestSustainedMb?.[name])} |`);
  return `## ${title}

Run \`${b.run.id}\` (${b.run.mode}, ${b.run.profile === 'cluster' ? `cluster profile, every app ${b.run.appReplicas ?? 2} times` : `scale ${b.run.scale}`}) at ${b.run.at}. Machine: ${b.machine.cores} cores (${b.machine.cpuModel}), ${b.machine.memoryGiB} GiB;
load average ${b.machine.loadAverageAtStart.join(' / ')} at the start and ${b.machine.loadAverageAtEnd.join(' / ')} at the end (1 / 5 / 15 min).
Versions: Node ${b.versions.node}, ${b.versions.temporal.replace(/\n/g, ' ')}, Temporal TS SDK ${b.versions.temporalSdk}, Kafka ${b.versions.kafka}, PostgreSQL ${b.versions.postgres}.

| ratio (same run) | value | target | met |
| --- | --- | --- | --- |
| pipeline / hand-written, sustainable throughput | ${fmt(b.pipeline_vs_handwritten_throughput)} | ${target('pipeline_vs_handwritten_throughput')} | ${met('pipeline_vs_handwritten_throughput')} |
| pipeline / bare Temporal, sustainable throughput | ${fmt(b.pipeline_vs_temporal_throughput)} | ${target('pipeline_vs_temporal_throughput')} | ${met('pipeline_vs_temporal_throughput')} |
| pipeline / hand-written, p50 latency at the lowest rate | ${fmt(b.pipeline_vs_handwritten_p50)} | ${target('pipeline_vs_handwritten_p50')} | ${met('pipeline_vs_handwritten_p50')} |
| pipeline / bare Temporal, p50 latency at the lowest rate | ${fmt(b.pipeline_vs_temporal_p50)} | ${target('pipeline_vs_temporal_p50')} | ${t.pipeline_vs_temporal_p50?.target.startsWith('reported') ? '—' : met('pipeline_vs_temporal_p50')} |
| Temporal server CPU per birth, pipeline / bare Temporal | ${fmt(b.temporal_cpu_vs_bare)} | ${target('temporal_cpu_vs_bare')} | ${met('temporal_cpu_vs_bare')} |
| portal-api intake / bare intake, sustainable throughput | ${fmt(b.intake_vs_bare_intake_throughput)} | ${t.intake_vs_bare_intake_throughput.target} | ${t.intake_vs_bare_intake_throughput.met ? 'yes' : '**no**'} |
| largest app process, RSS at the end of the highest sustained pipeline step (MB) | ${b.max_app_rss_mb} | ${t.max_app_rss_mb.target} | ${t.max_app_rss_mb.met ? 'yes' : '**no**'} |

Sustainable rates (per second): bare Temporal ${fmt(b.maxSustainedPerSecond.bareTemporal)}, hand-written ${fmt(b.maxSustainedPerSecond.handwritten)}, pipeline ${fmt(b.maxSustainedPerSecond.pipeline)},
bare intake ${fmt(b.maxSustainedPerSecond.bareIntake)}, portal-api intake ${fmt(b.maxSustainedPerSecond.portalIntake)}.${topReached(b)}
${b.max_app_peak_rss_mb !== undefined ? `The largest app process peaked at ${b.max_app_peak_rss_mb} MB over the whole pipeline phase, overload steps included (table below).` : ''}

### (a) Bare Temporal: the birth step graph with no-op activities, started by a client
${stepsTable(b.steps.bareTemporal)}

${b.steps.handwritten ? `### (a2) Hand-written: the same birth on Temporal with the same agency calls, started by a client
${stepsTable(b.steps.handwritten)}

` : ''}### (b) Pipeline: HTTP → outbox → Kafka → workflow → agency workers → sandbox → projection (latency to COMPLETED in the read model)
${stepsTable(b.steps.pipeline)}

${breakdownTable(b)}### (c) Intake: bare (HTTP, validation, one insert) and portal-api (HTTP, JWT, validation, idempotency, application + outbox rows)
Bare intake:

${stepsTable(b.steps.bareIntake)}

portal-api:

${stepsTable(b.steps.portalIntake)}
${intakeCpuTable(b)}
### CPU seconds per application, per process
| process | bare Temporal | hand-written | pipeline |
| --- | --- | --- | --- |
${cpuRows.join('\n')}
| **all processes** | ${fmt(bareCpu)} | ${fmt(handCpu)} | ${fmt(pipelineCpu)} |

CPU budget: at these totals ${b.machine.cores} cores carry ${fmt(allows(bareCpu))} bare, ${fmt(allows(handCpu))} hand-written and ${fmt(allows(pipelineCpu))} pipeline applications per second; pipeline against bare is
a ratio of ${fmt(bareCpu && pipelineCpu ? Math.round((bareCpu / pipelineCpu) * 100) / 100 : null)}, beside the measured throughput ratio ${fmt(b.pipeline_vs_temporal_throughput)}. The totals are averages over the
whole phase, low rates included, where each process's fixed work (polling, timers, heartbeats) is shared by few
applications, so the rates they give are lower bounds; the steps are coarse (8, 12, 16, 24, 32 … per second).
${commonRateTable(b)}
${
    b.cpuProfile
      ? `### CPU profile of the hottest app process (${b.cpuProfile.process}), top frames by self time (idle excluded)

The profile covers the main thread only: Temporal's workflow code runs in worker threads and its Rust core in native
threads, so a Temporal worker's main thread shows mostly the activities, Kafka and HTTP work it does. ${b.cpuProfileWindow ? `It covers the ${b.cpuProfileWindow.rate}/s pipeline step only (start-up left out).` : 'It covers the whole process life, start-up included (module loading: `wrapSafe`, `Module._load`, file reads).'}

| share | self ms | frame |
| --- | --- | --- |
${b.cpuProfile.topFrames.map((f) => `| ${f.share}% | ${f.selfMs} | \`${f.frame.replace(/\|/g, '/')}\` |`).join('\n')}
${
  b.cpuProfile.byPackage
    ? `
The same profile by where the code lives (an npm package, Simpul's own code as \`simpul:<folder>\`, Node's internals, V8's own entries):

| share | self ms | where |
| --- | --- | --- |
${b.cpuProfile.byPackage.map((f) => `| ${f.share}% | ${f.selfMs} | \`${f.where}\` |`).join('\n')}
`
    : ''
}
`
      : ''
  }${profilesSection(b)}### RSS per process during the pipeline phase (MB): the peak, and at the end of the highest sustained step
| process | peak | end of highest sustained step |
| --- | --- | --- |
${rssRows.join('\n')}
`;
}

interface ProfileJson {
  run: { id: string; rate: number; at: string; loadAverage: number[] };
  window?: { fromMs: number; toMs: number };
  cpuSecondsPerBirth: Record<'handwritten' | 'pipeline', Record<string, number | null>>;
  profiles: Record<string, { inclusive: Array<{ where: string; ms: number; share: number }>; topFrames: Array<{ frame: string; selfMs: number; share: number }> }>;
}

/** The profiles of `npm run bench -- --tune <rate> --cpu-prof` (docs/benchmarks-profile.json). */
function profileSection(p: ProfileJson): string {
  const one = (name: string, prof: ProfileJson['profiles'][string]) => `#### ${name} (${fmt(p.cpuSecondsPerBirth.pipeline[name])} CPU-s per birth in this run)

Where its main thread's time goes, with everything each place calls (shares overlap): ${prof.inclusive.map((x) => `\`${x.where}\` ${x.share}%`).join(', ')}.
Top frames by self time: ${prof.topFrames.map((f) => `\`${f.frame.replace(/\|/g, '/')}\` ${f.share}%`).join(', ')}.`;
  return `## Profiles of Simpul's busiest processes (\`npm run bench -- --tune ${p.run.rate} --cpu-prof\`)

Run \`${p.run.id}\` at ${p.run.at} (load average ${p.run.loadAverage.join(' / ')} at its end): the pipeline at ${p.run.rate}/s for 40 s, each app
under \`--cpu-prof\`, the samples of that step only. The main thread only: Temporal's workflow code runs in worker
threads and its Rust core in native threads (their cost is in the CPU tables, not here). Profiling slows the apps, so
this run's rates are not the benchmark's.

${Object.entries(p.profiles).map(([name, prof]) => one(name, prof)).join('\n\n')}
`;
}

export function writeReport(root: string): void {
  const docs = join(root, 'docs');
  const main = JSON.parse(readFileSync(join(docs, 'benchmarks.json'), 'utf8')) as BenchJson;
  const read = (file: string) => (existsSync(join(docs, file)) ? (JSON.parse(readFileSync(join(docs, file), 'utf8')) as BenchJson) : undefined);
  const scaled = read('benchmarks-scale2.json');
  const profiled = existsSync(join(docs, 'benchmarks-profile.json')) ? (JSON.parse(readFileSync(join(docs, 'benchmarks-profile.json'), 'utf8')) as ProfileJson) : undefined;
  const cluster = read('benchmarks-cluster.json');
  const text = `# Benchmarks

Generated by \`npm run bench\` from \`docs/benchmarks.json\`${scaled ? ', `docs/benchmarks-scale2.json`' : ''}${profiled ? ', `docs/benchmarks-profile.json` (`npm run bench -- --tune 4 --cpu-prof`)' : ''}${cluster ? ' and `docs/benchmarks-cluster.json` (`npm run bench -- --profile cluster`)' : ''}; do not edit the figures by hand.

## Method

\`npm run bench\` (or \`npm run bench -- --quick\`, a few minutes) installs what is missing, builds, and starts a fresh stack of
its own (profile \`test-bench\`: PostgreSQL 15, Kafka in KRaft mode, the Temporal CLI's dev server; its data is wiped
first), every app as its own process, plus two baselines as their own processes. In one run, on the same servers:

- **(a) bare Temporal**: \`scripts/bench/bare-workflow.ts\`, the birth step graph (civil-registry, then bpjs-health and
  social-aid in parallel) with no-op activities, started directly by a Temporal client; its worker is a separate
  process without payload codec. Latency: from the intended start to the client seeing the result.
- **(a2) hand-written**: \`scripts/bench/handwritten-workflow.ts\`, the same birth as someone would write it on Temporal
  without Simpul: the same step graph, the same agency calls to the sandbox in the agencies' own protocols (Disdukcapil's
  web service, BPJS Kesehatan's signed and encrypted bridging, Kemensos's proposal ticket polled with workflow timers on
  Simpul's schedule), each through a minimal client of its own (\`handwritten-worker.ts\`; Simpul's adapters are not
  reused: they run inside its agency-worker framework, tracing, metrics, evidence, gateway tokens), no status events,
  search attributes, SLA timers or codec. Started by a client, measured like (a); its CPU counts its worker, the
  sandbox, the Temporal server and PostgreSQL.
- **(b) pipeline**: \`POST /v1/applications\` (birth, an on-time non-eligible family, so no officer) through the outbox,
  Kafka, the orchestrator, the workflow, the five agency workers, the sandbox agencies answering at once (no 202 +
  callback delay, no injected latency; Kemensos decides its proposals in a batch every second, polled as in (a2)), and
  the status projector. Latency: from the intended send time to the
  read model's \`updated_at\` of the \`COMPLETED\` status (PostgreSQL runs on the same clock).
- **(c) intake**: \`scripts/bench/bare-intake.ts\` (NestJS, the same validation pipe, one INSERT) against portal-api's
  intake; the orchestrator is stopped for this phase, so neither shares the machine with workflows (the outbox relay
  still publishes to Kafka: it is part of intake).

Arrivals are **open loop**: each step sends at a fixed rate for ${main.run.stepSeconds} s (intake ${main.run.intakeStepSeconds} s)
whatever the answers, and latency counts from the intended send time, so queueing is charged to the system. A step is
**sustained** when everything sent completed without error and p95 stayed under ${main.run.workflowP95BoundMs} ms
(intake: ${main.run.intakeP95BoundMs} ms); rates step up until one is not. The **sustainable throughput** is the highest
sustained offered rate; ratios compare those of the same run. p50 is compared at the lowest rate, where nothing queues:
the latency the design adds, not the one load adds. CPU seconds come from \`/proc/<pid>/stat\` (PostgreSQL includes its
backends, those that exited during the phase too) over each phase, divided by the
applications completed in it; RSS is sampled every second.

\`npm run bench -- --profile cluster\` runs the same phases on the cluster profile's servers (three KRaft brokers,
Temporal Server as four processes on PostgreSQL, PostgreSQL with a streaming replica), which it starts itself, fresh
(\`scripts/stack.sh --profile cluster\`; it refuses while anything holds the development ports, \`npm run cluster\`
included), with every app twice on the development ports as \`npm run cluster\` runs them, and stops and wipes the
cluster at the end. Its CPU is metered per process: each broker, each Temporal service, the primary and the
replica (with their backends), each app's primary with its replicas.

The figures are as good as the machine is quiet: the load average at the start and end of each run is recorded with it.

${summary(main, 'Last run')}
${cluster ? clusterComparison(main, cluster) : ''}
${scaled ? summary(scaled, 'Scale-out run: two orchestrators and two workers of each birth agency (`npm run bench -- --scale 2`)') : ''}
${cluster ? summary(cluster, 'Cluster run (`npm run bench -- --profile cluster`)') : ''}
${profiled ? profileSection(profiled) : ''}
${ROUND_TRIPS}
${TUNING_LOG}
${reading(main as unknown as Parameters<typeof reading>[0])}${EARLIER_NOTES}`;
  writeFileSync(join(docs, 'benchmarks.md'), text);
}
