/**
 * Every app twice, for the cluster profile (issue 24), with Node's own cluster module: a small primary process forks
 * the app's replicas; they share the app's port, and the primary hands each incoming connection to the next replica
 * in turn (round robin, Node's default scheduling on Linux). That primary is the load balancer in front of portal-api
 * and the back office, as a Kubernetes Service is; for the consumers and workers (orchestrator, status projector,
 * agency workers) the replicas share the Kafka consumer group or Temporal task queue, and the shared port only
 * carries health and metrics. A replica that dies is forked again, as Kubernetes restarts a pod; the live replicas'
 * pids are in <infra>/run/<app>.pids for the cluster chaos test.
 *
 * Run as `node dist/scripts/app-replicas.js` with SIMPUL_APP_MAIN (the app's main.js) and SIMPUL_APP_REPLICAS.
 */
import cluster, { type Worker } from 'node:cluster';
import { writeFileSync } from 'node:fs';
import type { AppSpec } from './apps';

/** The spec of an app run as `replicas` replicas behind the app's own port. */
export function replicated(spec: AppSpec, replicas: number, pidsFile: string): AppSpec {
  return {
    ...spec,
    main: __filename,
    env: { ...spec.env, SIMPUL_APP_MAIN: spec.main, SIMPUL_APP_REPLICAS: String(replicas), SIMPUL_APP_PIDS: pidsFile },
  };
}

/** How long a replica that keeps dying waits before it is forked again (as a crash-looping pod backs off). */
const RESTART_DELAY_MS = 1000;

function runPrimary(main: string, replicas: number, pidsFile: string): void {
  const live = new Set<Worker>();
  let stopping = false;
  const record = () => writeFileSync(pidsFile, [...live].map((w) => w.process.pid).join('\n') + '\n');
  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    worker.on('online', record);
    worker.on('exit', (code, signal) => {
      live.delete(worker);
      record();
      if (stopping) {
        if (live.size === 0) process.exit(0);
        return;
      }
      process.stderr.write(`replica pid ${worker.process.pid} exited (${signal ?? code}); forking a new one\n`);
      setTimeout(fork, RESTART_DELAY_MS);
    });
  };
  cluster.setupPrimary({ exec: main });
  for (let i = 0; i < replicas; i++) fork();
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (live.size === 0) process.exit(0);
    for (const worker of live) worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module && cluster.isPrimary) {
  const main = process.env.SIMPUL_APP_MAIN;
  const pids = process.env.SIMPUL_APP_PIDS;
  if (!main || !pids) throw new Error('app-replicas: SIMPUL_APP_MAIN and SIMPUL_APP_PIDS are required');
  runPrimary(main, Number(process.env.SIMPUL_APP_REPLICAS ?? 2) || 2, pids);
}
