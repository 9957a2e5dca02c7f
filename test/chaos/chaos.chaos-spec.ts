/**
 * Kill -9 every process and server under load; afterwards every accepted application has reached its end state
 * exactly once in effect. SIMPUL_CHAOS=full (npm run test:chaos) keeps Kafka down for minutes and runs longer.
 *
 * An asynchronous step whose activity task is lost when its agency worker is killed (before the call was registered)
 * is sent again after its heartbeat timeout (a minute); `stalledAsync` lists any still waiting like that at the end.
 */
import { testConfig } from '../support/env';
import { FULL, REDUCED, runChaos, type ChaosFigures } from './scenario';

const options = process.env.SIMPUL_CHAOS === 'full' ? FULL : REDUCED;

describe(`chaos (${options.mode}): kill -9 portal-api, orchestrator, each agency-worker, status-projector, Kafka, Temporal and PostgreSQL under load`, () => {
  let figures: ChaosFigures;
  let n: number;

  beforeAll(async () => {
    figures = await runChaos(testConfig(), options);
    n = figures.applications.accepted;
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
    expect(figures.applications.final).toEqual({ COMPLETED: n });
  });

  it('left no application stalled on a lost asynchronous activity task', () => {
    expect(figures.stalledAsync).toEqual([]);
  });

  it('recorded every status event of every application once, seq 1..n with the final event last', () => {
    // Counts differ between applications (a step waiting on an agency that is down says so with extra events), but
    // each application's events are exactly seq 1..n, each once, and the last is its final status.
    expect(figures.events.brokenIds).toEqual([]);
  });

  it('did each agency side effect once: one answer, one certificate, one membership, one assessment per application', () => {
    expect(figures.sideEffects).toEqual({ oncePerAgency: n, duplicated: 0, certificates: n, distinctChildNiks: n, members: n, assessments: n });
    // Nothing else ran meanwhile, so the agencies' tables grew by exactly one record each per application.
    if (figures.foreignApplications === 0) {
      expect(figures.sandboxDelta).toMatchObject({ 'civil-registry.birthCertificates': n, 'bpjs-health.members': n, 'social-aid.proposals': n });
    }
  });

  it('left no consumer lag, an empty outbox and no dead letter', () => {
    expect(figures.consumerLag).toEqual({ 'simpul.orchestrator': 0, 'simpul.status-projector': 0 });
    expect(figures.outbox).toBe(0);
    expect(figures.deadLetters).toBe(0);
  });
});
