import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { TEST_PORTS, appSpecs, spawnApp, stopChild, waitReady, type AppSpec } from '../../scripts/apps';

const root = join(__dirname, '..', '..');

/** The running system for end-to-end tests: every app as its own process, on the test ports. */
export class RunningSystem {
  private readonly children = new Map<string, ChildProcess>();
  readonly specs: AppSpec[] = appSpecs(root, TEST_PORTS);

  async start(): Promise<void> {
    await Promise.all(this.specs.map((spec) => this.startApp(spec.name)));
  }

  async startApp(name: string): Promise<void> {
    const spec = this.spec(name);
    const logs = join(process.env.SIMPUL_INFRA_DIR ?? join(root, '.infra', 'test'), 'logs');
    mkdirSync(logs, { recursive: true });
    const file = createWriteStream(join(logs, `${name.replace(':', '-')}.log`), { flags: 'a' });
    const child = spawnApp(spec, { ...process.env, SIMPUL_LOG_LEVEL: 'info', SIMPUL_SHUTDOWN_GRACE_MS: '5000', SIMPUL_SLA_SECONDS_PER_HOUR: '0.05', SIMPUL_TRACES_DIR: join(process.env.SIMPUL_INFRA_DIR ?? join(root, '.infra', 'test'), 'traces') }, (line) => file.write(line + '\n'));
    this.children.set(name, child);
    writeFileSync(pidFile(name), String(child.pid));
    await waitReady(spec.port);
  }

  async stopApp(name: string): Promise<void> {
    const child = this.children.get(name);
    if (child) await stopChild(child);
    this.children.delete(name);
  }

  /** Stops its own apps, and any replacement a test started for an app this run killed (found by pid file). */
  async stop(): Promise<void> {
    await Promise.all([...this.children.keys()].map((name) => this.stopApp(name)));
    for (const spec of this.specs) {
      let pid = 0;
      try {
        pid = Number(readFileSync(pidFile(spec.name), 'utf8'));
        process.kill(pid, 'SIGTERM');
      } catch {
        continue;
      }
    }
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
