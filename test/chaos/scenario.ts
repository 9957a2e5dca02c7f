/**
 * The chaos scenario: under a steady load of birth applications, kill -9 each app and each server in turn, let it
 * come back, then wait for the system to drain and measure what happened to every accepted application.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { requestDevToken } from '@simpul/auth';
import type { SimpulConfig } from '@simpul/config';
import { Topics } from '@simpul/contracts';
import { createKafka, type KafkaClient } from '@simpul/messaging';
import { TEST_PORTS, appSpecs } from '../../scripts/apps';
import { PORTAL, SANDBOX } from '../support/api';
import { RunningSystem } from '../support/system';
import { LoadGenerator, tally } from './load';
import { killServer, restartServers, type ServerName } from './servers';
import {
  consumerLag,
  eventSequences,
  outboxSize,
  recordsDelta,
  sandboxRecords,
  sideEffects,
  stalledAsync,
  statusCounts,
  topicEnd,
  type EventCheck,
  type SideEffectCheck,
} from './verify';

/** Every app of the system in start order, but the stand-in agencies and the back office: portal-api, orchestrator, each agency-worker, status-projector. */
export const APP_TARGETS: readonly string[] = appSpecs('.', TEST_PORTS)
  .map((s) => s.name)
  .filter((name) => name !== 'agency-sandbox' && name !== 'identity-sandbox' && name !== 'backoffice');
export const SERVER_TARGETS: readonly ServerName[] = ['kafka', 'temporal', 'postgres'];
export type Target = string;

export interface ChaosOptions {
  mode: 'reduced' | 'full';
  ratePerSecond: number;
  maxInFlight: number;
  targets: readonly Target[];
  /** How long each server stays down before `stack.sh up` brings it back. */
  serverDownMs: Record<ServerName, number>;
  /** Steady load before the first kill, and between one recovery and the next kill. */
  settleMs: number;
  drainTimeoutMs: number;
}

export const REDUCED: ChaosOptions = {
  mode: 'reduced',
  ratePerSecond: 1,
  maxInFlight: 40,
  targets: [...APP_TARGETS, ...SERVER_TARGETS],
  serverDownMs: { kafka: 15_000, temporal: 8_000, postgres: 5_000 },
  settleMs: 2_000,
  drainTimeoutMs: 150_000,
};

export const FULL: ChaosOptions = {
  mode: 'full',
  ratePerSecond: 1.5,
  maxInFlight: 300,
  targets: [...APP_TARGETS, ...SERVER_TARGETS],
  // Kafka stays down for minutes: intake must keep answering 202 and the outbox must drain afterwards.
  serverDownMs: { kafka: 150_000, temporal: 30_000, postgres: 20_000 },
  settleMs: 10_000,
  drainTimeoutMs: 600_000,
};

export interface KillFigure {
  target: Target;
  pid: number | undefined;
  /** From SIGKILL until every app answered ready again. */
  recoveredMs: number;
  /** Servers only: how long it stayed down on purpose. */
  downMs?: number;
}

export interface ChaosFigures {
  mode: string;
  runId: string;
  startedAt: string;
  durationMs: number;
  applications: { submitted: number; accepted: number; notAccepted: number; refused: string[]; final: Record<string, number> };
  /** Applications still waiting at the end on an asynchronous call that was never registered (see stalledAsync). */
  stalledAsync: string[];
  kills: KillFigure[];
  supervisorRestarts: Record<string, number>;
  intake: Record<string, Record<string, number>>;
  drainAfterLastFaultMs: number;
  drainAfterLoadMs: number;
  events: Omit<EventCheck, 'broken'> & { broken: number; brokenIds: string[]; examples: EventCheck['broken'] };
  /** Messages on the wire beyond one per event: re-sent after a crash, absorbed by the consumers. */
  redeliveries: { submitted: number; status: number };
  sideEffects: SideEffectCheck;
  sandboxDelta: Record<string, number>;
  /** Other applications that moved during the run (left over from earlier tests): they also touch the sandbox. */
  foreignApplications: number;
  consumerLag: Record<string, number>;
  outbox: number;
  deadLetters: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stdout.write(`[chaos] ${new Date().toISOString().slice(11, 19)} ${line}\n`);

interface Baseline {
  records: Awaited<ReturnType<typeof sandboxRecords>>;
  submitted: number;
  status: number;
  deadLetters: number;
}

async function baseline(config: SimpulConfig, kafka: KafkaClient): Promise<Baseline> {
  return {
    records: await sandboxRecords(SANDBOX, config.sandbox.adminKey),
    submitted: await topicEnd(kafka, Topics.submitted),
    status: await topicEnd(kafka, Topics.status),
    deadLetters: await topicEnd(kafka, Topics.deadLetters),
  };
}

async function allReady(system: RunningSystem): Promise<void> {
  await Promise.all(system.specs.map((s) => system.waitReady(s.name, 180_000)));
}

async function strike(system: RunningSystem, target: Target, options: ChaosOptions, load: LoadGenerator): Promise<KillFigure> {
  const started = Date.now();
  load.phase = `${target} down`;
  if ((SERVER_TARGETS as readonly string[]).includes(target)) {
    const server = target as ServerName;
    const pid = await killServer(server);
    log(`kill -9 ${server} (pid ${pid}); down for ${options.serverDownMs[server]} ms`);
    await sleep(options.serverDownMs[server]);
    load.phase = `${target} restarting`;
    await restartServers();
    await allReady(system);
    return { target, pid, downMs: options.serverDownMs[server], recoveredMs: Date.now() - started };
  }
  const pid = system.pid(target);
  log(`kill -9 ${target} (pid ${pid})`);
  await system.kill(target);
  load.phase = `${target} restarting`;
  await allReady(system);
  return { target, pid, recoveredMs: Date.now() - started };
}

interface Drained {
  ms: number;
  final: Record<string, number>;
  lag: Record<string, number>;
  outbox: number;
  stalled: string[];
}

/** Polls until every accepted application is final, the outbox is empty and no consumer lags (or the time is up). */
async function drain(ds: DataSource, kafka: KafkaClient, config: SimpulConfig, ids: string[], timeoutMs: number): Promise<Drained> {
  const started = Date.now();
  let last: Drained = { ms: 0, final: {}, lag: {}, outbox: -1, stalled: [] };
  while (Date.now() - started < timeoutMs) {
    try {
      const final = await statusCounts(ds, ids);
      const outbox = await outboxSize(ds);
      const lag = await consumerLag(kafka, config.consumerGroupPrefix);
      const stalled = await stalledAsync(ds, ids);
      last = { ms: Date.now() - started, final, lag, outbox, stalled };
      const done = (final.COMPLETED ?? 0) + (final.REJECTED ?? 0) + (final.FAILED ?? 0);
      // An asynchronous step whose task was lost (stalledAsync) is sent again after its heartbeat timeout: wait for it.
      if (done === ids.length && outbox === 0 && Object.values(lag).every((n) => n === 0)) return last;
    } catch (err) {
      log(`drain probe failed: ${(err as Error).message}`);
    }
    await sleep(1_000);
  }
  return last;
}

export async function runChaos(config: SimpulConfig, options: ChaosOptions): Promise<ChaosFigures> {
  const runId = randomUUID().slice(0, 8);
  const started = Date.now();
  const system = new RunningSystem({ supervise: true });
  const kafka = createKafka(config.kafkaBrokers, `simpul-chaos-${runId}`);
  const ds = await new DataSource({ type: 'postgres', url: config.databaseUrl, extra: { max: 2 } }).initialize();
  try {
    log(`run ${runId} (${options.mode}): starting every app`);
    await system.start();
    const before = await baseline(config, kafka);
    const token = await requestDevToken(config.auth, { role: 'portal', subject: `chaos-${runId}`, ttlSeconds: 3 * 3600 });
    const load = new LoadGenerator({ portalUrl: PORTAL, token, ratePerSecond: options.ratePerSecond, maxInFlight: options.maxInFlight, giveUpAfterMs: 20 * 60_000, runId });
    load.start();
    await sleep(options.settleMs);
    const kills: KillFigure[] = [];
    for (const target of options.targets) {
      const figure = await strike(system, target, options, load);
      kills.push(figure);
      log(`${target} recovered in ${figure.recoveredMs} ms; ${load.accepted().length} accepted so far`);
      load.phase = 'steady';
      await sleep(options.settleMs);
    }
    const lastFault = Date.now();
    await load.stop();
    const loadStopped = Date.now();
    const ids = load.accepted();
    log(`load stopped: ${ids.length} accepted of ${load.submissions.length}; draining`);
    const drained = await drain(ds, kafka, config, ids, options.drainTimeoutMs);
    const events = await eventSequences(ds, ids, 'COMPLETED');
    const after = await baseline(config, kafka);
    const figures: ChaosFigures = {
      mode: options.mode,
      runId,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      applications: {
        submitted: load.submissions.length,
        accepted: ids.length,
        notAccepted: load.submissions.filter((s) => !s.id).length,
        refused: load.submissions.filter((s) => s.refused).map((s) => `${s.key}: ${s.refused}`),
        final: drained.final,
      },
      stalledAsync: drained.stalled,
      kills,
      supervisorRestarts: Object.fromEntries([...system.supervisorRestarts].filter(([, n]) => n > 0)),
      intake: tally(load.attempts),
      drainAfterLastFaultMs: loadStopped - lastFault + drained.ms,
      drainAfterLoadMs: drained.ms,
      events: {
        total: events.total,
        perApplication: events.perApplication,
        broken: events.broken.length,
        brokenIds: events.broken.map((b) => b.id),
        examples: events.broken.slice(0, 5),
      },
      redeliveries: { submitted: after.submitted - before.submitted - ids.length, status: after.status - before.status - events.total },
      sideEffects: await sideEffects(ds, ids),
      sandboxDelta: recordsDelta(before.records, after.records),
      foreignApplications: (
        await ds.query('SELECT count(DISTINCT application_id)::int AS n FROM application_events WHERE occurred_at >= $1 AND application_id <> ALL($2::uuid[])', [
          new Date(started),
          ids,
        ])
      )[0].n,
      consumerLag: drained.lag,
      outbox: drained.outbox,
      deadLetters: after.deadLetters - before.deadLetters,
    };
    writeFigures(figures);
    return figures;
  } finally {
    await system.stop();
    await ds.destroy();
  }
}

function writeFigures(figures: ChaosFigures): void {
  const dir = join(process.env.SIMPUL_INFRA_DIR ?? '.infra/test', 'chaos');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${figures.mode}-${figures.runId}.json`);
  writeFileSync(file, JSON.stringify(figures, null, 2));
  writeFileSync(join(dir, `${figures.mode}-last.json`), JSON.stringify(figures, null, 2));
  log(`figures in ${file}`);
  log(summary(figures));
}

export function summary(f: ChaosFigures): string {
  const kills = f.kills.map((k) => `${k.target} ${(k.recoveredMs / 1000).toFixed(1)}s`).join(', ');
  return [
    `N=${f.applications.accepted} accepted (${f.applications.notAccepted} not accepted, ${f.applications.refused.length} refused); final ${JSON.stringify(f.applications.final)}`,
    ...(f.stalledAsync.length ? [`STALLED: ${f.stalledAsync.length} still waiting on a lost asynchronous activity task: ${f.stalledAsync.join(', ')}`] : []),
    `kills: ${kills}`,
    `supervisor restarts: ${JSON.stringify(f.supervisorRestarts)}`,
    `drain: ${(f.drainAfterLastFaultMs / 1000).toFixed(1)}s after the last fault, ${(f.drainAfterLoadMs / 1000).toFixed(1)}s after the load`,
    `events: ${f.events.total} (${JSON.stringify(f.events.perApplication)} per application), broken sequences ${f.events.broken}`,
    `side effects: ${JSON.stringify(f.sideEffects)}; sandbox delta ${JSON.stringify(f.sandboxDelta)} (other applications active: ${f.foreignApplications})`,
    `redeliveries absorbed: ${JSON.stringify(f.redeliveries)}; lag ${JSON.stringify(f.consumerLag)}; outbox ${f.outbox}; dead letters ${f.deadLetters}`,
    `intake: ${JSON.stringify(f.intake)}`,
  ].join('\n');
}
