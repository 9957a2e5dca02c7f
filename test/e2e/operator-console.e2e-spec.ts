/**
 * The operator console through the running system: search, the application page (timeline, decoded workflow history,
 * masking and audited unmasking), retrying a step that failed on purpose (sandbox fault injection), cancelling with
 * compensation, resending a notification, the dashboard, and who may do what.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { scenarioApplication, birthApplication, DEMO_FAMILIES } from '@simpul/testing';
import { BACKOFFICE, PORTAL, http, sandboxAdmin, submit, waitForApplication, type ApplicationView, claimAndDecide } from '../support/api';
import { eventually, testConfig, token } from '../support/env';
import { keepHistory } from '../support/histories';

const config = testConfig();
const admin = sandboxAdmin(config.sandbox.adminKey);
const OPS = `${BACKOFFICE}/v1/operator`;
const uniqueName = () => `Bayi ${randomUUID().replace(/[^a-f]/g, '').slice(0, 8)}`;
const step = (a: ApplicationView, id: string) => a.steps.find((s) => s.stepId === id);
const REASON = 'bpjs-health API key rotated; retrying (ticket OPS-42)';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The dashboard is read from here on, so that only this file's applications count in its figures. */
const specStarted = new Date().toISOString();
/** Every application this file filed. */
const filed: string[] = [];
const file = async (body: unknown, correlationId?: string) => {
  const accepted = await submit(portal, body, undefined, correlationId);
  if (accepted.status === 202) filed.push(accepted.body.id);
  return accepted;
};

let ds: DataSource;
let portal: string;
let operator: string;
let auditor: string;

beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
  portal = await token('portal', `portal-operator-${randomUUID()}`);
  operator = await token('operator', 'operator-ayu');
  auditor = await token('auditor', 'auditor-budi');
});
afterAll(async () => {
  await admin.clearFaults();
  await ds.destroy();
});

/** Files an application whose step at `agency` answers 400 (a contract error) until the fault is lifted. */
async function failOnPurpose(body: unknown, agency: string, stepId: string): Promise<{ id: string; correlationId: string; app: ApplicationView }> {
  const correlationId = `corr-ops-${randomUUID()}`;
  await admin.setFault(agency, { failNext: 1000, failStatus: 400, correlationId });
  const accepted = await file(body, correlationId);
  expect(accepted.status).toBe(202);
  const app = await waitForApplication(portal, accepted.body.id, (a) => a.status === 'ACTION_REQUIRED' && step(a, stepId)?.status === 'FAILED', `${stepId} to fail and hold the application`);
  return { id: accepted.body.id, correlationId, app };
}

describe('a step failed on purpose: found, read, retried to completion', () => {
  let id: string;

  beforeAll(async () => {
    ({ id } = await failOnPurpose(birthApplication('birth-auto', uniqueName()), 'bpjs-health', 'enrol-newborn'));
  });

  it('is found by search on status, step status, agency, life event, date range and stuck time', async () => {
    const since = new Date(Date.now() - 10 * 60_000).toISOString();
    const found = await http<Json>('GET', `${OPS}/applications?status=ACTION_REQUIRED&stepStatus=FAILED&agency=bpjs-health&lifeEvent=BIRTH&createdFrom=${since}&limit=100`, { token: operator });
    expect(found.status).toBe(200);
    const item = found.body.items.find((i: Json) => i.id === id);
    expect(item).toMatchObject({ lifeEvent: 'BIRTH', status: 'ACTION_REQUIRED', openIncidents: 0 });
    expect(item.steps).toEqual(expect.arrayContaining([{ stepId: 'enrol-newborn', agency: 'bpjs-health', status: 'FAILED' }]));
    expect(found.body.total).toBeGreaterThanOrEqual(1);

    const other = await http<Json>('GET', `${OPS}/applications?stepStatus=FAILED&agency=social-aid&createdFrom=${since}&limit=100`, { token: operator });
    expect(other.body.items.map((i: Json) => i.id)).not.toContain(id);
    const before = await http<Json>('GET', `${OPS}/applications?createdTo=${since}&limit=100`, { token: operator });
    expect(before.body.items.map((i: Json) => i.id)).not.toContain(id);

    // Nothing happens while it waits for a person: after a second it counts as stuck for a second, not for a day.
    // (The SLA escalation, 3.6 s in this suite, is an event: wait for it first so the probe is not racing it.)
    await eventually(async () => ((await ds.query('SELECT 1 FROM application_steps WHERE application_id = $1 AND escalated_at IS NOT NULL', [id])).length ? true : undefined), 'the SLA escalation');
    await new Promise((r) => setTimeout(r, 1500));
    const stuck = await http<Json>('GET', `${OPS}/applications?stuckFor=PT1S&limit=100`, { token: operator });
    expect(stuck.body.items.map((i: Json) => i.id)).toContain(id);
    const notStuck = await http<Json>('GET', `${OPS}/applications?stuckFor=P1D&limit=100`, { token: operator });
    expect(notStuck.body.items.map((i: Json) => i.id)).not.toContain(id);

    const page = await http<Json>('GET', `${OPS}/applications?limit=1`, { token: operator });
    expect(page.body).toMatchObject({ limit: 1, offset: 0, total: expect.any(Number) });
    expect(page.body.items).toHaveLength(1);
    const past = await http<Json>('GET', `${OPS}/applications?limit=1&offset=${page.body.total as number}`, { token: operator });
    expect(past.body.items).toHaveLength(0);
  });

  it('shows the domain timeline and the Temporal UI link, with personal data masked', async () => {
    const page = await http<Json>('GET', `${OPS}/applications/${id}`, { token: operator });
    expect(page.status).toBe(200);
    expect(page.body.masked).toBe(true);
    expect(page.body.data.motherNik).toBe(`************${DEMO_FAMILIES.member.mother.nik.slice(-4)}`);
    expect(page.body.data.child.name).toBe('[masked]');
    expect(JSON.stringify(page.body)).not.toContain(DEMO_FAMILIES.member.mother.nik);
    expect(page.body.workflow.temporalUi).toBe(`${config.temporalUiUrl}/namespaces/default/workflows/application-${id}`);
    const kinds = new Set(page.body.timeline.map((e: Json) => e.kind));
    for (const kind of ['status', 'step', 'notification', 'agency-call', 'sla-breach']) expect(kinds).toContain(kind);
    const failedCall = page.body.timeline.find((e: Json) => e.kind === 'agency-call' && e.stepId === 'enrol-newborn');
    expect(failedCall.detail).toMatchObject({ outcome: 'FAILED', failure: expect.stringContaining('answered 400') });
    const registered = page.body.steps.find((s: Json) => s.stepId === 'register-birth');
    expect(registered.evidence[0]).toMatchObject({ httpStatus: 200, requestSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('decodes the workflow history through the client data converter, masked unless an operator gives a reason', async () => {
    const masked = await http<Json>('GET', `${OPS}/applications/${id}/history`, { token: auditor });
    expect(masked.status).toBe(200);
    const started = masked.body.events[0];
    expect(started.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    const input = started.workflowExecutionStartedEventAttributes.input.payloads[0];
    expect(input).toMatchObject({ applicationId: id, lifeEvent: 'BIRTH', data: { motherNik: expect.stringMatching(/^\*+\d{4}$/), child: { name: '[masked]' } } });
    expect(JSON.stringify(masked.body)).not.toContain(DEMO_FAMILIES.member.mother.nik);
    const failed = masked.body.events.find((e: Json) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_FAILED');
    expect(failed.activityTaskFailedEventAttributes.failure).toMatchObject({ message: expect.stringContaining('answered 400'), applicationFailureInfo: { type: 'AgencyContractError' } });

    expect((await http('GET', `${OPS}/applications/${id}/history?unmaskReason=${encodeURIComponent('citizen called the helpdesk, ticket 7781')}`, { token: auditor })).status).toBe(403);
    const reason = 'verify the mother NIK with Dukcapil, ticket 7781';
    // Unmasking is a step-up action: the operator signed in with a password is asked for the digital identity first.
    const basic = await http<Json>('GET', `${OPS}/applications/${id}/history?unmaskReason=${encodeURIComponent(reason)}`, { token: operator });
    expect(basic).toMatchObject({ status: 401, body: { type: 'https://simpul.go.id/problems/step-up-required', action: 'unmask-personal-data' } });
    const operatorHigh = await token('operator', 'operator-ayu', undefined, { acr: config.auth.acr.high });
    const open = await http<Json>('GET', `${OPS}/applications/${id}/history?unmaskReason=${encodeURIComponent(reason)}`, { token: operatorHigh });
    expect(open.body.masked).toBe(false);
    expect(open.body.events[0].workflowExecutionStartedEventAttributes.input.payloads[0].data.motherNik).toBe(DEMO_FAMILIES.member.mother.nik);
    const [audit] = await ds.query(`SELECT operator_id, reason, outcome FROM operator_actions WHERE application_id = $1 AND action = 'UNMASK'`, [id]);
    expect(audit).toEqual({ operator_id: 'operator-ayu', reason, outcome: 'ACCEPTED' });
    const [entry] = await ds.query(`SELECT actor, subject, reason, details FROM audit_entries WHERE action = 'operator.unmask' AND subject->>'applicationId' = $1`, [id]);
    expect(entry).toMatchObject({ actor: { subject: 'operator-ayu', role: 'operator' }, subject: { applicationId: id, target: 'history' }, reason, details: { outcome: 'ACCEPTED' } });
  });

  it('refuses to retry a step that did not fail (409) and a reason that says nothing (422 naming the field)', async () => {
    const completed = await http<Json>('POST', `${OPS}/applications/${id}/steps/register-birth/retry`, { token: operator, body: { reason: REASON } });
    expect(completed.status).toBe(409);
    expect(completed.headers.get('content-type')).toContain('application/problem+json');
    expect(completed.body.detail).toContain('COMPLETED');
    const short = await http<Json>('POST', `${OPS}/applications/${id}/steps/enrol-newborn/retry`, { token: operator, body: { reason: 'again' } });
    expect(short.status).toBe(422);
    expect(short.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
  });

  it('retries the failed step after the fix and completes the application; a second retry no longer applies', async () => {
    await admin.setFault('bpjs-health', {}); // the fix: the agency accepts our requests again
    const retried = await http<Json>('POST', `${OPS}/applications/${id}/steps/enrol-newborn/retry`, { token: operator, body: { reason: REASON } });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ applicationId: id, stepId: 'enrol-newborn', retried: true, actionId: expect.any(String) });
    const done = await waitForApplication(portal, id, (a) => a.status === 'COMPLETED', 'the retried application to complete');
    expect(step(done, 'enrol-newborn')?.status).toBe('COMPLETED');
    const again = await http<Json>('POST', `${OPS}/applications/${id}/steps/enrol-newborn/retry`, { token: operator, body: { reason: REASON } });
    expect(again.status).toBe(409);

    const actions: Array<{ action: string; outcome: string; operator_id: string; reason: string }> = await ds.query(
      `SELECT action, outcome, operator_id, reason FROM operator_actions WHERE application_id = $1 AND action = 'RETRY_STEP' AND target = 'enrol-newborn' ORDER BY created_at`,
      [id],
    );
    expect(actions.map((a) => a.outcome)).toEqual(['ACCEPTED', 'REFUSED']);
    expect(actions[0]).toMatchObject({ operator_id: 'operator-ayu', reason: REASON });
    const trail: Array<{ details: { outcome: string } }> = await ds.query(
      `SELECT details FROM audit_entries WHERE action = 'operator.retry-step' AND subject->>'applicationId' = $1 AND subject->>'target' = 'enrol-newborn' ORDER BY seq`,
      [id],
    );
    expect(trail.map((t) => t.details.outcome)).toEqual(['ACCEPTED', 'REFUSED']);
    const page = await http<Json>('GET', `${OPS}/applications/${id}`, { token: operator });
    expect(page.body.timeline.some((e: Json) => e.kind === 'operator-update' && e.detail.update === 'retryStep' && e.detail.stepId === 'enrol-newborn')).toBe(true);
    keepHistory(done, 'operator-retried');
  });

  it('resends a notification through the outbox under a new event id, once per minute', async () => {
    const [final] = await ds.query(`SELECT seq FROM application_events WHERE application_id = $1 AND type = 'ApplicationStatusChanged' ORDER BY seq DESC LIMIT 1`, [id]);
    const resent = await http<Json>('POST', `${OPS}/applications/${id}/notifications/${final.seq}/resend`, { token: operator, body: { reason: 'citizen says the SMS never arrived' } });
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ resendOf: `application-${id}:${final.seq}:citizen-notification`, notificationEventId: expect.stringContaining(':resend:') });
    const twice = await http<Json>('POST', `${OPS}/applications/${id}/notifications/${final.seq}/resend`, { token: operator, body: { reason: 'citizen says the SMS never arrived' } });
    expect(twice.status).toBe(409);
    const [pending] = await ds.query(`SELECT seq FROM application_events WHERE application_id = $1 AND payload->>'status' = 'PENDING' LIMIT 1`, [id]);
    const nothing = await http<Json>('POST', `${OPS}/applications/${id}/notifications/${pending.seq}/resend`, { token: operator, body: { reason: 'citizen says the SMS never arrived' } });
    expect(nothing.status).toBe(409);
    // The outbox relay (portal-api) publishes it: the row leaves the outbox.
    await eventually(async () => {
      const rows = await ds.query(`SELECT 1 FROM outbox WHERE value->>'eventId' = $1`, [resent.body.notificationEventId]);
      return rows.length === 0 ? true : undefined;
    }, 'the resent notification to be relayed');
  });
});

describe('cancelling an application runs its compensations', () => {
  it('cancels a move held by a failed step: the clinic move and the move letter are undone in reverse order', async () => {
    const { id } = await failOnPurpose(scenarioApplication('relocation'), 'social-aid', 'transfer-household');
    const cancelled = await http<Json>('POST', `${OPS}/applications/${id}/cancel`, { token: operator, body: { reason: 'citizen withdrew the move at the counter' } });
    expect(cancelled.status).toBe(202);
    const done = await waitForApplication(portal, id, (a) => a.status === 'CANCELLED', 'the cancelled move to finish');
    expect(done.reason).toMatchObject({ code: 'CANCELLED_BY_OPERATOR' });
    expect(step(done, 'move-primary-clinic')?.status).toBe('COMPENSATED');
    expect(step(done, 'issue-move-letter')?.status).toBe('COMPENSATED');
    const undone: Array<{ step_id: string }> = await ds.query(
      `SELECT payload->>'stepId' AS step_id FROM application_events WHERE application_id = $1 AND payload->>'status' = 'COMPENSATED' ORDER BY seq`,
      [id],
    );
    expect(undone.map((r) => r.step_id)).toEqual(['move-primary-clinic', 'issue-move-letter']);
    const again = await http<Json>('POST', `${OPS}/applications/${id}/cancel`, { token: operator, body: { reason: 'citizen withdrew the move at the counter' } });
    expect(again.status).toBe(409);
    await admin.setFault('social-aid', {});
    keepHistory(done, 'operator-cancelled');
  });

  it('cancels an application waiting for an officer, and refuses the officer decision that comes too late', async () => {
    const accepted = await file(birthApplication('birth-officer', uniqueName()));
    const id = accepted.body.id;
    await waitForApplication(portal, id, (a) => step(a, 'assess-family')?.status === 'WAITING_FOR_OFFICER', 'the officer task');
    expect((await http('POST', `${OPS}/applications/${id}/cancel`, { token: operator, body: { reason: 'duplicate of an earlier filing' } })).status).toBe(202);
    const done = await waitForApplication(portal, id, (a) => a.status === 'CANCELLED', 'the cancellation');
    expect(step(done, 'assess-family')?.status).toBe('SKIPPED');
    const officer = await token('officer', 'officer-sari', 'social-aid');
    const late = await claimAndDecide(officer, `${id}:assess-family`, { outcome: 'APPROVE' });
    expect(late.status).toBe(409);
  });
});

describe('incidents in search and in the actions record', () => {
  it('finds an application by its open incident, records the resolution, and refuses a second one', async () => {
    const correlationId = `corr-ops-${randomUUID()}`;
    await admin.setFault('civil-registry', { failNext: 1, failStatus: 422, pathContains: 'PINDAH/BATAL', correlationId });
    const accepted = await file(scenarioApplication('relocation-compensated'), correlationId);
    const id = accepted.body.id;
    await waitForApplication(portal, id, (a) => a.status === 'ACTION_REQUIRED', 'the incident');
    await eventually(async () => ((await ds.query(`SELECT 1 FROM incidents WHERE application_id = $1 AND status = 'OPEN'`, [id])).length ? true : undefined), 'the incident row');
    const withIncident = await http<Json>('GET', `${OPS}/applications?openIncident=true&lifeEvent=RELOCATION&limit=100`, { token: operator });
    expect(withIncident.body.items.find((i: Json) => i.id === id)).toMatchObject({ openIncidents: 1 });
    const without = await http<Json>('GET', `${OPS}/applications?openIncident=false&lifeEvent=RELOCATION&limit=100`, { token: operator });
    expect(without.body.items.map((i: Json) => i.id)).not.toContain(id);

    const url = `${OPS}/applications/${id}/incidents/issue-move-letter:compensation/resolve`;
    const note = 'Move letter cancelled by hand at Disdukcapil, ticket 4712';
    const resolved = await http<Json>('POST', url, { token: operator, body: { note } });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ resolved: true, actionId: expect.any(String) });
    await waitForApplication(portal, id, (a) => a.status === 'REJECTED', 'the application to finish after the resolution');
    expect((await http('POST', url, { token: operator, body: { note } })).status).toBe(409);
    const record = await http<Json>('GET', `${OPS}/actions?applicationId=${id}&action=RESOLVE_INCIDENT`, { token: auditor });
    expect(record.body.items.map((a: Json) => [a.outcome, a.operatorId, a.reason, a.target])).toEqual([
      ['REFUSED', 'operator-ayu', note, 'issue-move-letter:compensation'],
      ['ACCEPTED', 'operator-ayu', note, 'issue-move-letter:compensation'],
    ]);
  });
});

describe('the dashboard', () => {
  it('counts applications per status and life event, SLA breaches per agency, and step time percentiles', async () => {
    const res = await http<Json>('GET', `${OPS}/dashboard?from=${specStarted}`, { token: auditor });
    expect(res.status).toBe(200);
    const count = (lifeEvent: string, status: string) => res.body.applications.find((r: Json) => r.lifeEvent === lifeEvent && r.status === status)?.count ?? 0;
    expect(count('BIRTH', 'COMPLETED')).toBeGreaterThanOrEqual(1);
    expect(count('RELOCATION', 'CANCELLED')).toBeGreaterThanOrEqual(1);
    expect(res.body.slaBreaches.find((r: Json) => r.agency === 'bpjs-health')?.breaches).toBeGreaterThanOrEqual(1);

    // The registration step's figures match its start and end as the application view shows them, step by step: each
    // took time (the read model records a step's start when it starts, not when its end is projected).
    const views = await Promise.all(filed.map(async (id) => (await http<ApplicationView>('GET', `${PORTAL}/v1/applications/${id}`, { token: portal })).body));
    const seconds = views
      .filter((a) => a.lifeEvent === 'BIRTH')
      .map((a) => step(a, 'register-birth'))
      .filter((s) => s?.status === 'COMPLETED')
      .map((s) => (Date.parse(s?.completedAt as string) - Date.parse(s?.startedAt as string)) / 1000)
      .sort((a, b) => a - b);
    expect(seconds.length).toBeGreaterThanOrEqual(1);
    expect(seconds.every((d) => d > 0)).toBe(true);
    const registered = res.body.stepDurations.find((r: Json) => r.lifeEvent === 'BIRTH' && r.stepId === 'register-birth');
    expect(registered.count).toBe(seconds.length);
    expect(registered.medianSeconds).toBeCloseTo(percentile(seconds, 0.5), 2);
    expect(registered.p95Seconds).toBeCloseTo(percentile(seconds, 0.95), 2);
    expect(registered.medianSeconds).toBeGreaterThan(0);
    const bad = await http<Json>('GET', `${OPS}/dashboard?from=yesterday`, { token: operator });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('from');
  });
});

/** PostgreSQL's percentile_cont: linear interpolation between the closest ranks of sorted values. */
function percentile(sorted: number[], p: number): number {
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

describe('validation', () => {
  it.each([
    ['status=DONE', 'status'],
    ['lifeEvent=ADOPTION', 'lifeEvent'],
    ['agency=tax-office', 'agency'],
    ['stepStatus=BROKEN', 'stepStatus'],
    ['createdFrom=last-week', 'createdFrom'],
    ['stuckFor=P1M', 'stuckFor'],
    ['stuckFor=30m', 'stuckFor'],
    ['openIncident=maybe', 'openIncident'],
    ['limit=0', 'limit'],
    ['offset=-1', 'offset'],
    ['colour=red', 'colour'],
  ])('refuses %s with a problem naming %s', async (query, field) => {
    const res = await http<Json>('GET', `${OPS}/applications?${query}`, { token: operator });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: Json) => e.field)).toContain(field);
  });
});

describe('who may use the operator console', () => {
  const someId = randomUUID();
  const reads = [
    ['GET', `/applications`],
    ['GET', `/applications/${someId}`],
    ['GET', `/applications/${someId}/history`],
    ['GET', `/dead-letters`],
    ['GET', `/dashboard`],
    ['GET', `/actions`],
  ] as const;
  const writes = [
    ['POST', `/applications/${someId}/steps/register-birth/retry`],
    ['POST', `/applications/${someId}/cancel`],
    ['POST', `/applications/${someId}/notifications/1/resend`],
    ['POST', `/dead-letters/1/replay`],
    ['POST', `/dead-letters/replay`],
    ['POST', `/dead-letters/1/discard`],
  ] as const;

  it('refuses anonymous callers (401) and citizens, portals, officers and supervisors (403) everywhere', async () => {
    const others = [
      await token('citizen', DEMO_FAMILIES.member.mother.nik),
      await token('portal', 'portal-x'),
      await token('officer', 'officer-x', 'bpjs-health'),
      await token('supervisor', 'supervisor-x', 'bpjs-health'),
    ];
    for (const [method, path] of [...reads, ...writes]) {
      const body = method === 'POST' ? { reason: 'a reason long enough', ids: [1] } : undefined;
      expect({ path, status: (await http(method, `${OPS}${path}`, { body })).status }).toEqual({ path, status: 401 });
      for (const t of others) expect({ path, status: (await http(method, `${OPS}${path}`, { token: t, body })).status }).toEqual({ path, status: 403 });
    }
  });

  it('lets auditors read (masked) but not act', async () => {
    for (const [, path] of reads) expect({ path, status: (await http('GET', `${OPS}${path}`, { token: auditor })).status }).toEqual({ path, status: path.includes(someId) ? 404 : 200 });
    for (const [method, path] of writes) {
      expect({ path, status: (await http(method, `${OPS}${path}`, { token: auditor, body: { reason: 'a reason long enough', ids: [1] } })).status }).toEqual({ path, status: 403 });
    }
  });

  it('answers 404 to an operator for an application that does not exist', async () => {
    expect((await http('GET', `${OPS}/applications/${someId}`, { token: operator })).status).toBe(404);
    expect((await http('POST', `${OPS}/applications/${someId}/cancel`, { token: operator, body: { reason: 'a reason long enough' } })).status).toBe(404);
  });
});
