import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SCENARIOS, scenarioApplication, type Scenario } from '@simpul/testing';
import { BACKOFFICE, claimAndDecide, http, submit, waitForApplication, type ApplicationView } from '../support/api';
import { testConfig, token } from '../support/env';
import { newWijayaMember } from '../support/sandbox-residents';

const config = testConfig();
const settled = (a: ApplicationView) => ['COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED'].includes(a.status);
const HEX64 = /^[0-9a-f]{64}$/;

interface EvidenceItem {
  status: string;
  requestSha256: string;
  responseSha256: string;
  httpStatus: number;
  requestedAt: string;
  respondedAt: string;
  via: string;
}
interface OperatorStep {
  stepId: string;
  status: string;
  reference: string | null;
  evidence: EvidenceItem[];
}

let ds: DataSource;
let portal: string;
let operator: string;

beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
  portal = await token('portal', `portal-evidence-${randomUUID()}`);
  operator = await token('operator', 'operator-evidence-all');
});
afterAll(() => ds.destroy());

async function body(scenario: Scenario) {
  const base = scenarioApplication(scenario);
  if (scenario === 'death') return { ...base, data: { ...base.data, deceasedNik: await newWijayaMember() } };
  return base;
}

/** Plays the officers of the demo: approves whatever step of this application waits for one. */
async function decideWhileWaiting(id: string): Promise<ApplicationView> {
  for (;;) {
    const app = await waitForApplication(portal, id, (a) => settled(a) || a.steps.some((s) => s.status === 'WAITING_FOR_OFFICER'), 'the scenario to settle or wait for an officer');
    const waiting = app.steps.find((s) => s.status === 'WAITING_FOR_OFFICER');
    if (settled(app) || !waiting) return app;
    const officer = await token('officer', `officer-evidence-${waiting.agency}`, waiting.agency);
    const decided = await claimAndDecide(officer, `${id}:${waiting.stepId}`, { outcome: 'APPROVE', reason: 'verified for the evidence test' });
    expect(decided.status).toBe(200);
    await waitForApplication(portal, id, (a) => a.steps.find((s) => s.stepId === waiting.stepId)?.status !== 'WAITING_FOR_OFFICER', 'the decision to be taken');
  }
}

describe('evidence of every agency interaction (response, callback)', () => {
  it.each(SCENARIOS.map((s) => [s]))('keeps hashes, times and the agency reference for every step of %s that called an agency', async (scenario) => {
    const accepted = await submit(portal, await body(scenario));
    expect(accepted.status).toBe(202);
    const app = await decideWhileWaiting(accepted.body.id);
    expect(settled(app)).toBe(true);

    // Every step that called its agency went RUNNING first; each must have evidence of the exchange.
    const called: Array<{ step_id: string }> = await ds.query(
      `SELECT DISTINCT payload->>'stepId' AS step_id FROM application_events WHERE application_id = $1 AND type = 'StepStatusChanged' AND payload->>'status' = 'RUNNING'`,
      [app.id],
    );
    expect(called.length).toBeGreaterThan(0);
    const view = await http<{ steps: OperatorStep[] }>('GET', `${BACKOFFICE}/v1/operator/applications/${app.id}`, { token: operator });
    expect(view.status).toBe(200);
    for (const { step_id } of called) {
      const step = view.body.steps.find((s) => s.stepId === step_id) as OperatorStep;
      expect({ step: step_id, evidence: step.evidence.length > 0 }).toEqual({ step: step_id, evidence: true });
      for (const e of step.evidence) {
        expect(e).toMatchObject({ requestSha256: expect.stringMatching(HEX64), responseSha256: expect.stringMatching(HEX64), via: expect.stringMatching(/^(response|callback|polling)$/) });
        expect(Date.parse(e.respondedAt)).toBeGreaterThanOrEqual(Date.parse(e.requestedAt));
      }
      if (step.reference && step.status !== 'REJECTED') expect(step.evidence.some((e) => e.status === step.status || e.status === 'WAITING_FOR_OFFICER')).toBe(true);
    }
  });
});
