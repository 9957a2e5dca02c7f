/**
 * Retention through the running system: an application that ended longer ago than its life event's retention has its
 * Temporal history deleted, then its personal data removed from the read model; a younger one is left alone. The job
 * is the backoffice's RetentionService, run here with a clock moved forward and limited to this test's applications.
 */
import { DataSource } from 'typeorm';
import { AuditTrail } from '@simpul/audit';
import { RETENTION, workflowIdFor } from '@simpul/contracts';
import { JsonLogger } from '@simpul/observability';
import { ApplicationRecordRepository, ManualTasksRepository, OutboxRepository, PendingCallsRepository, ReadModelRepository, RecordRetention, StepLanesRepository, WebhookDeliveriesRepository } from '@simpul/persistence';
import { connectClient, type TemporalClientHandle } from '@simpul/temporal';
import { birthApplication, DEMO_FAMILIES } from '@simpul/testing';
import { RetentionService } from '../../apps/backoffice/src/retention/retention.service';
import { RetentionRepository } from '../../apps/backoffice/src/retention/retention.repository';
import { TasksRepository } from '../../apps/backoffice/src/tasks/tasks.repository';
import { PORTAL, http, submit, waitForApplication, type ApplicationView } from '../support/api';
import { eventually, testConfig, token } from '../support/env';

const config = testConfig();
const DAY = 86_400_000;
let ds: DataSource;
let temporal: TemporalClientHandle;
let retention: RetentionService;

beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
  temporal = await connectClient(config);
  const record = new ApplicationRecordRepository(ds, new OutboxRepository(ds));
  const recordRetention = new RecordRetention(record, new ReadModelRepository(), new WebhookDeliveriesRepository(), new PendingCallsRepository(ds), new StepLanesRepository(ds), new ManualTasksRepository(ds));
  retention = new RetentionService(new RetentionRepository(ds), record, recordRetention, new TasksRepository(ds), temporal, new AuditTrail(ds), { intervalSeconds: 0, temporalNamespace: config.temporalNamespace }, new JsonLogger('retention-test', 'error'));
});
afterAll(async () => {
  await temporal?.connection.close();
  await ds?.destroy();
});

const exists = (id: string) =>
  temporal.client.workflow
    .getHandle(workflowIdFor(id))
    .describe()
    .then(
      () => true,
      () => false,
    );

describe('retention', () => {
  it('deletes the history after historyDays and anonymises the read model after readModelDays, per life event', async () => {
    const portal = await token('portal', 'portal-retention');
    const citizen = await token('citizen', DEMO_FAMILIES.member.mother.nik);
    const accepted = await submit(portal, birthApplication('birth-auto', 'Retno Wijaya'));
    const id = accepted.body.id;
    const done = await waitForApplication(portal, id, (a) => a.status === 'COMPLETED', 'the birth to complete');
    expect(done.steps.find((s) => s.stepId === 'register-birth')?.references.childNik).toMatch(/^\d{16}$/);
    expect(await exists(id)).toBe(true);
    const ended = new Date((await ds.query('SELECT updated_at FROM applications WHERE id = $1', [id]))[0].updated_at).getTime();
    const policy = RETENTION.BIRTH;

    // Within every period: nothing happens.
    expect(await retention.purgeOnce(new Date(ended + (policy.historyDays - 1) * DAY), [id])).toEqual({ historiesDeleted: 0, applicationsAnonymised: 0 });
    expect(await exists(id)).toBe(true);

    // After historyDays: the Temporal history goes, the citizen still reads the status and references.
    expect(await retention.purgeOnce(new Date(ended + (policy.historyDays + 1) * DAY), [id])).toEqual({ historiesDeleted: 1, applicationsAnonymised: 0 });
    await eventually(async () => ((await exists(id)) ? undefined : true), 'Temporal to delete the history (it does so in the background)', 90_000);
    expect((await http('GET', `${PORTAL}/v1/applications/${id}`, { token: citizen })).status).toBe(200);

    // After readModelDays: personal data goes from the read model; the status and the times stay. So does the free
    // text of an officer's request for information and the citizen's answer (rows the officer queue writes).
    await ds.query(`INSERT INTO citizen_responses (update_id, application_id, step_id, message, responder_id, responder_role) VALUES ($1, $2, 'assess-family', 'Surat RS untuk Retno Wijaya', 'c', 'citizen')`, [`retention-${id}`, id]);
    await ds.query(`INSERT INTO task_actions (task_id, application_id, step_id, agency, action, actor_id, actor_role, outcome, message) VALUES ($1, $2, 'assess-family', 'social-aid', 'decision', 'o', 'officer', 'REQUEST_INFORMATION', 'Kirim surat RS Retno Wijaya')`, [`${id}:assess-family`, id]);
    // And rows of the manual lane (an office not connected): the held call and what its officer entered.
    await ds.query(`INSERT INTO step_lanes (id, application_id, step_id, agency, region_code, mode, request) VALUES (gen_random_uuid(), $1, 'retention-lane', 'social-aid', '9171', 'MANUAL', $2)`, [id, { motherNik: DEMO_FAMILIES.member.mother.nik }]);
    await ds.query(
      `INSERT INTO manual_tasks (id, application_id, step_id, action, agency, region_code, office, status, due_at, document_number, outputs, reason)
       VALUES (gen_random_uuid(), $1, 'retention-lane', 'social-aid.assessFamily', 'social-aid', '9171', 'Dinas Sosial', 'REJECTED', now(), 'DOC-RETNO', $2, 'Retno Wijaya tidak memenuhi syarat')`,
      [id, { childName: 'Retno Wijaya' }],
    );
    const before = Number((await ds.query(`SELECT count(*) AS n FROM audit_entries WHERE action = 'retention.purge'`))[0].n);
    expect(await retention.purgeOnce(new Date(ended + (policy.readModelDays + 1) * DAY), [id])).toEqual({ historiesDeleted: 0, applicationsAnonymised: 1 });
    const [row] = await ds.query('SELECT data, applicant_ref, status, purged_at FROM applications WHERE id = $1', [id]);
    expect(row).toMatchObject({ data: {}, applicant_ref: 'purged', status: 'COMPLETED' });
    expect(row.purged_at).not.toBeNull();
    const steps = await ds.query('SELECT outputs, reference FROM application_steps WHERE application_id = $1', [id]);
    expect(steps.every((s: { outputs: object; reference: string | null }) => Object.keys(s.outputs).length === 0 && s.reference === null)).toBe(true);
    const events = await ds.query(`SELECT payload FROM application_events WHERE application_id = $1 AND (payload ? 'outputs' OR payload ? 'reference')`, [id]);
    expect(events).toEqual([]);
    const stored = JSON.stringify(await ds.query('SELECT * FROM applications a LEFT JOIN application_steps s ON s.application_id = a.id WHERE a.id = $1', [id]));
    for (const value of [DEMO_FAMILIES.member.mother.nik, DEMO_FAMILIES.member.kkNumber, 'Retno Wijaya']) expect(stored).not.toContain(value);
    const texts = JSON.stringify([
      ...(await ds.query('SELECT message FROM citizen_responses WHERE application_id = $1', [id])),
      ...(await ds.query('SELECT message FROM task_actions WHERE application_id = $1', [id])),
    ]);
    expect(texts).not.toContain('Retno Wijaya');
    const lanes = JSON.stringify([
      ...(await ds.query('SELECT request FROM step_lanes WHERE application_id = $1', [id])),
      ...(await ds.query('SELECT document_number, outputs, reason FROM manual_tasks WHERE application_id = $1', [id])),
    ]);
    for (const value of [DEMO_FAMILIES.member.mother.nik, 'Retno Wijaya', 'DOC-RETNO']) expect(lanes).not.toContain(value);
    expect(lanes).toContain('[purged]');
    // The citizen can no longer be linked to it; the portal that filed still sees its status, without references.
    expect((await http('GET', `${PORTAL}/v1/applications/${id}`, { token: citizen })).status).toBe(404);
    const view = await http<ApplicationView>('GET', `${PORTAL}/v1/applications/${id}`, { token: portal });
    expect(view.body.status).toBe('COMPLETED');
    expect(view.body.steps.every((s) => Object.keys(s.references).length === 0)).toBe(true);
    expect(Number((await ds.query(`SELECT count(*) AS n FROM audit_entries WHERE action = 'retention.purge'`))[0].n)).toBe(before + 1);

    // Once done, a later run changes nothing.
    expect(await retention.purgeOnce(new Date(ended + 1000 * DAY), [id])).toEqual({ historiesDeleted: 0, applicationsAnonymised: 0 });
  });

  it('leaves applications that are still running alone, whatever their age', async () => {
    const portal = await token('portal', 'portal-retention');
    const accepted = await submit(portal, birthApplication('birth-officer', 'Ratih Rahmawati'));
    const id = accepted.body.id;
    await waitForApplication(portal, id, (a) => a.steps.some((s) => s.status === 'WAITING_FOR_OFFICER'), 'the application to wait for an officer');
    expect(await retention.purgeOnce(new Date(Date.now() + 5000 * DAY), [id])).toEqual({ historiesDeleted: 0, applicationsAnonymised: 0 });
    expect(await exists(id)).toBe(true);
  });
});
