import { childrenByParent, componentOf, cpuSeconds, isServer } from '../../scripts/bench/procs';
import { clusterComparison, type RunFigures } from '../../scripts/bench/report-cluster';

function run(id: string, pipeline: Record<string, number>, bareTemporal: Record<string, number>): RunFigures {
  return {
    run: { id, mode: 'quick', at: '2026-12-06T00:00:00Z' },
    machine: { loadAverageAtStart: [1, 2, 3], loadAverageAtEnd: [4, 5, 6] },
    maxSustainedPerSecond: { bareTemporal: 16, handwritten: 4, pipeline: 2, bareIntake: 800, portalIntake: 200 },
    steps: { bareTemporal: [{ p50: 100, completed: 8 }], handwritten: [{ p50: 2000, completed: 8 }], pipeline: [{ p50: 2500, completed: 8 }, { p50: 2600, completed: 16 }] },
    cpuSecondsPerApplication: { bareTemporal, handwritten: {}, pipeline },
    pipeline_vs_temporal_throughput: 0.125,
  };
}

describe('the bench on the cluster profile', () => {
  it('groups the cluster processes into the components of the dev stack', () => {
    expect(['kafka', 'kafka-1', 'kafka-3'].map(componentOf)).toEqual(['kafka', 'kafka', 'kafka']);
    expect(['temporal', 'temporal-history', 'temporal-worker'].map(componentOf)).toEqual(['temporal', 'temporal', 'temporal']);
    expect(['postgres', 'postgres-replica'].map(componentOf)).toEqual(['postgres', 'postgres']);
    // An app (and an agency worker's queue name) is its own component, never a server.
    expect(componentOf('agency-worker:social-aid')).toBe('agency-worker:social-aid');
    expect(isServer('orchestrator')).toBe(false);
    expect(isServer('temporal-matching')).toBe(true);
  });

  it('sums a component over its processes in the side-by-side table', () => {
    const dev = run('dev1', { kafka: 0.04, temporal: 0.09, postgres: 0.03, orchestrator: 0.08 }, { temporal: 0.04, postgres: 0.002 });
    const cluster = run(
      'clu1',
      { 'kafka-1': 0.07, 'kafka-2': 0.06, 'kafka-3': 0.04, 'temporal-history': 0.09, 'temporal-frontend': 0.03, postgres: 0.1, 'postgres-replica': 0.01, orchestrator: 0.13 },
      { 'temporal-history': 0.03, 'temporal-frontend': 0.02, postgres: 0.03 },
    );
    const text = clusterComparison(dev, cluster);
    expect(text).toContain('run `dev1`');
    expect(text).toContain('run `clu1`');
    const row = (label: string) => text.split('\n').find((l) => l.startsWith(`| ${label}`)) ?? '';
    // component | bare dev | bare cluster | hand-written dev | hand-written cluster | pipeline dev | pipeline cluster
    expect(row('Kafka (dev').split(' | ').slice(1)).toEqual(['—', '—', '—', '—', '0.04', '0.17 |']);
    expect(row('Temporal (dev').split(' | ').slice(1)).toEqual(['0.04', '0.05', '—', '—', '0.09', '0.12 |']);
    expect(row('PostgreSQL (dev').split(' | ').slice(1)).toEqual(['0.002', '0.03', '—', '—', '0.03', '0.11 |']);
    expect(row('**all processes**').split(' | ').slice(1)).toEqual(['0.042', '0.08', '—', '—', '0.24', '0.53 |']);
    // The cluster's processes one by one, and each phase's application count beside the per-application figures.
    expect(row('kafka-2')).toBe('| kafka-2 | — | — | 0.06 |');
    expect(row('postgres-replica')).toBe('| postgres-replica | — | — | 0.01 |');
    expect(row('applications completed')).toContain('| 8 / 8 / 24 | 8 / 8 / 24 |');
  });

  it('counts the CPU of a process tree: this process and its children', () => {
    const own = cpuSeconds(process.pid);
    expect(own).toBeGreaterThan(0);
    expect(cpuSeconds(process.pid, true, childrenByParent())).toBeGreaterThanOrEqual(own);
  });
});
