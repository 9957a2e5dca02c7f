/**
 * The side-by-side section of docs/benchmarks.md: the dev-shaped run (docs/benchmarks.json: one Kafka broker, the
 * Temporal CLI's dev server on SQLite, one process per app) against the cluster run (docs/benchmarks-cluster.json,
 * `npm run bench -- --profile cluster`). Figures come only from the two JSON files, so the table stays true when
 * either is re-run; each run's load average is shown beside it, since the machine is shared.
 */
import { componentOf, isServer } from './procs';

export interface RunFigures {
  run: { id: string; mode: string; at: string; profile?: string };
  machine: { loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  maxSustainedPerSecond: Record<string, number | null>;
  steps: Record<string, Array<{ p50?: number | null; completed?: number }>>;
  cpuSecondsPerApplication: Record<string, Record<string, number | null>>;
  pipeline_vs_handwritten_throughput?: number | null;
  pipeline_vs_temporal_throughput: number | null;
  temporal_cpu_vs_bare?: number | null;
}

const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '—' : String(n));
const r3 = (n: number) => Math.round(n * 1000) / 1000;

/** A component's CPU-s per application in one phase: the sum of its processes (null when none ran in it). */
function componentCpu(side: Record<string, number | null> | undefined, component: string): number | null {
  const values = Object.entries(side ?? {}).filter(([name, v]) => componentOf(name) === component && typeof v === 'number');
  return values.length > 0 ? r3(values.reduce((a, [, v]) => a + (v as number), 0)) : null;
}

function total(side: Record<string, number | null> | undefined): number | null {
  const values = Object.values(side ?? {}).filter((v): v is number => typeof v === 'number');
  return values.length > 0 ? r3(values.reduce((a, v) => a + v, 0)) : null;
}

/** Servers first (as sized in docs/capacity.md), then the apps and baselines by name. */
function componentOrder(names: string[]): string[] {
  const servers = ['temporal', 'postgres', 'kafka'];
  const rest = [...new Set(names.map(componentOf))].filter((c) => !servers.includes(c)).sort();
  return [...servers.filter((c) => names.some((n) => componentOf(n) === c)), ...rest];
}

const LABELS: Record<string, string> = {
  temporal: 'Temporal (dev: CLI dev server, SQLite; cluster: four services on PostgreSQL)',
  postgres: 'PostgreSQL (dev: one; cluster: primary + streaming replica)',
  kafka: 'Kafka (dev: one broker; cluster: three, RF 3)',
};

export function clusterComparison(dev: RunFigures, cluster: RunFigures): string {
  const phases = ['bareTemporal', 'handwritten', 'pipeline'] as const;
  const names = phases.flatMap((p) => [...Object.keys(dev.cpuSecondsPerApplication[p] ?? {}), ...Object.keys(cluster.cpuSecondsPerApplication[p] ?? {})]);
  const row = (label: string, of: (run: RunFigures, phase: (typeof phases)[number]) => number | null) =>
    `| ${label} | ${phases.map((p) => `${fmt(of(dev, p))} | ${fmt(of(cluster, p))}`).join(' | ')} |`;
  const componentRows = componentOrder(names).map((c) => row(LABELS[c] ?? c, (run, p) => componentCpu(run.cpuSecondsPerApplication[p], c)));
  // The cluster's processes of each server component, one row each, so the first bottleneck can be read off.
  const members = [...new Set(phases.flatMap((p) => Object.keys(cluster.cpuSecondsPerApplication[p] ?? {})))].filter(isServer).sort();
  const memberRows = members.map((n) => `| ${n} | ${phases.map((p) => fmt(cluster.cpuSecondsPerApplication[p]?.[n])).join(' | ')} |`);
  const sustained = (run: RunFigures, key: string) => run.maxSustainedPerSecond[key];
  const p50 = (run: RunFigures, key: string) => run.steps[key]?.[0]?.p50 ?? null;
  const done = (run: RunFigures, key: string) => (run.steps[key] ?? []).reduce((n, s) => n + (s.completed ?? 0), 0);
  const load = (run: RunFigures) => `${run.machine.loadAverageAtStart.join(' / ')} → ${run.machine.loadAverageAtEnd.join(' / ')}`;
  return `## Dev server versus cluster

The same phases on two stacks, run one after the other on the same machine: the dev-shaped stack (\`npm run bench\`,
run \`${dev.run.id}\`, ${dev.run.mode}, ${dev.run.at}; load average ${load(dev)}) and the cluster profile
(\`npm run bench -- --profile cluster\`, run \`${cluster.run.id}\`, ${cluster.run.mode}, ${cluster.run.at}; load average ${load(cluster)}):
three Kafka brokers in KRaft mode (replication factor 3, \`min.insync.replicas=2\`), Temporal Server with frontend,
history, matching and worker as four processes on PostgreSQL (8 history shards), PostgreSQL with a streaming replica,
and every app twice behind its port (Node's cluster module; the agencies' stand-in once). The machine is shared, so
compare ratios within a run before figures across runs.

| | dev | cluster |
| --- | --- | --- |
| sustainable rate, bare Temporal (/s) | ${fmt(sustained(dev, 'bareTemporal'))} | ${fmt(sustained(cluster, 'bareTemporal'))} |
| sustainable rate, hand-written (/s) | ${fmt(sustained(dev, 'handwritten'))} | ${fmt(sustained(cluster, 'handwritten'))} |
| sustainable rate, pipeline (/s) | ${fmt(sustained(dev, 'pipeline'))} | ${fmt(sustained(cluster, 'pipeline'))} |
| sustainable rate, bare intake / portal-api intake (/s) | ${fmt(sustained(dev, 'bareIntake'))} / ${fmt(sustained(dev, 'portalIntake'))} | ${fmt(sustained(cluster, 'bareIntake'))} / ${fmt(sustained(cluster, 'portalIntake'))} |
| p50 at the lowest rate, bare Temporal / pipeline (ms) | ${fmt(p50(dev, 'bareTemporal'))} / ${fmt(p50(dev, 'pipeline'))} | ${fmt(p50(cluster, 'bareTemporal'))} / ${fmt(p50(cluster, 'pipeline'))} |
| applications completed in the phase, bare Temporal / hand-written / pipeline | ${done(dev, 'bareTemporal')} / ${done(dev, 'handwritten')} / ${done(dev, 'pipeline')} | ${done(cluster, 'bareTemporal')} / ${done(cluster, 'handwritten')} / ${done(cluster, 'pipeline')} |
| pipeline / hand-written, sustainable throughput | ${fmt(dev.pipeline_vs_handwritten_throughput)} | ${fmt(cluster.pipeline_vs_handwritten_throughput)} |
| pipeline / bare Temporal, sustainable throughput | ${fmt(dev.pipeline_vs_temporal_throughput)} | ${fmt(cluster.pipeline_vs_temporal_throughput)} |
| Temporal server CPU per birth, pipeline / bare Temporal | ${fmt(dev.temporal_cpu_vs_bare)} | ${fmt(cluster.temporal_cpu_vs_bare)} |

CPU seconds per application by component (each phase's CPU over the applications it completed; on the cluster a
component is the sum of its processes, an app the sum of its primary and both replicas). Each process's fixed work
(polling, heartbeats, timers, Kafka's replica fetches) is shared by the applications of the phase, so a phase that
stopped at a lower rate, with fewer applications, shows more per application: read a row against the counts above.

| component | bare Temporal, dev | bare Temporal, cluster | hand-written, dev | hand-written, cluster | pipeline, dev | pipeline, cluster |
| --- | --- | --- | --- | --- | --- | --- |
${componentRows.join('\n')}
| **all processes** | ${phases.map((p) => `${fmt(total(dev.cpuSecondsPerApplication[p]))} | ${fmt(total(cluster.cpuSecondsPerApplication[p]))}`).join(' | ')} |

The cluster's servers process by process (CPU seconds per application):

| process | bare Temporal | hand-written | pipeline |
| --- | --- | --- | --- |
${memberRows.join('\n')}

The cluster's full figures (steps, latency breakdown, intake, RSS) are in the section "Cluster run" below.
`;
}
