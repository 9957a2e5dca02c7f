/**
 * Kill -9 every process and server under load; afterwards every accepted application has reached its end state
 * exactly once in effect. SIMPUL_CHAOS=full (npm run test:chaos) keeps Kafka down for minutes and runs longer.
 *
 * One known defect, owned by workflows/ and the agency-worker, is tolerated by the reduced run only (the one in
 * npm test), visibly: an application whose asynchronous step lost its activity task stalls for 24 hours (see
 * docs/reliability.md, "Known gaps"). The full run, and SIMPUL_CHAOS_STRICT=1, fail on it.
 */
import { testConfig } from '../support/env';
import { FULL, REDUCED, runChaos, type ChaosFigures } from './scenario';

const options = process.env.SIMPUL_CHAOS === 'full' ? FULL : REDUCED;
const tolerateStalledAsync = options.mode === 'reduced' && process.env.SIMPUL_CHAOS_STRICT !== '1';

describe(`chaos (${options.mode}): kill -9 portal-api, orchestrator, each agency-worker, status-projector, Kafka, Temporal and PostgreSQL under load`, () => {
  let figures: ChaosFigures;
  let n: number;
  let stalled: number;

  beforeAll(async () => {
    figures = await runChaos(testConfig(), options);
    n = figures.applications.accepted;
    stalled = tolerateStalledAsync ? figures.stalledAsync.length : 0;
  }, options.mode === 'full' ? 1_800_000 : 600_000);

  it('killed and restarted every target', () => {
    expect(figures.kills.map((k) => k.target)).toEqual([...options.targets]);
  });

  it('accepted every submission, retried with its Idempotency-Key, and refused none', () => {
    expect(figures.applications.refused).toEqual([]);
    expect(figures.applications.notAccepted).toBe(0);
    expect(n).toBeGreaterThanOrEqual(options.mode === 'full' ? 200 : 40);
  });

  it('kept answering 202 at intake while Kafka was down', () => {
    const whileDown = figures.intake['kafka down'] ?? {};
    expect(Object.keys(whileDown)).toEqual(['202']);
    expect(whileDown['202']).toBeGreaterThan(0);
  });

  it('brought every accepted application to its final state', () => {
    expect(figures.applications.final).toEqual({ COMPLETED: n - stalled, ...(stalled ? { IN_PROGRESS: stalled } : {}) });
  });

  (tolerateStalledAsync ? it.skip : it)('left no application stalled on a lost asynchronous activity task', () => {
    expect(figures.stalledAsync).toEqual([]);
  });

  it('recorded every status event of every application once, seq 1..n with the final event last', () => {
    // Counts differ between applications (a step waiting on an agency that is down says so with extra events), but
    // each application's events are exactly seq 1..n, each once, and the last is its final status.
    const unfinished = figures.events.brokenIds.filter((id) => !(tolerateStalledAsync && figures.stalledAsync.includes(id)));
    expect(unfinished).toEqual([]);
  });

  it('did each agency side effect once: one answer, one certificate, one membership, one assessment per application', () => {
    // A stalled application never reached social-aid (its one asynchronous step): one answer and one record fewer.
    expect(figures.sideEffects).toEqual({ oncePerAgency: n - stalled, duplicated: 0, certificates: n, distinctChildNiks: n, members: n, assessments: n - stalled });
    // Nothing else ran meanwhile, so the agencies' tables grew by exactly one record each per application.
    if (figures.foreignApplications === 0) {
      expect(figures.sandboxDelta).toMatchObject({ 'civil-registry.birthCertificates': n, 'bpjs-health.members': n, 'social-aid.assessments': n - stalled });
    }
  });

  it('left no consumer lag, an empty outbox and no dead letter', () => {
    expect(figures.consumerLag).toEqual({ 'simpul.orchestrator': 0, 'simpul.status-projector': 0 });
    expect(figures.outbox).toBe(0);
    expect(figures.deadLetters).toBe(0);
  });
});
