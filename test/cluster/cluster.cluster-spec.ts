/**
 * Chaos on the cluster profile (issue 24; `npm run test:cluster`, which brings the cluster up first). Under a steady
 * load of birth applications, kill -9 in turn: one Kafka broker (restarted after a while), Temporal's history,
 * matching and frontend processes, one replica of every app, and the read model's streaming replica. Then: every
 * accepted application reached its final status, no agency effect happened twice, no status event was lost or
 * applied twice in the read model, consumer lag is back to zero. Figures in .infra/cluster/chaos/cluster-last.json
 * (docs/reliability.md reports them): per fault the longest stretch without an accepted submission.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { requestDevToken } from '@simpul/auth';
import { loadConfig } from '@simpul/config';
import { createKafka } from '@simpul/messaging';
import { LoadGenerator, tally } from '../chaos/load';
import { consumerLag, eventSequences, outboxSize, recordsDelta, sandboxRecords, sideEffects, statusCounts } from '../chaos/verify';
import { INFRA, REPLICATED_APPS, allReady, killReplica, killServer, restartServers } from './faults';

const PORTAL = 'http://127.0.0.1:3000';
const SANDBOX = 'http://127.0.0.1:3100';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stdout.write(`[cluster] ${new Date().toISOString().slice(11, 19)} ${line}\n`);

type Fault = { target: string; kill: () => number; downMs: number; restart: boolean };
const FAULTS: Fault[] = [
  { target: 'kafka broker 2', kill: () => killServer('kafka-2'), downMs: 20_000, restart: true },
  { target: 'temporal history', kill: () => killServer('temporal-history'), downMs: 5_000, restart: true },
  { target: 'temporal matching', kill: () => killServer('temporal-matching'), downMs: 5_000, restart: true },
  { target: 'temporal frontend', kill: () => killServer('temporal-frontend'), downMs: 5_000, restart: true },
  ...REPLICATED_APPS.map((app) => ({ target: `${app} (one replica)`, kill: () => killReplica(app), downMs: 0, restart: false })),
  { target: 'postgres replica', kill: () => killServer('postgres-replica'), downMs: 5_000, restart: true },
];

interface FaultFigure {
  target: string;
  pid: number;
  recoveredMs: number;
  /** The longest stretch, from the kill until recovery, in which no submission was accepted (202). */
  longestIntakeStallMs: number;
}

function longestStall(accepts: number[], from: number, to: number): number {
  let last = from;
  let longest = 0;
  for (const at of accepts.filter((t) => t >= from && t <= to).sort((a, b) => a - b)) {
    longest = Math.max(longest, at - last);
    last = at;
  }
  return Math.max(longest, to - last);
}

describe('cluster chaos: kill -9 a Kafka broker, Temporal history / matching / frontend, one replica of every app, the read-model replica', () => {
  const config = loadConfig(process.env);
  const runId = randomUUID().slice(0, 8);
  const kafka = createKafka(config.kafkaBrokers, `simpul-cluster-chaos-${runId}`);
  let ds: DataSource;
  let ids: string[] = [];
  let figures: Record<string, unknown>;
  let final: Record<string, number> = {};
  let lag: Record<string, number> = {};

  beforeAll(async () => {
    ds = await new DataSource({ type: 'postgres', url: config.databaseUrl, extra: { max: 2 } }).initialize();
    await allReady();
    const before = await sandboxRecords(SANDBOX, config.sandbox.adminKey);
    const token = await requestDevToken(config.auth, { role: 'portal', subject: `cluster-chaos-${runId}`, ttlSeconds: 3 * 3600 });
    const load = new LoadGenerator({ portalUrl: PORTAL, token, ratePerSecond: 1, maxInFlight: 60, giveUpAfterMs: 20 * 60_000, runId });
    const started = Date.now();
    load.start();
    await sleep(5_000);
    const faults: FaultFigure[] = [];
    for (const fault of FAULTS) {
      load.phase = `${fault.target} down`;
      const t0 = Date.now();
      const pid = fault.kill();
      log(`kill -9 ${fault.target} (pid ${pid})`);
      await sleep(fault.downMs);
      if (fault.restart) await restartServers();
      await allReady(300_000, pid);
      const t1 = Date.now();
      load.phase = 'steady';
      await sleep(3_000); // steady load between faults, so each stall is measured on its own
      const accepts = load.attempts.filter((a) => a.outcome === '202').map((a) => a.at);
      faults.push({ target: fault.target, pid, recoveredMs: t1 - t0, longestIntakeStallMs: longestStall(accepts, t0, t1) });
      log(`${fault.target}: recovered in ${t1 - t0} ms; ${load.accepted().length} accepted so far`);
    }
    await load.stop();
    ids = load.accepted();
    log(`load stopped: ${ids.length} accepted of ${load.submissions.length}; draining`);
    const deadline = Date.now() + 600_000;
    for (;;) {
      final = await statusCounts(ds, ids);
      lag = await consumerLag(kafka, config.consumerGroupPrefix);
      const done = (final.COMPLETED ?? 0) + (final.REJECTED ?? 0) + (final.FAILED ?? 0);
      if ((done === ids.length && Object.values(lag).every((n) => n === 0) && (await outboxSize(ds)) === 0) || Date.now() > deadline) break;
      await sleep(1_000);
    }
    const events = await eventSequences(ds, ids, 'COMPLETED');
    figures = {
      runId,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      applications: { submitted: load.submissions.length, accepted: ids.length, final },
      faults,
      intake: tally(load.attempts),
      events: { total: events.total, broken: events.broken.length, examples: events.broken.slice(0, 5) },
      sideEffects: await sideEffects(ds, ids),
      sandboxDelta: recordsDelta(before, await sandboxRecords(SANDBOX, config.sandbox.adminKey)),
      consumerLag: lag,
    };
    mkdirSync(join(INFRA, 'chaos'), { recursive: true });
    writeFileSync(join(INFRA, 'chaos', 'cluster-last.json'), JSON.stringify(figures, null, 2));
    log(JSON.stringify(figures));
  }, 3_600_000);

  afterAll(async () => {
    await ds?.destroy();
  });

  it('accepted a steady load throughout, refusing nothing', () => {
    expect(ids.length).toBeGreaterThanOrEqual(40);
    expect((figures.applications as { submitted: number }).submitted).toBe(ids.length);
  });

  it('brought every accepted application to its final status', () => {
    expect(final).toEqual({ COMPLETED: ids.length });
  });

  it('recorded every status event once, seq 1..n with the final event last', () => {
    expect((figures.events as { broken: number }).broken).toBe(0);
  });

  it('did each agency side effect once', () => {
    const n = ids.length;
    expect(figures.sideEffects).toEqual({ oncePerAgency: n, duplicated: 0, certificates: n, distinctChildNiks: n, members: n, assessments: n });
  });

  it('left no consumer lag', () => {
    expect(Object.values(lag).every((n) => n === 0)).toBe(true);
  });
});
