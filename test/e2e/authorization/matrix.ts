/**
 * The authorization matrix: one row per endpoint of every app, with the status each caller gets. Adding an endpoint
 * means adding a row here (the matrix test fails, naming the route, until there is one).
 *
 *   only({ citizenA: 200, ... })   listed callers get these statuses; anonymous gets 401, every other caller 403
 *   everyone(200)                  the same status for every caller, anonymous included (public routes)
 *
 * A status may be a list when more than one answer is right (a repeated decision: 200 or 409). A row's `path` and
 * `body` get the fixtures (applications, tasks, webhooks made in the test's beforeAll). Rows run in order, and the
 * callers of a row in the order of CALLERS, so a row that changes something puts its owner last.
 */
export const CALLERS = ['anonymous', 'citizenA', 'citizenB', 'portal', 'officerY', 'operator', 'auditor', 'monitoring', 'facility', 'officerXElsewhere', 'officerXHere', 'supervisor', 'officerX', 'counterOfficer'] as const;
export type Caller = (typeof CALLERS)[number];
export type Expected = number | number[];
export type Expectations = Record<Caller, Expected>;

export interface Fixtures {
  /** A birth filed by `portal` for citizen A, waiting for a social-aid (agency X) officer. */
  appA: string;
  appAKey: string;
  taskA: string;
  webhook: string;
  webhookToDelete: string;
  /** A draft a clinic's birth notification opened for citizen A (the mother); `facility` is that clinic. */
  draftA: string;
  /** A birth Bundle of that clinic, for citizen A. */
  birthBundle: unknown;
  /** An open manual task of agency X's Bandung office (regency 3273) on application A. */
  manualTaskA: string;
}

export type AppName = 'portal-api' | 'backoffice' | 'agency-worker' | 'orchestrator' | 'status-projector';

export interface Row {
  app: AppName;
  /** As Nest's router names it: `GET /v1/applications/:id`. */
  route: string;
  path?: (f: Fixtures) => string;
  body?: (f: Fixtures) => unknown;
  headers?: (f: Fixtures) => Record<string, string>;
  expect: Expectations;
}

export function only(allowed: Partial<Expectations>): Expectations {
  const out = {} as Expectations;
  for (const c of CALLERS) out[c] = allowed[c] ?? (c === 'anonymous' ? 401 : 403);
  return out;
}
export function everyone(status: Expected): Expectations {
  return Object.fromEntries(CALLERS.map((c) => [c, status])) as Expectations;
}

const uniqueKey = () => ({ 'Idempotency-Key': `matrix-${Date.now()}-${Math.random().toString(36).slice(2, 10)}` });
const health = (app: AppName): Row[] => [
  { app, route: 'GET /health/live', expect: everyone(200) },
  { app, route: 'GET /health/ready', expect: everyone(200) },
  { app, route: 'GET /metrics', expect: only({ operator: 200, monitoring: 200 }) },
];
const staff = { officerX: 403, officerY: 403, supervisor: 403 } as const;
/** An id nothing has: actions in the matrix must not change the fixtures. */
const NOBODY = '00000000-0000-4000-8000-000000000000';
const NO_DEAD_LETTER = 999_999_999;

export const ROWS: Row[] = [
  // ---- portal-api
  ...health('portal-api'),
  {
    app: 'portal-api',
    route: 'POST /v1/applications',
    // No applicantNik: a citizen files for themselves (202); a portal must name the citizen (422, past authorization).
    body: () => ({ lifeEvent: 'SCHOLARSHIP', channel: 'SELF', data: { pupilNik: '3273011507120003', kkNumber: '3273010101150001', schoolNpsn: '20219876' } }),
    headers: uniqueKey,
    // A counter officer must also bring the citizen's presence (422 naming the field, past authorization).
    expect: only({ citizenA: 202, citizenB: 202, portal: 422, counterOfficer: 422 }),
  },
  // A counter officer (MPP) asks the identity provider to send the citizen a presence code; nobody else may.
  { app: 'portal-api', route: 'POST /v1/presence-checks', body: () => ({ nik: '3273014506900001' }), expect: only({ counterOfficer: 201 }) },
  { app: 'portal-api', route: 'GET /v1/applications', path: () => '/v1/applications?limit=5', expect: only({ citizenA: 200, citizenB: 200, portal: 200, operator: 200 }) },
  { app: 'portal-api', route: 'GET /v1/applications/:id', path: (f) => `/v1/applications/${f.appA}`, expect: only({ citizenA: 200, citizenB: 404, portal: 200, operator: 200, counterOfficer: 404 }) },
  { app: 'portal-api', route: 'GET /v1/applications/by-reference/:key', path: (f) => `/v1/applications/by-reference/${f.appAKey}`, expect: only({ citizenA: 404, citizenB: 404, portal: 200 }) },
  { app: 'portal-api', route: 'GET /v1/applications/:id/events', path: (f) => `/v1/applications/${f.appA}/events`, expect: only({ citizenA: 200, citizenB: 404, portal: 200, operator: 200, counterOfficer: 404 }) },
  {
    app: 'portal-api',
    route: 'DELETE /v1/applications/:id/consents/:stepId',
    path: (f) => `/v1/applications/${f.appA}/consents/enrol-newborn`,
    // A step-up action: citizens signed in with a password are asked for the high level first (step-up.e2e-spec.ts).
    expect: only({ citizenA: 401, citizenB: 401, portal: 200 }),
  },
  // Only the owner or the filing portal may answer; nothing was asked, so they get 409.
  { app: 'portal-api', route: 'POST /v1/applications/:id/responses', path: (f) => `/v1/applications/${f.appA}/responses`, body: () => ({ message: 'an answer nobody asked for' }), expect: only({ citizenA: 409, citizenB: 404, portal: 409 }) },
  // The catalog: counter officers too (they file through the citizen portal's pages).
  { app: 'portal-api', route: 'GET /v1/life-events', expect: only({ citizenA: 200, citizenB: 200, portal: 200, operator: 200, officerX: 200, officerY: 200, supervisor: 200, officerXHere: 200, officerXElsewhere: 200, counterOfficer: 200 }) },
  { app: 'portal-api', route: 'POST /v1/webhooks', body: () => ({ url: 'http://127.0.0.1:9/matrix', description: 'authorization matrix' }), expect: only({ portal: 201 }) },
  { app: 'portal-api', route: 'GET /v1/webhooks', expect: only({ portal: 200 }) },
  { app: 'portal-api', route: 'GET /v1/webhooks/:id', path: (f) => `/v1/webhooks/${f.webhook}`, expect: only({ portal: 200 }) },
  { app: 'portal-api', route: 'GET /v1/webhooks/:id/deliveries', path: (f) => `/v1/webhooks/${f.webhook}/deliveries`, expect: only({ portal: 200 }) },
  {
    app: 'portal-api',
    route: 'GET /v1/webhooks/:id/deliveries/:deliveryId',
    path: (f) => `/v1/webhooks/${f.webhook}/deliveries/999999999`,
    expect: only({ portal: 404 }),
  },
  {
    app: 'portal-api',
    route: 'POST /v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    path: (f) => `/v1/webhooks/${f.webhook}/deliveries/999999999/redeliver`,
    expect: only({ portal: 404 }),
  },
  { app: 'portal-api', route: 'DELETE /v1/webhooks/:id', path: (f) => `/v1/webhooks/${f.webhookToDelete}`, expect: only({ portal: [204, 404] }) },
  // Health facilities notify (FHIR); the family reads and confirms its drafts (citizen A is the mother: an empty
  // confirmation gets past authorization to 422).
  {
    app: 'portal-api',
    route: 'POST /v1/health-facility-events',
    body: (f) => f.birthBundle,
    headers: () => ({ 'Content-Type': 'application/fhir+json' }),
    expect: only({ facility: [200, 201] }),
  },
  { app: 'portal-api', route: 'GET /v1/application-drafts', expect: only({ citizenA: 200, citizenB: 200 }) },
  // One's own family card only: the token's NIK chooses it (both citizens are on a card in the registry).
  { app: 'portal-api', route: 'GET /v1/me/family-card', expect: only({ citizenA: 200, citizenB: 200 }) },
  { app: 'portal-api', route: 'GET /v1/application-drafts/:id', path: (f) => `/v1/application-drafts/${f.draftA}`, expect: only({ citizenA: 200, citizenB: 404 }) },
  {
    app: 'portal-api',
    route: 'POST /v1/application-drafts/:id/confirmation',
    path: (f) => `/v1/application-drafts/${f.draftA}/confirmation`,
    body: () => ({}),
    headers: uniqueKey,
    expect: only({ citizenA: 422, citizenB: 404 }),
  },
  // Not Nest routes (Swagger UI and document): public by design, no data.
  { app: 'portal-api', route: 'GET /openapi.json', expect: everyone(200) },
  { app: 'portal-api', route: 'GET /', expect: everyone(200) },

  // ---- backoffice
  ...health('backoffice'),
  // The catalog again, for the back office's own pages (their life-event and agency lists).
  { app: 'backoffice', route: 'GET /v1/life-events', expect: only({ officerX: 200, officerY: 200, supervisor: 200, officerXHere: 200, officerXElsewhere: 200, operator: 200, auditor: 200 }) },
  { app: 'backoffice', route: 'GET /v1/tasks', expect: only({ officerX: 200, officerY: 200, supervisor: 200, officerXHere: 200, officerXElsewhere: 200 }) },
  {
    app: 'backoffice',
    route: 'POST /v1/tasks/:id/decision',
    path: (f) => `/v1/tasks/${f.taskA}/decision`,
    body: () => ({ outcome: 'APPROVE', reason: 'authorization matrix' }),
    // Officer Y (another agency) cannot see the task, nor can X's colleague of another regency (Surabaya: the
    // family card is Bandung's); X's Bandung colleague decides, the supervisor and officer X then find it decided.
    expect: only({ officerY: 404, officerXElsewhere: 404, officerXHere: [200, 409], officerX: [200, 409], supervisor: [200, 409] }),
  },
  { app: 'backoffice', route: 'GET /v1/tasks/counts', expect: only({ officerX: 200, officerY: 200, supervisor: 200, operator: 200, officerXHere: 200, officerXElsewhere: 200 }) },
  // Another agency's officer cannot see agency X's task at all.
  { app: 'backoffice', route: 'GET /v1/tasks/:id', path: (f) => `/v1/tasks/${f.taskA}`, expect: only({ officerY: 404, officerXElsewhere: 404, officerXHere: 200, officerX: 200, supervisor: 200 }) },
  // The supervisor claims first, so officer X then finds the claim held (409); the supervisor releases it.
  { app: 'backoffice', route: 'POST /v1/tasks/:id/claim', path: (f) => `/v1/tasks/${f.taskA}/claim`, expect: only({ officerY: 404, officerXElsewhere: 404, officerXHere: [200, 409], supervisor: [200, 409], officerX: [200, 409] }) },
  { app: 'backoffice', route: 'POST /v1/tasks/:id/release', path: (f) => `/v1/tasks/${f.taskA}/release`, expect: only({ officerY: 404, officerXElsewhere: 404, officerXHere: [200, 409], supervisor: [200, 409], officerX: [200, 409] }) },
  // The manual lane (docs/phased-integration.md): a task of X's Bandung office. Like officer tasks, another agency's
  // officer and X's Surabaya colleague do not find it (404); the Bandung officer records the outcome, the supervisor
  // and officer X then find it recorded (409).
  { app: 'backoffice', route: 'GET /v1/manual-tasks', expect: only({ officerX: 200, officerY: 200, supervisor: 200, officerXHere: 200, officerXElsewhere: 200 }) },
  { app: 'backoffice', route: 'GET /v1/manual-tasks/:id', path: (f) => `/v1/manual-tasks/${f.manualTaskA}`, expect: only({ officerY: 404, officerXElsewhere: 404, officerXHere: 200, officerX: 200, supervisor: 200 }) },
  {
    app: 'backoffice',
    route: 'POST /v1/manual-tasks/:id/outcome',
    path: (f) => `/v1/manual-tasks/${f.manualTaskA}/outcome`,
    body: () => ({ outcome: 'COMPLETED', documentNumber: 'SK-MATRIX/1' }),
    expect: only({ officerY: 404, officerXElsewhere: 404, officerXHere: [200, 409], supervisor: [200, 409], officerX: [200, 409] }),
  },
  // The connection registry: operators change it (audited), auditors read it; the progress report likewise.
  { app: 'backoffice', route: 'GET /v1/operator/connections', expect: only({ operator: 200, auditor: 200 }) },
  { app: 'backoffice', route: 'PUT /v1/operator/connections', body: () => ({ agency: 'social-aid', region: '9106', mode: 'API', profile: 'DIRECT', reason: 'authorization matrix' }), expect: only({ operator: 200 }) },
  { app: 'backoffice', route: 'GET /v1/operator/integration-progress', expect: only({ operator: 200, auditor: 200 }) },
  { app: 'backoffice', route: 'GET /v1/operator/integration-progress.csv', expect: only({ operator: 200, auditor: 200 }) },
  { app: 'backoffice', route: 'GET /v1/operator/incidents', expect: only({ operator: 200, ...staff }) },
  {
    app: 'backoffice',
    route: 'POST /v1/operator/applications/:id/incidents/:incidentId/resolve',
    path: (f) => `/v1/operator/applications/${f.appA}/incidents/none:compensation/resolve`,
    body: () => ({ note: 'authorization matrix' }),
    expect: only({ operator: 404 }),
  },
  { app: 'backoffice', route: 'GET /v1/operator/applications/:id/evidence', path: (f) => `/v1/operator/applications/${f.appA}/evidence`, expect: only({ operator: 200, auditor: 200 }) },
  { app: 'backoffice', route: 'POST /v1/operator/temporal-codec/decode', body: () => ({ payloads: [] }), expect: only({ operator: 200 }) },
  // Operator console: operators act, auditors read (masked), nobody else gets in. Actions aim at an application or
  // dead letter that does not exist, so the matrix changes nothing (the operator gets past authorization: 404/409).
  { app: 'backoffice', route: 'GET /v1/operator/applications', expect: only({ operator: 200, auditor: 200 }) },
  { app: 'backoffice', route: 'GET /v1/operator/applications/:id', path: (f) => `/v1/operator/applications/${f.appA}`, expect: only({ operator: 200, auditor: 200 }) },
  { app: 'backoffice', route: 'GET /v1/operator/applications/:id/history', path: (f) => `/v1/operator/applications/${f.appA}/history`, expect: only({ operator: 200, auditor: 200 }) },
  { app: 'backoffice', route: 'GET /v1/operator/actions', expect: only({ operator: 200, auditor: 200 }) },
  { app: 'backoffice', route: 'GET /v1/operator/dashboard', expect: only({ operator: 200, auditor: 200 }) },
  { app: 'backoffice', route: 'GET /v1/operator/dead-letters', expect: only({ operator: 200, auditor: 200 }) },
  { app: 'backoffice', route: 'GET /v1/operator/dead-letters/:id', path: () => `/v1/operator/dead-letters/${NO_DEAD_LETTER}`, expect: only({ operator: 404, auditor: 404 }) },
  {
    app: 'backoffice',
    route: 'POST /v1/operator/applications/:id/steps/:stepId/retry',
    path: () => `/v1/operator/applications/${NOBODY}/steps/enrol-newborn/retry`,
    body: () => ({ reason: 'authorization matrix' }),
    expect: only({ operator: [404, 409] }),
  },
  { app: 'backoffice', route: 'POST /v1/operator/applications/:id/cancel', path: () => `/v1/operator/applications/${NOBODY}/cancel`, body: () => ({ reason: 'authorization matrix' }), expect: only({ operator: [404, 409] }) },
  {
    app: 'backoffice',
    route: 'POST /v1/operator/applications/:id/notifications/:seq/resend',
    path: () => `/v1/operator/applications/${NOBODY}/notifications/1/resend`,
    body: () => ({ reason: 'authorization matrix' }),
    expect: only({ operator: [404, 409] }),
  },
  { app: 'backoffice', route: 'POST /v1/operator/dead-letters/:id/replay', path: () => `/v1/operator/dead-letters/${NO_DEAD_LETTER}/replay`, body: () => ({ reason: 'authorization matrix' }), expect: only({ operator: [404, 409] }) },
  { app: 'backoffice', route: 'POST /v1/operator/dead-letters/:id/discard', path: () => `/v1/operator/dead-letters/${NO_DEAD_LETTER}/discard`, body: () => ({ reason: 'authorization matrix' }), expect: only({ operator: [404, 409] }) },
  { app: 'backoffice', route: 'POST /v1/operator/dead-letters/replay', body: () => ({ ids: [NO_DEAD_LETTER], reason: 'authorization matrix' }), expect: only({ operator: [200, 404, 409, 422] }) },
  // The web app's static files are public (they hold no data; every API call they make carries the bearer token).
  { app: 'backoffice', route: 'GET /ui', expect: everyone(200) },
  { app: 'backoffice', route: 'GET /', expect: everyone(200) },
  { app: 'backoffice', route: 'GET /openapi.json', expect: everyone(200) },
  { app: 'backoffice', route: 'GET /ui/{*path}', path: () => '/ui/app.css', expect: everyone(200) },
  // What the pages need to sign in (the provider's issuer, their public client id) and the OIDC library: no data.
  { app: 'backoffice', route: 'GET /ui/config.json', path: () => '/ui/config.json', expect: everyone(200) },
  { app: 'backoffice', route: 'GET /ui/vendor/:name', path: () => '/ui/vendor/oauth4webapi.js', expect: everyone(200) },
  { app: 'backoffice', route: 'GET /ui/shared/:name', path: () => '/ui/shared/shell.js', expect: everyone(200) },

  // ---- agency-worker (one per agency; the social-aid worker takes asynchronous callbacks)
  ...health('agency-worker'),
  // Agencies sign callbacks (HMAC); a bearer token of any kind is no substitute.
  { app: 'agency-worker', route: 'POST /v1/agency-callbacks/:agency', path: () => '/v1/agency-callbacks/social-aid', body: () => ({ idempotencyKey: 'matrix:step:1', status: 200, body: {} }), expect: everyone(401) },
  { app: 'agency-worker', route: 'GET /openapi.json', expect: everyone(200) },

  // ---- orchestrator and status-projector: probes and metrics only
  ...health('orchestrator'),
  ...health('status-projector'),
];
