/**
 * kill -9 on the cluster profile (scripts/stack.sh --profile cluster, scripts/cluster.sh): one Kafka broker, one
 * Temporal service process, one replica of an app, the read model's streaming replica. Found through the pid files
 * under .infra/cluster/run; a pid is signalled only when its command line names this clone's cluster directory (or,
 * for an app replica, is a child of the app's replica primary), so nothing else on the machine is touched.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEV_PORTS, appSpecs } from '../../scripts/apps';

const root = realpathSync(join(__dirname, '..', '..'));
export const INFRA = join(root, '.infra', 'cluster');
const run = (f: string) => join(INFRA, 'run', f);

const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
};
const ppid = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
};
const readPids = (file: string): number[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map(Number)
        .filter((n) => n > 0)
    : [];

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((p) => {
      try {
        return ppid(p) === pid;
      } catch {
        return false;
      }
    });
}

function sigkill(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** A server of the cluster: kafka-1..3, temporal-<service>, postgres-replica. Returns the pid killed. */
export function killServer(name: string): number {
  const [pid] = readPids(run(`${name}.pid`));
  if (!pid) throw new Error(`${name}: no pid file under ${INFRA}/run`);
  const own = name === 'postgres-replica' ? realpathSync(join(INFRA, 'pg')).replace(/\/pg$/, '/pg-replica') : INFRA;
  if (!cmdline(pid).includes(own)) throw new Error(`${name}: pid ${pid} is not this cluster's (${cmdline(pid).slice(0, 120)})`);
  // PostgreSQL: the postmaster and every backend, as when its machine dies.
  sigkill(name === 'postgres-replica' ? [pid, ...childrenOf(pid)] : [pid]);
  return pid;
}

/** One replica of an app (its replica primary forks a new one, as Kubernetes restarts a pod). */
export function killReplica(app: string): number {
  const pids = readPids(run(`${app.replace(':', '-')}.pids`));
  const victim = pids.find((pid) => cmdline(pid).includes('main.js') || cmdline(pid).includes('app-replicas'));
  if (!victim) throw new Error(`${app}: no live replica in ${run(`${app.replace(':', '-')}.pids`)}`);
  sigkill([victim]);
  return victim;
}

/** `stack.sh up --profile cluster`: starts whatever server is not running (the supervisor's part here). */
export async function restartServers(): Promise<void> {
  await promisify(execFile)('bash', [join(root, 'scripts', 'stack.sh'), 'up', '--profile', 'cluster'], { cwd: root, timeout: 600_000 });
}

/** The apps that run twice (all but the agencies' stand-in), by name. */
export const REPLICATED_APPS: readonly string[] = appSpecs(root, DEV_PORTS)
  .map((s) => s.name)
  .filter((n) => n !== 'agency-sandbox');

/**
 * Every app's port answers /health/ready and every replicated app has two live replicas again, none of them `victim`
 * (a replica just killed: its primary takes a moment to notice, so until then the pid file still counts it).
 */
export async function allReady(timeoutMs = 300_000, victim?: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const specs = appSpecs(root, DEV_PORTS);
  for (;;) {
    const states = await Promise.all(
      specs.map(async (s) => {
        try {
          const res = await fetch(`http://127.0.0.1:${s.port}/health/ready`, { signal: AbortSignal.timeout(3000) });
          if (s.name === 'agency-sandbox') return res.ok;
          const replicas = readPids(run(`${s.name.replace(':', '-')}.pids`));
          return res.ok && replicas.length >= 2 && !replicas.includes(victim ?? -1);
        } catch {
          return false;
        }
      }),
    );
    if (states.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`apps not ready: ${specs.filter((_, i) => !states[i]).map((s) => s.name).join(', ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
