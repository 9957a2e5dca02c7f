/**
 * No personal data at rest where it does not belong: runs every demo scenario (scripts/demo.ts) on the test stack,
 * then scans Temporal's database, Kafka's log segments and every app and server log (and trace file) under
 * .infra/<profile>/ for the demo population's NIKs, KK numbers and names. Any hit fails, naming the file. The scenarios
 * reach every agency protocol: request/response styles, Kemensos' polled proposals and its signed callbacks.
 *
 * Append-only files (logs, traces, Kafka segments) are scanned from where they stood when this test began, so data
 * other tests wrote earlier in the run cannot hide or fake a result; Temporal's SQLite database is rewritten in place
 * and is scanned whole: a stack that ran code from before payload encryption must be reset first (see the message).
 */
import { execFile } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_FAMILIES, FACILITY_SCENARIOS, SCENARIOS, UNKNOWN_DECEASED_NIK, UNKNOWN_MOTHER_KK, UNKNOWN_MOTHER_NIK, type DemoPerson } from '@simpul/testing';
import { DataSource } from 'typeorm';
import { connectClient } from '@simpul/temporal';
import { TEST_PORTS } from '../../scripts/apps';
import { waitForApplication } from '../support/api';
import { eventually, testConfig, token } from '../support/env';

const run = promisify(execFile);
const SETTLED = ['COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED', 'ACTION_REQUIRED'];
/** Generous: eleven applications at once on a busy two-core machine. */
const SETTLE_MS = 5 * 60_000;
const infra = process.env.SIMPUL_INFRA_DIR as string;
const root = join(__dirname, '..', '..');

function needles(): string[] {
  const out = new Set<string>([UNKNOWN_MOTHER_NIK, UNKNOWN_MOTHER_KK, UNKNOWN_DECEASED_NIK, 'Putri Ayu']);
  for (const family of Object.values(DEMO_FAMILIES) as Array<{ kkNumber: string; mother: DemoPerson; father?: DemoPerson; children?: DemoPerson[] }>) {
    out.add(family.kkNumber);
    for (const person of [family.mother, family.father, ...(family.children ?? [])]) {
      if (!person) continue;
      out.add(person.nik);
      out.add(person.name);
    }
  }
  return [...out];
}

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    // A link counts when it leads to a file: logs/postgres.log of a private clone (scripts/lib/pg-place.sh).
    .filter((e) => e.isFile() || (e.isSymbolicLink() && statSync(join(e.parentPath, e.name)).isFile()))
    .map((e) => join(e.parentPath, e.name))
    .filter(keep);
}

const appendOnly = () => [
  ...filesUnder(join(infra, 'logs'), () => true),
  ...filesUnder(join(infra, 'traces'), () => true),
  ...filesUnder(join(infra, 'kafka', 'data'), (f) => f.endsWith('.log')),
];
const temporalDb = () => filesUnder(join(infra, 'temporal'), (f) => /\.db(-wal)?$/.test(f));

/** The needles found in a file from `from` on, read in overlapping chunks. */
function hitsIn(file: string, from: number, search: Buffer[]): string[] {
  const found = new Set<string>();
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const chunk = Buffer.alloc(4 << 20);
    const overlap = 64;
    for (let pos = from; pos < size; pos += chunk.length - overlap) {
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      const view = chunk.subarray(0, n);
      for (const s of search) if (view.includes(s)) found.add(s.toString('utf8'));
      if (n < chunk.length) break;
    }
  } finally {
    closeSync(fd);
  }
  return [...found];
}

describe('personal data at rest', () => {
  it('leaves no NIK, KK number or name of the demo scenarios in Temporal, Kafka or any log', async () => {
    expect(infra && existsSync(infra)).toBeTruthy();
    const baseline = new Map(appendOnly().map((f) => [f, statSync(f).size]));

    // Every demo scenario, filed as a user would (the demo script), then followed until it settles: a final status, or
    // a step waiting for an officer. Settled applications' workflows are also waited on to close, so that what they
    // write last (their final status events, the closing of their histories) is there to be scanned.
    const demo = join(root, 'dist', 'scripts', 'demo.js');
    const env = { ...process.env, SIMPUL_PORTAL_API_PORT: String(TEST_PORTS.portalApi), SIMPUL_IDENTITY_SANDBOX_PORT: String(TEST_PORTS.identitySandbox) };
    const filed = await Promise.all(SCENARIOS.map((scenario) => run(process.execPath, [demo, scenario], { env }).then((r) => JSON.parse(r.stdout) as { id: string })));
    // Health facilities' FHIR notifications too: each opens a draft (sealed in PostgreSQL, announced on Kafka).
    const drafts = await Promise.all(FACILITY_SCENARIOS.map((scenario) => run(process.execPath, [demo, scenario], { env }).then((r) => JSON.parse(r.stdout) as { id: string })));
    const portal = await token('portal', 'portal-demo');
    const temporal = await connectClient(testConfig());
    try {
      for (const { id } of filed) {
        const app = await waitForApplication(portal, id, (a) => SETTLED.includes(a.status) || a.steps.some((s) => s.status === 'WAITING_FOR_OFFICER'), `demo application ${id} to settle`, SETTLE_MS);
        if (!SETTLED.includes(app.status)) continue;
        const workflow = temporal.client.workflow.getHandle(`application-${id}`);
        await eventually(async () => ((await workflow.describe()).status.name !== 'RUNNING' ? true : undefined), `workflow of ${id} to close`, SETTLE_MS);
      }
    } finally {
      await temporal.connection.close();
    }

    // Controls: the scenarios did carry the needles (the read model, where they belong, holds them), and the scan
    // does find what is there (the sealed fields in the submitted topic's new segment bytes).
    const ds = await new DataSource({ type: 'postgres', url: testConfig().databaseUrl }).initialize();
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM applications WHERE data::text LIKE $1`, [`%${DEMO_FAMILIES.member.mother.nik}%`]);
    expect(n).toBeGreaterThan(0);
    // The new agency protocols carried them too: Kemensos' polled proposals (the KK number in the proposal body; its
    // ticket in the status checks) and its signed-callback removals, so the scan below covers what they left behind.
    const polled = await ds.query(`SELECT count(*)::int AS n FROM sandbox_social_aid.usulan WHERE ref_pengirim = ANY($1) AND no_kk = ANY($2)`, [
      filed.map((f) => `${f.id}:assess-family`),
      needles(),
    ]);
    expect(polled[0].n).toBeGreaterThan(0);
    // The demo death reaches the push contract only when its registration succeeds (its fixed NIK may already be
    // registered dead by an earlier suite on this stack).
    const ids = filed.map((f) => f.id);
    const [registered] = await ds.query(`SELECT count(*)::int AS n FROM application_steps WHERE application_id = ANY($1::uuid[]) AND step_id = 'register-death' AND status = 'COMPLETED'`, [ids]);
    const [pushed] = await ds.query(`SELECT count(*)::int AS n FROM agency_pending_calls WHERE idempotency_key = ANY($1)`, [ids.map((id) => `${id}:remove-from-benefits:removeBeneficiary`)]);
    expect(pushed.n).toBe(registered.n);
    // The drafts hold the demo NIKs only sealed.
    const draftRows: Array<{ data: string }> = await ds.query('SELECT data::text AS data FROM application_drafts WHERE id = ANY($1)', [drafts.map((d) => d.id)]);
    expect(draftRows).toHaveLength(FACILITY_SCENARIOS.length);
    expect(draftRows.every((r) => r.data.includes('$sealed') && needles().every((needle) => !r.data.includes(needle)))).toBe(true);
    await ds.destroy();
    const submittedSegments = appendOnly().filter((f) => f.includes('applications.submitted.v1'));
    expect(submittedSegments.flatMap((f) => hitsIn(f, baseline.get(f) ?? 0, [Buffer.from('$sealed')]))).toContain('$sealed');

    const search = needles().map((n) => Buffer.from(n, 'utf8'));
    const hits: string[] = [];
    for (const file of appendOnly()) for (const hit of hitsIn(file, baseline.get(file) ?? 0, search)) hits.push(`${relative(root, file)}: ${hit}`);
    const temporalHits = temporalDb().flatMap((file) => hitsIn(file, 0, search).map((hit) => `${relative(root, file)}: ${hit}`));
    expect(temporalDb().length).toBeGreaterThan(0);
    if (temporalHits.length > 0) {
      hits.push(...temporalHits, `(if this stack ran code from before payload encryption, reset it: bash scripts/stack.sh down --profile ${process.env.SIMPUL_PROFILE} && rm -rf ${relative(root, infra)}/temporal ${relative(root, infra)}/kafka)`);
    }
    expect(hits).toEqual([]);
  }, 15 * 60_000);
});
