/**
 * The authorization matrix (rows in ./authorization/matrix.ts): every endpoint of every app against every kind of
 * caller, through the running system. The routes come from Nest's routing metadata of each app module, so an
 * endpoint without a row fails the test, naming it.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@simpul/observability';
import { birthApplication, DEMO_FACILITIES, DEMO_FAMILIES, facilityBirthBundle } from '@simpul/testing';
import { AGENCIES_RUNNING, TEST_PORTS } from '../../scripts/apps';
import { AgencyWorkerModule } from '../../apps/agency-worker/src/agency-worker.module';
import { BackofficeModule } from '../../apps/backoffice/src/backoffice.module';
import { OrchestratorModule } from '../../apps/orchestrator/src/orchestrator.module';
import { PortalApiModule } from '../../apps/portal-api/src/portal-api.module';
import { StatusProjectorModule } from '../../apps/status-projector/src/status-projector.module';
import { PORTAL, http, submit, waitForApplication } from '../support/api';
import { facilityToken, testConfig, token } from '../support/env';
import { routesOf } from '../support/routes';
import { CALLERS, ROWS, type AppName, type Caller, type Fixtures } from './authorization/matrix';

const config = testConfig();
const BASE: Record<AppName, string> = {
  'portal-api': `http://127.0.0.1:${TEST_PORTS.portalApi}`,
  backoffice: `http://127.0.0.1:${TEST_PORTS.backoffice}`,
  'agency-worker': `http://127.0.0.1:${TEST_PORTS.agencyWorker + AGENCIES_RUNNING.indexOf('social-aid')}`,
  orchestrator: `http://127.0.0.1:${TEST_PORTS.orchestrator}`,
  'status-projector': `http://127.0.0.1:${TEST_PORTS.statusProjector}`,
};
/** Routes served outside Nest's router (Swagger), which the matrix covers too. */
const NON_ROUTER = ['portal-api GET /openapi.json', 'backoffice GET /openapi.json', 'agency-worker GET /openapi.json'];

function declaredRoutes(): string[] {
  const cfg = { ...config, agency: 'social-aid' };
  const logger = new JsonLogger('authorization-matrix', 'error');
  const modules: Record<AppName, { forRoot: typeof PortalApiModule.forRoot }> = {
    'portal-api': PortalApiModule,
    backoffice: BackofficeModule,
    'agency-worker': AgencyWorkerModule,
    orchestrator: OrchestratorModule,
    'status-projector': StatusProjectorModule,
  };
  return Object.entries(modules).flatMap(([app, mod]) => routesOf(mod.forRoot(cfg, logger)).map((r) => `${app} ${r}`));
}

const tokens = {} as Record<Caller, string | undefined>;
let fixtures: Fixtures;

beforeAll(async () => {
  const portalSubject = `portal-matrix-${randomUUID().slice(0, 8)}`;
  const issued: Record<Exclude<Caller, 'anonymous'>, Promise<string>> = {
    citizenA: token('citizen', DEMO_FAMILIES.eligible.mother.nik),
    citizenB: token('citizen', DEMO_FAMILIES.outside.mother.nik),
    portal: token('portal', portalSubject),
    officerX: token('officer', 'officer-matrix-x', 'social-aid'),
    // Officers of X's regional offices (Dinas Sosial): Bandung, where application A's family lives, and Surabaya.
    officerXHere: token('officer', 'officer-matrix-x-3273', 'social-aid', { region: '3273' }),
    officerXElsewhere: token('officer', 'officer-matrix-x-3578', 'social-aid', { region: '3578' }),
    officerY: token('officer', 'officer-matrix-y', 'civil-registry'),
    supervisor: token('supervisor', 'supervisor-matrix-x', 'social-aid'),
    operator: token('operator', 'operator-matrix'),
    auditor: token('auditor', 'auditor-matrix'),
    monitoring: token('monitoring', 'monitoring-matrix'),
    facility: facilityToken(DEMO_FACILITIES.clinic.id),
    counterOfficer: token('counter-officer', 'counter-mpp-kota-bandung'),
  };
  for (const [caller, t] of Object.entries(issued)) tokens[caller as Caller] = await t;
  tokens.anonymous = undefined;

  const portal = tokens.portal as string;
  const appAKey = `matrix-${randomUUID()}`;
  const accepted = await submit(portal, birthApplication('birth-officer', 'Matriks Rahmawati'), appAKey);
  expect(accepted.status).toBe(202);
  const appA = accepted.body.id;
  await waitForApplication(portal, appA, (a) => a.steps.some((s) => s.stepId === 'assess-family' && s.status === 'WAITING_FOR_OFFICER'), 'the matrix application to wait for an officer');
  const hook = async () => (await http<{ id: string }>('POST', `${PORTAL}/v1/webhooks`, { token: portal, body: { url: 'http://127.0.0.1:9/matrix' } })).body.id;
  const notify = (bundle: unknown) => fetch(`${PORTAL}/v1/health-facility-events`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.facility}`, 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(bundle) });
  const draftA = ((await (await notify(facilityBirthBundle({ motherNik: DEMO_FAMILIES.eligible.mother.nik }))).json()) as { id: string }).id;
  const birthBundle = facilityBirthBundle({ motherNik: DEMO_FAMILIES.eligible.mother.nik });
  fixtures = { appA, appAKey, taskA: `${appA}:assess-family`, webhook: await hook(), webhookToDelete: await hook(), draftA, birthBundle, manualTaskA: await manualTask(appA) };
});

/**
 * A manual task of the Bandung Dinas Sosial on application A, written as the social-aid worker writes one for a step
 * in a MANUAL region (phased-integration.e2e-spec.ts runs that path); its step id is not one of A's, so recording an
 * outcome on it changes nothing the workflow waits for.
 */
async function manualTask(applicationId: string): Promise<string> {
  const ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
  try {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO manual_tasks (id, application_id, step_id, action, agency, region_code, office, due_at) VALUES ($1, $2, 'matrix-manual', 'social-aid.assessFamily', 'social-aid', '3273', 'Dinas Sosial Kota Bandung', now() + interval '1 day')`,
      [id, applicationId],
    );
    return id;
  } finally {
    await ds.destroy();
  }
}

/** The status only (an event stream is not read to its end). */
async function statusOf(method: string, url: string, caller: Caller, body: unknown, headers: Record<string, string>): Promise<number> {
  const h: Record<string, string> = { ...headers };
  const t = tokens[caller];
  if (t) h.Authorization = `Bearer ${t}`;
  if (body !== undefined) h['Content-Type'] ??= 'application/json';
  const abort = new AbortController();
  const res = await fetch(url, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), signal: abort.signal });
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) abort.abort();
  else await res.arrayBuffer();
  return res.status;
}

describe('authorization matrix', () => {
  it('has a row for every route of every app, and no row for a route that does not exist', () => {
    const declared = [...declaredRoutes(), ...NON_ROUTER].sort();
    const rows = ROWS.map((r) => `${r.app} ${r.route}`).sort();
    expect(declared.filter((r) => !rows.includes(r))).toEqual([]);
    expect(rows.filter((r) => !declared.includes(r))).toEqual([]);
    expect(new Set(rows).size).toBe(rows.length);
  });

  it.each(ROWS.map((r) => [`${r.app} ${r.route}`, r] as const))('%s answers each caller as the matrix says', async (_name, row) => {
    const [method, route] = row.route.split(' ');
    const url = BASE[row.app] + (row.path ? row.path(fixtures) : route);
    const got: Record<string, number> = {};
    for (const caller of CALLERS) got[caller] = await statusOf(method, url, caller, row.body?.(fixtures), row.headers?.(fixtures) ?? {});
    const mismatches = CALLERS.filter((c) => ![row.expect[c]].flat().includes(got[c])).map((c) => `${c}: got ${got[c]}, expected ${JSON.stringify(row.expect[c])}`);
    expect(mismatches).toEqual([]);
  });
});
