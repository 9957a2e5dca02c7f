import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEMO_FAMILIES, birthApplication } from '@simpul/testing';
import { BACKOFFICE, PORTAL, http, submit, waitForApplication, type ApplicationView } from '../support/api';
import { eventually, testConfig, token } from '../support/env';
import { keepHistory } from '../support/histories';

/**
 * Officer work queues through the running system: a birth of an eligible family waits for a social-aid officer, who
 * claims the task, asks the citizen for information, reads the answer the citizen gave through portal-api, and
 * approves; the application completes. Claims, double submits, validation and authorization around it.
 * The e2e system runs with an SLA hour of 50 ms (assess-family, 120 h, is due 6 s after it starts) and claims that
 * expire after 8 s (SIMPUL_TASK_CLAIM_TTL_SECONDS in test/support/system.ts).
 */
const config = testConfig();
const mother = DEMO_FAMILIES.eligible.mother.nik;
const otherCitizenNik = DEMO_FAMILIES.member.mother.nik;
const step = (a: ApplicationView, id: string) => a.steps.find((s) => s.stepId === id);
const uniqueName = () => `Bintang ${randomUUID().replace(/[^a-f]/g, '').slice(0, 8).replace(/^./, (c) => c.toUpperCase())}`;
const post = (path: string, tok: string | undefined, body?: unknown, headers?: Record<string, string>) =>
  http('POST', `${BACKOFFICE}${path}`, { token: tok, body, headers });
const get = <T = Record<string, unknown>>(path: string, tok: string | undefined) => http<T>('GET', `${BACKOFFICE}${path}`, { token: tok });

interface TaskView {
  id: string;
  applicationId: string;
  agency: string;
  status: string;
  dueAt: string;
  overdue: boolean;
  claim: { officerId: string } | null;
  data: Record<string, unknown>;
  responses: Array<{ message: string }>;
  history: Array<{ action: string; by: string; outcome: string | null; reason: string | null; message: string | null }>;
}

let ds: DataSource;
let citizen: string;
let officerA: string;
let officerB: string;

beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
  citizen = await token('citizen', mother);
  officerA = await token('officer', 'officer-queue-a', 'social-aid');
  officerB = await token('officer', 'officer-queue-b', 'social-aid');
});
afterAll(async () => {
  await ds.destroy();
});

/** A birth of the eligible family, filed by the mother herself, waiting for a social-aid officer. */
async function waitingTask(): Promise<{ appId: string; taskId: string }> {
  const accepted = await submit(citizen, birthApplication('birth-officer', uniqueName()));
  expect(accepted.status).toBe(202);
  await waitForApplication(citizen, accepted.body.id, (a) => step(a, 'assess-family')?.status === 'WAITING_FOR_OFFICER', 'the social-aid task');
  const taskId = `${accepted.body.id}:assess-family`;
  // The queue reads the same read model; wait until the task is listed.
  await eventually(async () => ((await get<TaskView>(`/v1/tasks/${taskId}`, officerA)).status === 200 ? true : undefined), 'the task in the queue');
  return { appId: accepted.body.id, taskId };
}

describe('officer work queue: request information, citizen answers, approve (done-when scenario)', () => {
  it('goes from submission through a request for information and the citizen answer to COMPLETED', async () => {
    const { appId, taskId } = await waitingTask();

    const queue = await get<{ items: TaskView[]; total: number }>('/v1/tasks?lifeEvent=BIRTH&limit=100', officerA);
    expect(queue.status).toBe(200);
    const listed = queue.body.items.find((t) => t.id === taskId);
    expect(listed).toMatchObject({ applicationId: appId, agency: 'social-aid', status: 'WAITING_FOR_OFFICER', claim: null });
    // Ordered by SLA due time, oldest due first.
    const dues = queue.body.items.map((t) => Date.parse(t.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));

    // Only the step's declared inputs, NIK/KK partially masked; nothing else of the application.
    const task = await get<TaskView>(`/v1/tasks/${taskId}`, officerA);
    expect(Object.keys(task.body.data).sort()).toEqual(['childNik', 'kkNumber']);
    expect(task.body.data.kkNumber).toBe('************0001');
    expect(String(task.body.data.childNik)).toMatch(/^\*{12}\d{4}$/);
    expect(JSON.stringify(task.body)).not.toContain(mother);

    // Deciding without a claim is refused.
    const unclaimed = await post(`/v1/tasks/${taskId}/decision`, officerA, { outcome: 'APPROVE' });
    expect(unclaimed.status).toBe(409);
    expect(unclaimed.headers.get('content-type')).toContain('application/problem+json');
    expect(unclaimed.body.title).toBe('Claim the task before deciding');

    expect((await post(`/v1/tasks/${taskId}/claim`, officerA)).status).toBe(200);
    const conflict = await post(`/v1/tasks/${taskId}/claim`, officerB);
    expect(conflict.status).toBe(409);
    expect(conflict.body.detail).toContain('officer-queue-a');
    expect((await post(`/v1/tasks/${taskId}/decision`, officerB, { outcome: 'APPROVE' })).status).toBe(409);

    const ask = { outcome: 'REQUEST_INFORMATION', message: 'Please send the hospital birth letter number.' };
    const [first, second] = await Promise.all([post(`/v1/tasks/${taskId}/decision`, officerA, ask), post(`/v1/tasks/${taskId}/decision`, officerA, ask)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const waitingForCitizen = await waitForApplication(citizen, appId, (a) => step(a, 'assess-family')?.status === 'WAITING_FOR_CITIZEN', 'the step to wait for the citizen');
    expect(step(waitingForCitizen, 'assess-family')?.message.en).toContain('hospital birth letter number');
    expect(step(waitingForCitizen, 'assess-family')?.message.id).toContain('memerlukan informasi dari Anda');

    // Another citizen cannot answer (404, not theirs); an empty answer names the field.
    const stranger = await token('citizen', otherCitizenNik);
    expect((await http('POST', `${PORTAL}/v1/applications/${appId}/responses`, { token: stranger, body: { message: 'x' } })).status).toBe(404);
    const blank = await http<{ errors: Array<{ field: string }> }>('POST', `${PORTAL}/v1/applications/${appId}/responses`, { token: citizen, body: {} });
    expect(blank.status).toBe(422);
    expect(blank.body.errors.map((e) => e.field)).toContain('message');

    const answer = { message: 'Hospital letter RS-BDG-2026-0415.' };
    const key = { 'Idempotency-Key': `answer-${randomUUID()}` };
    const answered = await http('POST', `${PORTAL}/v1/applications/${appId}/responses`, { token: citizen, body: answer, headers: key });
    expect(answered.status).toBe(200);
    const repeated = await http('POST', `${PORTAL}/v1/applications/${appId}/responses`, { token: citizen, body: answer, headers: key });
    expect(repeated.status).toBe(200);
    expect((await ds.query(`SELECT count(*)::int AS n FROM citizen_responses WHERE application_id = $1`, [appId]))[0].n).toBe(1);

    // Back in the queue, unclaimed, with the answer for the officer.
    await waitForApplication(citizen, appId, (a) => step(a, 'assess-family')?.status === 'WAITING_FOR_OFFICER', 'the task back in the queue');
    const back = await get<TaskView>(`/v1/tasks/${taskId}`, officerB);
    expect(back.body).toMatchObject({ status: 'WAITING_FOR_OFFICER', claim: null });
    expect(back.body.responses.map((r) => r.message)).toEqual([answer.message]);
    expect(back.body.history.map((h) => [h.action, h.outcome])).toEqual([
      ['claim', null],
      ['decision', 'REQUEST_INFORMATION'],
    ]);

    expect((await post(`/v1/tasks/${taskId}/claim`, officerB)).status).toBe(200);
    const approve = { outcome: 'APPROVE', reason: 'birth letter checked' };
    expect((await post(`/v1/tasks/${taskId}/decision`, officerB, approve)).status).toBe(200);
    expect((await post(`/v1/tasks/${taskId}/decision`, officerB, approve)).status).toBe(200);
    const done = await waitForApplication(citizen, appId, (a) => ['COMPLETED', 'REJECTED', 'FAILED'].includes(a.status), 'the application to finish');
    expect(done.status).toBe('COMPLETED');
    expect(step(done, 'assess-family')?.status).toBe('COMPLETED');

    // A different decision on a task that is no longer open is refused.
    const late = await post(`/v1/tasks/${taskId}/decision`, officerB, { outcome: 'REJECT', reason: 'changed my mind' });
    expect(late.status).toBe(409);

    const actions = await ds.query(`SELECT action, actor_id, outcome, reason FROM task_actions WHERE task_id = $1 ORDER BY id`, [taskId]);
    expect(actions.filter((a: { action: string }) => a.action === 'decision').map((a: { outcome: string }) => a.outcome)).toEqual(['REQUEST_INFORMATION', 'APPROVE']);
    const audited = await ds.query(`SELECT action, details->>'outcome' AS outcome FROM audit_entries WHERE subject->>'taskId' = $1 ORDER BY seq`, [taskId]);
    expect(audited.map((a: { action: string }) => a.action)).toEqual(['task.claim', 'task.decision', 'task.claim', 'task.decision']);
    keepHistory(done, 'officer-information-requested');
  });
});

describe('claims, validation and escalation', () => {
  let appId: string;
  let taskId: string;
  beforeAll(async () => {
    ({ appId, taskId } = await waitingTask());
  });

  it('names the fields of an invalid decision', async () => {
    const cases: Array<[unknown, string]> = [
      [{ outcome: 'MAYBE' }, 'outcome'],
      [{ outcome: 'REJECT' }, 'reason'],
      [{ outcome: 'REQUEST_INFORMATION' }, 'message'],
    ];
    for (const [body, field] of cases) {
      const res = await http<{ errors: Array<{ field: string }> }>('POST', `${BACKOFFICE}/v1/tasks/${taskId}/decision`, { token: officerA, body });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.map((e) => e.field)).toContain(field);
    }
  });

  it('lets another officer take the task after the claim expires, and the holder release it', async () => {
    expect((await post(`/v1/tasks/${taskId}/claim`, officerA)).status).toBe(200);
    expect((await post(`/v1/tasks/${taskId}/claim`, officerB)).status).toBe(409);
    expect((await post(`/v1/tasks/${taskId}/release`, officerB)).status).toBe(409);
    // The claim lasts 8 s in the e2e system.
    await eventually(async () => ((await post(`/v1/tasks/${taskId}/claim`, officerB)).status === 200 ? true : undefined), 'the claim to expire', 20_000);
    expect((await post(`/v1/tasks/${taskId}/decision`, officerA, { outcome: 'APPROVE' })).status).toBe(409);
    expect((await post(`/v1/tasks/${taskId}/release`, officerB)).status).toBe(200);
    expect((await post(`/v1/tasks/${taskId}/release`, officerB)).status).toBe(409);
  });

  it('escalates the overdue task to the supervisor of the agency, who may release a claim; counts per agency', async () => {
    const supervisor = await token('supervisor', 'supervisor-kemensos', 'social-aid');
    const escalated = await eventually(async () => {
      const res = await get<{ items: TaskView[]; escalated: boolean }>('/v1/tasks?limit=100', supervisor);
      return res.body.items?.some((t) => t.id === taskId) ? res.body : undefined;
    }, 'the overdue task in the supervisor view', 30_000);
    expect(escalated.escalated).toBe(true);
    expect(escalated.items.every((t) => t.overdue)).toBe(true);
    expect((await get(`/v1/tasks?escalated=true`, officerA)).status).toBe(403);
    const overdue = await get<{ items: TaskView[] }>('/v1/tasks?overdue=true&limit=100', officerA);
    expect(overdue.body.items.map((t) => t.id)).toContain(taskId);

    expect((await post(`/v1/tasks/${taskId}/claim`, officerA)).status).toBe(200);
    expect((await post(`/v1/tasks/${taskId}/release`, supervisor)).status).toBe(200);

    const counts = await get<{ items: Array<{ agency: string; open: number; overdue: number }> }>('/v1/tasks/counts', supervisor);
    expect(counts.body.items.map((c) => c.agency)).toEqual(['social-aid']);
    expect(counts.body.items[0].overdue).toBeGreaterThanOrEqual(1);
    const operator = await token('operator', 'operator-queue');
    expect((await get('/v1/tasks/counts', operator)).status).toBe(200);
    // Leave the application finished for other tests.
    expect((await post(`/v1/tasks/${taskId}/claim`, supervisor)).status).toBe(200);
    expect((await post(`/v1/tasks/${taskId}/decision`, supervisor, { outcome: 'REJECT', reason: 'supervisor closed the test task' })).status).toBe(200);
    await waitForApplication(citizen, appId, (a) => a.status === 'COMPLETED', 'the escalated application to finish');
  });
});

describe('authorization of every task endpoint and of the citizen answer', () => {
  let appId: string;
  let taskId: string;
  const tokens: Record<string, string | undefined> = {};
  beforeAll(async () => {
    ({ appId, taskId } = await waitingTask());
    tokens['officer X'] = officerA;
    tokens['officer Y'] = await token('officer', 'officer-bpjs-y', 'bpjs-health');
    tokens.supervisor = await token('supervisor', 'supervisor-kemensos-auth', 'social-aid');
    tokens['citizen owner'] = citizen;
    tokens['citizen non-owner'] = await token('citizen', otherCitizenNik);
    tokens.anonymous = undefined;
  });

  // Expected status per caller; claim and release run in this order, so the supervisor's release finds X's claim.
  const table: Array<[string, () => [string, string, unknown?], Record<string, number>]> = [
    ['GET /v1/tasks', () => ['GET', `${BACKOFFICE}/v1/tasks`], { 'officer X': 200, 'officer Y': 200, supervisor: 200, 'citizen owner': 403, 'citizen non-owner': 403, anonymous: 401 }],
    ['GET /v1/tasks/counts', () => ['GET', `${BACKOFFICE}/v1/tasks/counts`], { 'officer X': 200, 'officer Y': 200, supervisor: 200, 'citizen owner': 403, 'citizen non-owner': 403, anonymous: 401 }],
    ['GET /v1/tasks/:id', () => ['GET', `${BACKOFFICE}/v1/tasks/${taskId}`], { 'officer X': 200, 'officer Y': 404, supervisor: 200, 'citizen owner': 403, 'citizen non-owner': 403, anonymous: 401 }],
    ['POST /v1/tasks/:id/claim', () => ['POST', `${BACKOFFICE}/v1/tasks/${taskId}/claim`], { 'officer X': 200, 'officer Y': 404, supervisor: 409, 'citizen owner': 403, 'citizen non-owner': 403, anonymous: 401 }],
    ['POST /v1/tasks/:id/decision', () => ['POST', `${BACKOFFICE}/v1/tasks/${taskId}/decision`, { outcome: 'REJECT', reason: 'not by these callers' }], { 'officer Y': 404, supervisor: 409, 'citizen owner': 403, 'citizen non-owner': 403, anonymous: 401 }],
    ['POST /v1/tasks/:id/release', () => ['POST', `${BACKOFFICE}/v1/tasks/${taskId}/release`], { 'officer Y': 404, 'citizen owner': 403, 'citizen non-owner': 403, anonymous: 401, supervisor: 200 }],
    ['POST /v1/applications/:id/responses', () => ['POST', `${PORTAL}/v1/applications/${appId}/responses`, { message: 'an answer nobody asked for' }], { 'officer X': 403, 'officer Y': 403, supervisor: 403, 'citizen non-owner': 404, anonymous: 401, 'citizen owner': 409 }],
  ];

  it.each(table)('%s', async (_name, request, expected) => {
    for (const [caller, status] of Object.entries(expected)) {
      const [method, url, body] = request();
      const res = await http(method, url, { token: tokens[caller], body: method === 'POST' ? (body ?? {}) : undefined });
      expect({ caller, status: res.status }).toEqual({ caller, status });
    }
  });
});
