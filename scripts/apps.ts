import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** Every process of the local system, with the port each listens on (health, metrics, API). */
export interface AppSpec {
  name: string;
  main: string;
  env: Record<string, string>;
  port: number;
}

export interface PortPlan {
  portalApi: number;
  backoffice: number;
  citizenPortal: number;
  agencySandbox: number;
  identitySandbox: number;
  orchestrator: number;
  agencyWorker: number;
  statusProjector: number;
}

export const DEV_PORTS: PortPlan = { portalApi: 3000, backoffice: 3001, citizenPortal: 3002, agencySandbox: 3100, identitySandbox: 3200, orchestrator: 3010, agencyWorker: 3020, statusProjector: 3030 };
/** Test ports; SIMPUL_PORT_OFFSET (multiples of 200) moves them, as it moves the test stack's servers. */
const offset = Number(process.env.SIMPUL_PORT_OFFSET ?? 0) || 0;
export const TEST_PORTS: PortPlan = {
  portalApi: 23000 + offset,
  backoffice: 23001 + offset,
  citizenPortal: 23002 + offset,
  agencySandbox: 23100 + offset,
  // Inside the 200-port block SIMPUL_PORT_OFFSET moves, so side-by-side test stacks never share an issuer.
  identitySandbox: 23120 + offset,
  orchestrator: 23010 + offset,
  agencyWorker: 23020 + offset,
  statusProjector: 23030 + offset,
};

export const AGENCIES_RUNNING = ['civil-registry', 'bpjs-health', 'social-aid', 'bpjs-employment', 'education', 'religious-affairs'] as const;

export function appSpecs(root: string, ports: PortPlan): AppSpec[] {
  const main = (app: string) => join(root, 'dist', 'apps', app, 'src', 'main.js');
  const common = {
    SIMPUL_PORTAL_API_PORT: String(ports.portalApi),
    SIMPUL_BACKOFFICE_PORT: String(ports.backoffice),
    SIMPUL_CITIZEN_PORTAL_PORT: String(ports.citizenPortal),
    SIMPUL_AGENCY_SANDBOX_PORT: String(ports.agencySandbox),
    SIMPUL_IDENTITY_SANDBOX_PORT: String(ports.identitySandbox),
    SIMPUL_ORCHESTRATOR_PORT: String(ports.orchestrator),
    SIMPUL_STATUS_PROJECTOR_PORT: String(ports.statusProjector),
  };
  return [
    { name: 'identity-sandbox', main: main('identity-sandbox'), env: common, port: ports.identitySandbox },
    { name: 'agency-sandbox', main: main('agency-sandbox'), env: common, port: ports.agencySandbox },
    { name: 'portal-api', main: main('portal-api'), env: common, port: ports.portalApi },
    { name: 'orchestrator', main: main('orchestrator'), env: common, port: ports.orchestrator },
    ...AGENCIES_RUNNING.map((agency, i) => ({
      name: `agency-worker:${agency}`,
      main: main('agency-worker'),
      env: { ...common, SIMPUL_AGENCY: agency, SIMPUL_AGENCY_WORKER_PORT: String(ports.agencyWorker + i) },
      port: ports.agencyWorker + i,
    })),
    { name: 'status-projector', main: main('status-projector'), env: common, port: ports.statusProjector },
    { name: 'backoffice', main: main('backoffice'), env: common, port: ports.backoffice },
    { name: 'citizen-portal', main: main('citizen-portal'), env: common, port: ports.citizenPortal },
  ];
}

/**
 * V8 flags of every app process (also in docker/Dockerfile's NODE_OPTIONS): a smaller young generation (8 MB
 * semi-spaces instead of V8's 16 MB default at a 4 GB heap) keeps the resident memory of each isolate down (the
 * orchestrator has two: its main thread and the workflow thread) for a few more, shorter scavenges; measured in
 * docs/benchmarks.md, tuning log.
 */
export const APP_NODE_FLAGS = ['--max-semi-space-size=8'];

export function spawnApp(spec: AppSpec, baseEnv: NodeJS.ProcessEnv, onLine: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', ...APP_NODE_FLAGS, spec.main], {
    env: { ...baseEnv, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pipe = (stream: NodeJS.ReadableStream | null) => {
    let buffer = '';
    stream?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line) onLine(line);
    });
  };
  pipe(child.stdout);
  pipe(child.stderr);
  return child;
}

/** Polls /health/ready until it answers 200, or fails with the last answer. */
export async function waitReady(port: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(3000) });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`port ${port} not ready after ${timeoutMs} ms: ${last}`);
}

/** SIGTERM, then SIGKILL after the grace period. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
