/**
 * docs/benchmarks.md, generated from docs/benchmarks.json (and docs/benchmarks-scale2.json when present) by
 * `npm run bench`; the prose around the figures is here, the figures come only from the JSON of the last run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StepResult } from './stats';

interface BenchJson {
  pipeline_vs_temporal_throughput: number | null;
  pipeline_vs_temporal_p50: number | null;
  intake_vs_bare_intake_throughput: number | null;
  max_app_rss_mb: number;
  targets: Record<string, { target: string; met: boolean }>;
  run: { id: string; mode: string; scale: number; at: string; stepSeconds: number; intakeStepSeconds: number; workflowP95BoundMs: number; intakeP95BoundMs: number };
  machine: { cpuModel: string; cores: number; memoryGiB: number; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  versions: Record<string, string>;
  maxSustainedPerSecond: Record<string, number | null>;
  steps: Record<string, StepResult[]>;
  cpuSecondsPerApplication: Record<string, Record<string, number | null>>;
  peakRssMb: Record<string, number>;
  rssAtHighestSustainedMb?: Record<string, number> | null;
  latencyBreakdownMs?: Record<'bareTemporal' | 'pipeline', Record<string, number | null>>;
  cpuProfile?: { process: string; topFrames: Array<{ frame: string; selfMs: number; share: number }> };
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
    ['workflow', 'workflow started → closed (steps, agency calls, status events)'],
    ['afterWorkflow', 'workflow closed → client saw the result (bare) / read model showed COMPLETED (pipeline; the last status event is projected while the workflow closes, so it can be negative)'],
    ['total', 'intended send → done'],
  ];
  return `Where the time goes at the lowest rate (medians, ms; from Temporal's start and close times of each workflow):

| part | bare Temporal | pipeline | what |
| --- | --- | --- | --- |
${rows.map(([k, what]) => `| ${k} | ${fmt(d.bareTemporal[k])} | ${fmt(d.pipeline[k])} | ${what} |`).join('\n')}

`;
}

function summary(b: BenchJson, title: string): string {
  const t = b.targets;
  const cpuRows = Object.keys({ ...b.cpuSecondsPerApplication.pipeline, ...b.cpuSecondsPerApplication.bareTemporal })
    .sort()
    .map((name) => `| ${name} | ${fmt(b.cpuSecondsPerApplication.bareTemporal[name])} | ${fmt(b.cpuSecondsPerApplication.pipeline[name])} |`);
  const rssRows = Object.entries(b.peakRssMb)
    .sort(([a], [c]) => a.localeCompare(c))
    .map(([name, mb]) => `| ${name} | ${mb} | ${fmt(b.rssAtHighestSustainedMb?.[name])} |`);
  return `## ${title}

Run \`${b.run.id}\` (${b.run.mode}, scale ${b.run.scale}) at ${b.run.at}. Machine: ${b.machine.cores} cores (${b.machine.cpuModel}), ${b.machine.memoryGiB} GiB;
load average ${b.machine.loadAverageAtStart.join(' / ')} at the start and ${b.machine.loadAverageAtEnd.join(' / ')} at the end (1 / 5 / 15 min).
Versions: Node ${b.versions.node}, ${b.versions.temporal.replace(/\n/g, ' ')}, Temporal TS SDK ${b.versions.temporalSdk}, Kafka ${b.versions.kafka}, PostgreSQL ${b.versions.postgres}.

| ratio (same run) | value | target | met |
| --- | --- | --- | --- |
| pipeline / bare Temporal, sustainable throughput | ${fmt(b.pipeline_vs_temporal_throughput)} | ${t.pipeline_vs_temporal_throughput.target} | ${t.pipeline_vs_temporal_throughput.met ? 'yes' : '**no**'} |
| pipeline / bare Temporal, p50 latency at the lowest rate | ${fmt(b.pipeline_vs_temporal_p50)} | ${t.pipeline_vs_temporal_p50.target} | ${t.pipeline_vs_temporal_p50.met ? 'yes' : '**no**'} |
| portal-api intake / bare intake, sustainable throughput | ${fmt(b.intake_vs_bare_intake_throughput)} | ${t.intake_vs_bare_intake_throughput.target} | ${t.intake_vs_bare_intake_throughput.met ? 'yes' : '**no**'} |
| largest app process, peak RSS (MB) | ${b.max_app_rss_mb} | ${t.max_app_rss_mb.target} | ${t.max_app_rss_mb.met ? 'yes' : '**no**'} |

Sustainable rates (per second): bare Temporal ${fmt(b.maxSustainedPerSecond.bareTemporal)}, pipeline ${fmt(b.maxSustainedPerSecond.pipeline)},
bare intake ${fmt(b.maxSustainedPerSecond.bareIntake)}, portal-api intake ${fmt(b.maxSustainedPerSecond.portalIntake)}.

### (a) Bare Temporal: the birth step graph with no-op activities, started by a client
${stepsTable(b.steps.bareTemporal)}

### (b) Pipeline: HTTP → outbox → Kafka → workflow → agency workers → sandbox → projection (latency to COMPLETED in the read model)
${stepsTable(b.steps.pipeline)}

${breakdownTable(b)}### (c) Intake: bare (HTTP, validation, one insert) and portal-api (HTTP, JWT, validation, idempotency, application + outbox rows)
Bare intake:

${stepsTable(b.steps.bareIntake)}

portal-api:

${stepsTable(b.steps.portalIntake)}

### CPU seconds per application, per process
| process | bare Temporal | pipeline |
| --- | --- | --- |
${cpuRows.join('\n')}

${
    b.cpuProfile
      ? `### CPU profile of the hottest app process (${b.cpuProfile.process}), top frames by self time (idle excluded)

The profile covers the main thread only: Temporal's workflow code runs in worker threads and its Rust core in native
threads, so a Temporal worker's main thread shows mostly the activities, Kafka and HTTP work it does. It covers the
whole process life, start-up included (module loading: \`wrapSafe\`, \`Module._load\`, file reads); in a quick run that is a large
share of the main thread's work, which is itself small beside the worker threads and the servers.

| share | self ms | frame |
| --- | --- | --- |
${b.cpuProfile.topFrames.map((f) => `| ${f.share}% | ${f.selfMs} | \`${f.frame.replace(/\|/g, '/')}\` |`).join('\n')}

`
      : ''
  }### RSS per process during the pipeline phase (MB): the peak, and at the end of the highest sustained step
| process | peak | end of highest sustained step |
| --- | --- | --- |
${rssRows.join('\n')}
`;
}

export function writeReport(root: string): void {
  const docs = join(root, 'docs');
  const main = JSON.parse(readFileSync(join(docs, 'benchmarks.json'), 'utf8')) as BenchJson;
  const scaled = existsSync(join(docs, 'benchmarks-scale2.json')) ? (JSON.parse(readFileSync(join(docs, 'benchmarks-scale2.json'), 'utf8')) as BenchJson) : undefined;
  const text = `# Benchmarks

Generated by \`npm run bench\` from \`docs/benchmarks.json\`${scaled ? ' and `docs/benchmarks-scale2.json`' : ''}; do not edit the figures by hand.

## Method

\`npm run bench\` (or \`npm run bench -- --quick\`, a few minutes) installs what is missing, builds, and starts a fresh stack of
its own (profile \`test-bench\`: PostgreSQL 15, Kafka in KRaft mode, the Temporal CLI's dev server; its data is wiped
first), every app as its own process, plus two baselines as their own processes. In one run, on the same servers:

- **(a) bare Temporal**: \`scripts/bench/bare-workflow.ts\`, the birth step graph (civil-registry, then bpjs-health and
  social-aid in parallel) with no-op activities, started directly by a Temporal client; its worker is a separate
  process without payload codec. Latency: from the intended start to the client seeing the result.
- **(b) pipeline**: \`POST /v1/applications\` (birth, an on-time non-eligible family, so no officer) through the outbox,
  Kafka, the orchestrator, the workflow, the five agency workers, the sandbox agencies answering at once (no 202 +
  callback delay, no injected latency), and the status projector. Latency: from the intended send time to the
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
backends alive at both ends of the phase; short-lived backends are missed) over each phase, divided by the
applications completed in it; RSS is sampled every second.

The figures are as good as the machine is quiet: the load average at the start and end of each run is recorded with it.

${summary(main, 'Last run')}
${scaled ? summary(scaled, 'Scale-out run: two orchestrators and two workers of each birth agency (`npm run bench -- --scale 2`)') : ''}
## Tuning log (before and after, each measured by \`npm run bench -- --quick\` on this machine)

| change | before | after |
| --- | --- | --- |
| status events through **local activities** (patch \`local-status-events\`): each of a birth's eleven status events was an activity task (scheduled, polled, started, completed through the Temporal server); now a marker in the workflow task | run \`8af173d2\` (load average 14): Temporal server 0.41 CPU-s per application, orchestrator 0.19; pipeline p50 8.4 s at 2/s, not sustained; a birth's history 104 events, 13 workflow tasks (fixture birth-v3-auto) | run \`17f12daf\` (load average 5–7): Temporal server 0.14 CPU-s, orchestrator 0.14; pipeline sustained 4/s, p50 0.38 s at 1/s; 55 events, 4 workflow tasks (fixture birth-v3-auto-local-status) |
| outbox index \`(message_key, id)\` for the relay's per-key order check | a backlog made each relay batch scan the outbox per row (quadratic; seen in the chaos run's 150 s Kafka outage) | index lookup per row |
| prebuilt workflow bundle (\`dist/workflows/workflow-bundle.js\`, built by \`npm run build\`) | — | workers start without webpack (already in place before the benchmark) |

Not changed, with reasons: worker slots and cache (the CPU table shows the machine CPU-bound, not slot-bound: more
slots only queue more work on the same two cores), Kafka producer batching (\`acks=all\` with the idempotent
producer is kept; at these rates a batch holds one or two messages, and kafka is 0.09 CPU-s per application),
SQLite pragmas of the dev server (the dev server is a development stand-in; production runs Temporal on PostgreSQL).

## Reading the figures

- Every application costs Simpul more than a bare workflow by design: the status events published from the
  workflow (eleven for a birth: each an activity, a Kafka message and a projector transaction), the HTTP intake with its idempotency row
  and outbox row, the Kafka hop to the orchestrator, real HTTP calls from the agency workers to the sandbox (which keeps
  its own records and idempotency keys), payload encryption, and the read model. The bare workflow runs three
  activities and nothing else.
- The targets are not met on this machine, and the CPU table says why: the pipeline spends about five times the CPU
  of the bare workflow per application (all processes together), and on two cores CPU is the limit for both, so the
  sustainable rate follows that ratio rather than Temporal's own limit. The largest shares are the orchestrator
  (workflow, local status publishes, the payload codec, its Kafka consumer), the Temporal server, Kafka and the
  status projector. Intake is bounded the same way: portal-api verifies a JWT, validates with the life event's JSON
  Schema and class-validator, looks up the idempotency key and writes two rows in a transaction, where the bare
  intake writes one.
- On this 2-core machine every process competes for the same two cores: the servers (Temporal's dev server on SQLite,
  Kafka, PostgreSQL) and ten app processes. The CPU table shows where the time goes.
- Scale-out on one 2-core machine cannot add CPU; replicas only help where a single process waits (a worker's slots,
  a consumer's partition). With more machines, the Temporal dev server (SQLite, one process) becomes the limit first:
  a Temporal server on PostgreSQL with more history shards spreads workflow updates over shards (no single SQLite
  writer), and frontend, history and matching scale out separately.
`;
  writeFileSync(join(docs, 'benchmarks.md'), text);
}
