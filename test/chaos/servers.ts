/**
 * kill -9 and restart of the test stack's servers (PostgreSQL, Kafka, Temporal), found through the pid files
 * scripts/stack.sh keeps under $SIMPUL_INFRA_DIR. A pid is signalled only when its command line names this
 * profile's directory, so another profile's servers (dev, test, someone else's test-<name>) are never touched.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

export type ServerName = 'postgres' | 'kafka' | 'temporal';
export const SERVERS: readonly ServerName[] = ['kafka', 'temporal', 'postgres'];

const root = join(__dirname, '..', '..');

function infraDir(): string {
  const dir = process.env.SIMPUL_INFRA_DIR;
  if (!dir) throw new Error('SIMPUL_INFRA_DIR is not set: run through npm test or test/chaos/run.sh');
  return realpathSync(dir);
}

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]?.trim());
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The running server's pid, if it belongs to this profile. */
export function serverPid(name: ServerName): number | undefined {
  const infra = infraDir();
  const file = name === 'postgres' ? join(infra, 'pg', 'data', 'postmaster.pid') : join(infra, 'run', `${name}.pid`);
  const pid = readPid(file);
  if (!pid || !alive(pid)) return undefined;
  // PostgreSQL's pg/ may be a link out of a private clone (scripts/lib/pg-place.sh): its command line names the target.
  const own = name === 'postgres' ? realpathSync(join(infra, 'pg')) : infra;
  return cmdline(pid).includes(own) ? pid : undefined;
}

/**
 * SIGKILL, as a crash or the OOM killer would. For PostgreSQL every process of the cluster goes (postmaster and
 * backends), as when its machine dies; killing only the postmaster would leave backends serving old connections.
 */
export async function killServer(name: ServerName): Promise<number> {
  const pid = serverPid(name);
  if (!pid) throw new Error(`${name} of ${infraDir()} is not running`);
  const victims = name === 'postgres' ? [pid, ...childrenOf(pid)] : [pid];
  for (const victim of victims) {
    try {
      process.kill(victim, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 15_000;
  while (victims.some(alive)) {
    if (Date.now() > deadline) throw new Error(`${name} (pid ${pid}) survived SIGKILL`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return pid;
}

/** `scripts/stack.sh up` for this profile: starts whatever is down and waits until it is ready. */
export function restartServers(timeoutMs = 240_000): Promise<string> {
  const profile = process.env.SIMPUL_PROFILE ?? 'test';
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(root, 'scripts', 'stack.sh'), 'up', '--profile', profile], { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`stack.sh up exited ${code}:\n${output.slice(-2000)}`));
    });
  });
}
