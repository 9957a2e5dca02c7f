/**
 * The processes the bench measures, and how: the servers of the stack it runs on (the dev-shaped test-bench profile,
 * or the cluster profile of issue 24), each process's CPU seconds and resident memory from /proc.
 *
 * On the cluster a component is several processes: three Kafka brokers (kafka-1..3), Temporal's four services
 * (temporal-frontend, -history, -matching, -worker), the PostgreSQL primary and its streaming replica, and each app as
 * a primary of Node's cluster module with its two replicas (scripts/app-replicas.ts). Each process is metered on its
 * own; `component` names the group its figures add up to, so the dev run and the cluster run compare row by row.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Proc {
  name: string;
  pid: number;
  kind: 'app' | 'server' | 'baseline';
  /** Count the process's children too (PostgreSQL's backends, an app's replicas under its cluster primary). */
  tree?: boolean;
  child?: ChildProcess;
}

/** kafka-2 → kafka, temporal-history → temporal, postgres-replica → postgres; anything else is its own component. */
export function componentOf(name: string): string {
  if (/^kafka(-\d+)?$/.test(name)) return 'kafka';
  if (/^temporal(-[a-z]+)?$/.test(name)) return 'temporal';
  if (/^postgres(-replica)?$/.test(name)) return 'postgres';
  return name;
}

export const isServer = (name: string) => ['kafka', 'temporal', 'postgres'].includes(componentOf(name));

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": the comm may hold spaces and parentheses, so split after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Parent pid → child pids, over every process of the machine (one pass of /proc). */
export function childrenByParent(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = Number(statFields(Number(entry))?.[1] ?? 0);
    if (parent > 0) map.set(parent, [...(map.get(parent) ?? []), Number(entry)]);
  }
  return map;
}

/**
 * utime + stime of a process in seconds; with `tree`, also its live children's and the time of children that have
 * exited (cutime, cstime), so PostgreSQL's backends and an app's replicas count, those that came and went too.
 */
export function cpuSeconds(pid: number, tree = false, children?: Map<number, number[]>): number {
  const own = (p: number, withExited: boolean): number => {
    const f = statFields(p);
    if (!f) return 0;
    return (Number(f[11]) + Number(f[12]) + (withExited ? Number(f[13]) + Number(f[14]) : 0)) / CLOCK_TICKS;
  };
  if (!tree) return own(pid, false);
  const kids = (children ?? childrenByParent()).get(pid) ?? [];
  return own(pid, true) + kids.reduce((sum, k) => sum + own(k, false), 0);
}

export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The resident memory that compares with a single app process: an app run as replicas reports its largest replica
 * (the primary that forks them only balances connections). Null for PostgreSQL, whose memory is in its backends.
 */
export function procRssMb(p: Proc, children: Map<number, number[]>): number | null {
  if (componentOf(p.name) === 'postgres') return null;
  if (p.kind === 'app' && p.tree) return Math.max(0, ...(children.get(p.pid) ?? []).map(rssMb));
  return rssMb(p.pid);
}

const readPid = (file: string) => (existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0].trim()) : 0);

/** The servers of a dev-shaped stack (test-bench): one PostgreSQL, one Kafka, the Temporal CLI's dev server. */
export function devServerPids(infra: string): Proc[] {
  return [
    { name: 'postgres', pid: readPid(join(infra, 'pg', 'data', 'postmaster.pid')), kind: 'server' as const, tree: true },
    { name: 'kafka', pid: readPid(join(infra, 'run', 'kafka.pid')), kind: 'server' as const },
    { name: 'temporal', pid: readPid(join(infra, 'run', 'temporal.pid')), kind: 'server' as const },
  ].filter((p) => p.pid > 0);
}

/** The cluster profile's servers (scripts/stack.sh --profile cluster writes their pid files); every one must run. */
export function clusterServerPids(infra: string): Proc[] {
  const run = (f: string) => join(infra, 'run', f);
  const procs: Proc[] = [
    { name: 'postgres', pid: readPid(run('postgres.pid')) || readPid(join(infra, 'pg', 'data', 'postmaster.pid')), kind: 'server', tree: true },
    { name: 'postgres-replica', pid: readPid(run('postgres-replica.pid')), kind: 'server', tree: true },
    ...[1, 2, 3].map((n) => ({ name: `kafka-${n}`, pid: readPid(run(`kafka-${n}.pid`)), kind: 'server' as const })),
    ...['frontend', 'history', 'matching', 'worker'].map((s) => ({ name: `temporal-${s}`, pid: readPid(run(`temporal-${s}.pid`)), kind: 'server' as const })),
  ];
  const missing = procs.filter((p) => !(p.pid > 0) || !existsSync(`/proc/${p.pid}`)).map((p) => p.name);
  if (missing.length > 0) throw new Error(`cluster servers not running (no live pid): ${missing.join(', ')}; scripts/bench.sh --profile cluster starts them`);
  return procs;
}

/** The Temporal Server the cluster profile built (its folder under .infra/tools names the version). */
export function clusterTemporalVersion(root: string): string {
  const tools = join(root, '.infra', 'tools');
  const built = existsSync(tools) ? readdirSync(tools).filter((d) => /^temporal-server-\d/.test(d)) : [];
  return built.length > 0 ? `Temporal Server ${built.sort().pop()?.replace('temporal-server-', '')} (frontend, history, matching, worker as four processes; PostgreSQL)` : 'unknown';
}
