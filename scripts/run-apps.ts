/**
 * Runs every app of the local system in the foreground with prefixed logs; Ctrl-C (or `npm stop`) stops them all.
 * Used by `npm start`. Log lines also go to the stack's logs directory, one file per app.
 */
import { createWriteStream, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { DEV_PORTS, appSpecs, spawnApp, stopChild, waitReady } from './apps';
import { replicated } from './app-replicas';

const root = resolve(__dirname, '..', '..');
const infra = process.env.SIMPUL_INFRA_DIR ?? join(root, '.infra', 'dev');
const logs = join(infra, 'logs');
mkdirSync(logs, { recursive: true });
const pidFile = join(infra, 'run', 'apps.pid');
mkdirSync(join(infra, 'run'), { recursive: true });
writeFileSync(pidFile, String(process.pid));

const colours = [36, 33, 35, 32, 34, 31, 96, 93];
const children: Array<{ name: string; child: ChildProcess }> = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    process.stdout.write('\nstopping apps…\n');
    await Promise.all([...children].reverse().map(({ child }) => stopChild(child)));
    rmSync(pidFile, { force: true });
  }
  process.exit(code);
}

async function main(): Promise<void> {
  // The cluster profile (scripts/cluster.sh) runs every app but the agencies' stand-in as replicas on one port.
  const replicas = Number(process.env.SIMPUL_APP_REPLICAS ?? 1) || 1;
  const specs = appSpecs(root, DEV_PORTS).map((spec) =>
    replicas > 1 && spec.name !== 'agency-sandbox' ? replicated(spec, replicas, join(infra, 'run', `${spec.name.replace(':', '-')}.pids`)) : spec,
  );
  const width = Math.max(...specs.map((s) => s.name.length));
  specs.forEach((spec, i) => {
    const file = createWriteStream(join(logs, `${spec.name.replace(':', '-')}.log`), { flags: 'a' });
    const prefix = `\x1b[${colours[i % colours.length]}m${spec.name.padEnd(width)}\x1b[0m │ `;
    const child = spawnApp(spec, process.env, (line) => {
      file.write(line + '\n');
      process.stdout.write(prefix + line + '\n');
    });
    child.on('exit', (code, signal) => {
      if (!stopping) {
        process.stderr.write(`${spec.name} exited (${signal ?? code}); stopping everything\n`);
        void stopAll(1);
      }
    });
    children.push({ name: spec.name, child });
  });
  // Twice the processes start at once on the cluster: give them longer on a busy machine.
  await Promise.all(specs.map((s) => waitReady(s.port, replicas > 1 ? 600_000 : undefined)));
  const ui = process.env.SIMPUL_TEMPORAL_UI_URL ?? 'http://127.0.0.1:8233';
  process.stdout.write(
    [
      '',
      'Simpul is running.',
      `  Citizen portal    http://127.0.0.1:${DEV_PORTS.citizenPortal}/ui/   ("Masuk": sign in as a demo citizen, e.g. Maya Wijaya, and file a birth)`,
      `  Portal API docs   http://127.0.0.1:${DEV_PORTS.portalApi}/docs   (OpenAPI: /openapi.json)`,
      `  Sign in           http://127.0.0.1:${DEV_PORTS.backoffice}/ui/   ("Masuk": the identity provider's page lists the demo staff, e.g. Petugas Kemensos Kota Bandung)`,
      `  Officer queue     http://127.0.0.1:${DEV_PORTS.backoffice}/ui/   (officers and supervisors)`,
      `  Operator console  http://127.0.0.1:${DEV_PORTS.backoffice}/ui/operator/   (Operator Simpul; unmasking asks for the digital-identity level)`,
      `  Back office API   http://127.0.0.1:${DEV_PORTS.backoffice}/v1/tasks`,
      `  Agency sandbox    http://127.0.0.1:${DEV_PORTS.agencySandbox}/admin/faults`,
      `  Identity provider http://127.0.0.1:${DEV_PORTS.identitySandbox}/.well-known/openid-configuration   (development OpenID Connect provider: demo citizens and staff)`,
      `  Temporal UI       ${ui}`,
      '  Try it            npm run -s demo -- birth-auto',
      '  A token           npm run -s token -- citizen 3174025208920003   (issued by the identity provider; --high for the digital-identity level)',
      '  Stop              Ctrl-C here, or npm stop',
      '',
    ].join('\n'),
  );
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
main().catch((err: unknown) => {
  process.stderr.write(`start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  void stopAll(1);
});
