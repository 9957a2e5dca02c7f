import { createWriteStream, mkdirSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { TEST_PORTS, appSpecs, spawnApp, stopChild, waitReady, type AppSpec } from '../../scripts/apps';

const root = join(__dirname, '..', '..');
/** How long the apps under test trust a fetched JWKS. */
export const TEST_JWKS_CACHE_SECONDS = 4;

export interface SystemOptions {
  /**
   * Restart an app that exits on its own (a crash, a consumer or worker that gave up), as a supervisor (systemd,
   * Kubernetes) would: after a short, growing delay, at most `maxRestarts` times per app.
   */
  supervise?: boolean;
  maxRestarts?: number;
}

interface Running {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Set when the harness itself stops the process, so the supervisor leaves it alone. */
  intended: boolean;
  /** Set by kill(): the supervisor restarts it at once, and does not count it as a crash. */
  killed: boolean;
}

/** The running system for end-to-end tests: every app as its own process, on the test ports. */
export class RunningSystem {
  private readonly running = new Map<string, Running>();
  private readonly logs = new Map<string, WriteStream>();
  private readonly restarting = new Set<string>();
  private stopping = false;
  readonly specs: AppSpec[] = appSpecs(root, TEST_PORTS);
  /** Restarts the supervisor made, per app (exits the harness did not cause). */
  readonly supervisorRestarts = new Map<string, number>();

  constructor(private readonly options: SystemOptions = {}) {}

  async start(): Promise<void> {
    await Promise.all(this.specs.map((spec) => this.startApp(spec.name)));
  }

  /**
   * Starts an app and waits until it is ready. A process that exits before that is started again (five tries, 1-4 s
   * apart): the test ports lie in Linux's ephemeral range, so an outgoing connection can briefly hold one (EADDRINUSE).
   */
  async startApp(name: string): Promise<void> {
    if (this.options.supervise) {
      // The supervisor restarts it if it exits; only wait.
      this.spawn(name);
      return waitReady(this.spec(name).port, 120_000);
    }
    for (let attempt = 1; ; attempt++) {
      this.spawn(name);
      const running = this.running.get(name) as Running;
      // Twelve apps load at once on a busy 2-core machine (CI, or five stacks side by side): loading alone has taken
      // over 90 s there, so a start is given three minutes before it counts as failed.
      const ready = waitReady(this.spec(name).port, 180_000).then(() => 'ready' as const);
      ready.catch(() => undefined); // may lose the race below; its later failure is not this attempt's
      const outcome = await Promise.race([ready, running.exited.then(() => 'exited' as const)]);
      if (outcome === 'ready') return;
      if (attempt >= 5) throw new Error(`${name} exited before it was ready, ${attempt} times (see its log)`);
      await new Promise((r) => setTimeout(r, 1_000 * attempt));
    }
  }

  async stopApp(name: string): Promise<void> {
    const running = this.running.get(name);
    if (running) {
      running.intended = true;
      await stopChild(running.child);
    }
    this.running.delete(name);
  }

  /** kill -9: no shutdown hook runs. With `supervise`, the supervisor brings it back; otherwise call startApp. */
  async kill(name: string): Promise<void> {
    const running = this.running.get(name);
    if (!running) throw new Error(`${name} is not running`);
    running.intended = !this.options.supervise;
    running.killed = true;
    running.child.kill('SIGKILL');
    await running.exited;
  }

  /** Sends a signal (SIGTERM for a graceful stop) and resolves with how the process ended. */
  async signal(name: string, signal: NodeJS.Signals, timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const running = this.running.get(name);
    if (!running) throw new Error(`${name} is not running`);
    running.intended = true;
    const started = Date.now();
    running.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${name} did not exit within ${timeoutMs} ms of ${signal}`)), timeoutMs);
    });
    try {
      const exit = await Promise.race([running.exited, timeout]);
      return { ...exit, ms: Date.now() - started };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The app's pid while its process runs, else undefined. */
  pid(name: string): number | undefined {
    const child = this.running.get(name)?.child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  /** Waits until the app (restarted by the supervisor or by the caller) answers ready again. */
  async waitReady(name: string, timeoutMs = 120_000): Promise<void> {
    await waitReady(this.spec(name).port, timeoutMs);
  }

  /** Stops its own apps, and any replacement a test started for an app this run killed (found by pid file). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running.keys()].map((name) => this.stopApp(name)));
    for (const spec of this.specs) {
      try {
        process.kill(Number(readFileSync(pidFile(spec.name), 'utf8')), 'SIGTERM');
      } catch {
        continue;
      }
    }
    for (const file of this.logs.values()) file.end();
  }

  private spawn(name: string): void {
    const spec = this.spec(name);
    const env = {
      ...process.env,
      SIMPUL_LOG_LEVEL: 'info',
      SIMPUL_SHUTDOWN_GRACE_MS: '5000',
      SIMPUL_SLA_SECONDS_PER_HOUR: '0.05',
      // Officer claims expire after 8 s in the e2e system, so the expiry is tested for real (production: 900 s).
      SIMPUL_TASK_CLAIM_TTL_SECONDS: '8',
      // Short JWKS cache, so the key rotation test sees a retired key refused within seconds.
      SIMPUL_JWKS_CACHE_SECONDS: String(TEST_JWKS_CACHE_SECONDS),
      SIMPUL_JWKS_COOLDOWN_SECONDS: '1',
      SIMPUL_TRACES_DIR: join(process.env.SIMPUL_INFRA_DIR ?? join(root, '.infra', 'test'), 'traces'),
    };
    const child = spawnApp(spec, env, (line) => this.log(name).write(line + '\n'));
    writeFileSync(pidFile(name), String(child.pid));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const running: Running = { child, exited, intended: false, killed: false };
    this.running.set(name, running);
    void exited.then((exit) => {
      this.log(name).write(`${JSON.stringify({ harness: 'exited', app: name, ...exit, at: new Date().toISOString() })}\n`);
      if (this.options.supervise && !running.intended && !this.stopping && this.running.get(name) === running) void this.restartLater(name, running.killed);
    });
  }

  /** The supervisor: at once after kill(), else after a growing delay (0.5 s, 1 s, 2 s, … 5 s), bounded in count. */
  private async restartLater(name: string, killed: boolean): Promise<void> {
    if (this.restarting.has(name)) return;
    const count = (this.supervisorRestarts.get(name) ?? 0) + (killed ? 0 : 1);
    if (count > (this.options.maxRestarts ?? 50)) {
      this.log(name).write(`${JSON.stringify({ harness: 'gave up restarting', app: name })}\n`);
      return;
    }
    this.restarting.add(name);
    this.supervisorRestarts.set(name, count);
    if (!killed) await new Promise((r) => setTimeout(r, Math.min(5_000, 500 * 2 ** Math.min(count - 1, 4))));
    this.restarting.delete(name);
    if (this.stopping || !this.running.has(name)) return;
    this.log(name).write(`${JSON.stringify({ harness: 'restarting', app: name, count, at: new Date().toISOString() })}\n`);
    this.spawn(name);
  }

  private log(name: string): WriteStream {
    let file = this.logs.get(name);
    if (!file) {
      const dir = join(process.env.SIMPUL_INFRA_DIR ?? join(root, '.infra', 'test'), 'logs');
      mkdirSync(dir, { recursive: true });
      file = createWriteStream(join(dir, `${name.replace(':', '-')}.log`), { flags: 'a' });
      this.logs.set(name, file);
    }
    return file;
  }

  private spec(name: string): AppSpec {
    const spec = this.specs.find((s) => s.name === name);
    if (!spec) throw new Error(`no app ${name}`);
    return spec;
  }
}

function pidFile(name: string): string {
  const dir = join(process.env.SIMPUL_INFRA_DIR ?? join(root, '.infra', 'test'), 'run');
  mkdirSync(dir, { recursive: true });
  return join(dir, `app-${name.replace(':', '-')}.pid`);
}

/**
 * kill -9 of an app started by any RunningSystem of this test run (the e2e one lives in Jest's global setup), found by
 * its pid file. Start a replacement with a RunningSystem of the test's own, and stop that one in the test's afterAll.
 */
export async function killApp(name: string): Promise<void> {
  const pid = Number(readFileSync(pidFile(name), 'utf8'));
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} (pid ${pid}) did not die`);
}
