/**
 * Submits a demo scenario to the running portal API and prints the answer as JSON:
 *   npm run -s demo -- <scenario> [--print-payload] [--wait]   (scenarios: SCENARIOS and MANUAL_SCENARIOS in libs/testing)
 * birth-manual-region: a birth in Kota Jayapura, whose Dinas Sosial works by hand (docs/phased-integration.md); --wait
 * stops when the welfare step waits for that office's officer (a manual task in the back office).
 * --print-payload prints only the request body; --wait also follows the application until it settles.
 *   npm run -s demo -- facility-birth | facility-death [--print-payload]
 * posts a health facility's FHIR notification as that facility and prints the draft it opened.
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@simpul/config';
import { clientCredentialsToken, devFacilityClient, requestDevToken } from '@simpul/auth';
import { FACILITY_SCENARIOS, MANUAL_SCENARIOS, SCENARIOS, facilityScenario, manualScenarioApplication, scenarioApplication, type FacilityScenario, type ManualScenario, type Scenario } from '@simpul/testing';

const SETTLED = ['COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED', 'ACTION_REQUIRED'];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const scenario = args.find((a) => !a.startsWith('--')) as Scenario | undefined;
  if ((FACILITY_SCENARIOS as readonly string[]).includes(scenario ?? '')) return notifyAsFacility(scenario as unknown as FacilityScenario, args.includes('--print-payload'));
  const manual = (MANUAL_SCENARIOS as readonly string[]).includes(scenario ?? '');
  if (!scenario || (!SCENARIOS.includes(scenario) && !manual)) throw new Error(`usage: npm run -s demo -- <${[...SCENARIOS, ...MANUAL_SCENARIOS, ...FACILITY_SCENARIOS].join('|')}> [--print-payload] [--wait]`);
  const body = manual ? manualScenarioApplication(scenario as unknown as ManualScenario) : scenarioApplication(scenario);
  if (args.includes('--print-payload')) {
    process.stdout.write(JSON.stringify(body, null, 2) + '\n');
    return;
  }
  const config = loadConfig();
  const base = `http://127.0.0.1:${config.ports.portalApi}`;
  const token = await requestDevToken(config.auth, { role: 'portal', subject: 'portal-demo' });
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': `demo-${randomUUID()}` };
  const res = await fetch(`${base}/v1/applications`, { method: 'POST', headers, body: JSON.stringify(body) });
  const accepted = (await res.json()) as { id?: string };
  if (res.status !== 202 || !accepted.id) throw new Error(`submission failed (${res.status}): ${JSON.stringify(accepted)}`);
  if (!args.includes('--wait')) {
    process.stdout.write(JSON.stringify({ scenario, ...accepted }, null, 2) + '\n');
    return;
  }
  const deadline = Date.now() + 120_000;
  let view: { status?: string; steps?: Array<{ status: string; ruleVersion?: string | null }> } = {};
  while (Date.now() < deadline) {
    view = (await (await fetch(`${base}/v1/applications/${accepted.id}`, { headers })).json()) as typeof view;
    // An officer's work: a decision in the work queue, or a step done by hand (the manual lane's task).
    const waitingOfficer = view.steps?.some((s) => s.status === 'WAITING_FOR_OFFICER' || (s.status === 'RUNNING' && s.ruleVersion === 'manual-lane'));
    if (SETTLED.includes(view.status ?? '') || waitingOfficer) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  process.stdout.write(JSON.stringify({ scenario, ...view }, null, 2) + '\n');
}

/** A health facility's notification (FHIR R4 Bundle), sent with the facility's own token; prints the draft. */
async function notifyAsFacility(scenario: FacilityScenario, printPayload: boolean): Promise<void> {
  const { facilityId, bundle } = facilityScenario(scenario);
  if (printPayload) {
    process.stdout.write(JSON.stringify(bundle, null, 2) + '\n');
    return;
  }
  const config = loadConfig();
  const token = await clientCredentialsToken(devFacilityClient(config.auth, facilityId));
  const res = await fetch(`http://127.0.0.1:${config.ports.portalApi}/v1/health-facility-events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/fhir+json', Accept: 'application/json, application/fhir+json' },
    body: JSON.stringify(bundle),
  });
  const answer = (await res.json()) as Record<string, unknown>;
  if (res.status !== 201 && res.status !== 200) throw new Error(`notification refused (${res.status}): ${JSON.stringify(answer)}`);
  process.stdout.write(JSON.stringify({ scenario, ...answer }, null, 2) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
