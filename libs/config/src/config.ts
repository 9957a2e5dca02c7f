/**
 * The only place that reads process.env. Configuration is read once at start into a typed object;
 * a bad value stops the process with the variable's name.
 */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

import { agencyConnections, MissingCredentialError, type AgencyConnection } from './agency-connections';

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback?: string): string {
  const value = env[name] ?? fallback;
  if (value === undefined || value === '') throw new ConfigError(name, 'is required');
  return value;
}

function int(env: Env, name: string, fallback: number, min = 0, max = 1_000_000): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function positive(env: Env, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) throw new ConfigError(name, `must be a number above 0 and at most ${max}, got "${raw}"`);
  return value;
}

/** `agency=secret,agency=secret`; development falls back to a fixed secret per agency (never in production). */
function secrets(env: Env, name: string): Record<string, string> {
  const raw = env[name];
  const agencies = ['civil-registry', 'bpjs-health', 'social-aid', 'education', 'bpjs-employment', 'religious-affairs'];
  if (!raw) return Object.fromEntries(agencies.map((a) => [a, `dev-callback-secret-${a}`]));
  const out: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const [agency, secret] = pair.split('=').map((x) => x?.trim());
    if (!agency || !secret || secret.length < 16) throw new ConfigError(name, 'must be agency=secret pairs, each secret at least 16 characters');
    out[agency] = secret;
  }
  return out;
}

function list(env: Env, name: string, fallback: string): string[] {
  return str(env, name, fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** `<per second>/<burst>`, e.g. `5/300`: a token bucket refilled at `perSecond`, holding at most `burst`. */
function rateLimit(env: Env, name: string, fallback: RateLimit): RateLimit {
  const raw = env[name];
  if (!raw) return fallback;
  const m = /^(\d+(?:\.\d+)?)\/(\d+)$/.exec(raw.trim());
  if (!m || Number(m[1]) <= 0 || Number(m[2]) < 1) throw new ConfigError(name, `must be <per second>/<burst>, e.g. 5/300, got "${raw}"`);
  return { perSecond: Number(m[1]), burst: Number(m[2]) };
}

function origin(value: string, name = 'SIMPUL_CORS_ORIGINS'): string {
  try {
    const url = new URL(value);
    if (url.origin !== value.replace(/\/$/, '')) throw new Error('not an origin');
    return url.origin;
  } catch {
    throw new ConfigError(name, `must be origins (scheme://host[:port]), got "${value}"`);
  }
}

/** `kid:base64(32 bytes)` pairs, and which kid encrypts (the first when SIMPUL_PAYLOAD_KEY_ID is unset). */
function payloadKeys(env: Env): SimpulConfig['payloadKeys'] {
  const raw = env.SIMPUL_PAYLOAD_KEYS;
  if (!raw) return { keys: undefined, currentKid: undefined };
  const keys: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const [kid, key] = pair.split(':').map((x) => x?.trim());
    if (!kid || !/^[A-Za-z0-9_.-]{1,64}$/.test(kid) || !key || Buffer.from(key, 'base64').length !== 32) {
      throw new ConfigError('SIMPUL_PAYLOAD_KEYS', 'must be kid:base64 pairs, each key 32 bytes (AES-256)');
    }
    keys[kid] = key;
  }
  const currentKid = env.SIMPUL_PAYLOAD_KEY_ID || Object.keys(keys)[0];
  if (!keys[currentKid]) throw new ConfigError('SIMPUL_PAYLOAD_KEY_ID', `names no key in SIMPUL_PAYLOAD_KEYS ("${currentKid}")`);
  return { keys, currentKid };
}

/**
 * Production must bring its own identity provider, secrets and keys: any development default left in place (the dev
 * issuer, a dev pepper or callback secret, the sandbox keys, the dev key ring under .infra) stops the process, naming
 * the variable. Development defaults are public (they are in this repository).
 */
function refuseDevDefaults(env: Env): void {
  // Agency workers also need their agency's key and the callback secrets; the other apps do not hold them.
  const required = ['SIMPUL_JWT_ISSUER', 'SIMPUL_APPLICANT_PEPPER', 'SIMPUL_PAYLOAD_KEYS', ...(env.SIMPUL_AGENCY ? ['SIMPUL_AGENCY_CALLBACK_SECRETS'] : [])];
  for (const name of required) if (!env[name]) throw new ConfigError(name, 'is required in production (SIMPUL_ENV=production); the development default is public');
  // The issuer's discovery document names its JWKS; SIMPUL_JWKS_URL, when set, overrides it (and must be https too).
  for (const name of ['SIMPUL_JWT_ISSUER', 'SIMPUL_JWKS_URL']) {
    const value = env[name];
    if (value === undefined) continue;
    if (!/^https:\/\//.test(value)) throw new ConfigError(name, 'must be an https:// URL in production');
    if (/127\.0\.0\.1|localhost|sandbox|auth\.simpul\.local/.test(value)) throw new ConfigError(name, 'points at the development identity provider');
  }
  const pepper = env.SIMPUL_APPLICANT_PEPPER ?? '';
  if (pepper.length < 32 || /dev|change-me/i.test(pepper)) throw new ConfigError('SIMPUL_APPLICANT_PEPPER', 'must be at least 32 random characters in production, not a development value');
  if (/dev-callback-secret/.test(env.SIMPUL_AGENCY_CALLBACK_SECRETS ?? '')) throw new ConfigError('SIMPUL_AGENCY_CALLBACK_SECRETS', 'holds a development secret');
  for (const name of ['SIMPUL_SANDBOX_API_KEY', 'SIMPUL_SANDBOX_ADMIN_KEY']) {
    if (/dev-key/.test(env[name] ?? '')) throw new ConfigError(name, 'must be set to a non-development key in production');
  }
  if ((env.SIMPUL_KEYS_DIR ?? '.infra/').includes('.infra/')) throw new ConfigError('SIMPUL_KEYS_DIR', 'points at the development key ring under .infra/');
}

export interface SimpulConfig {
  databaseUrl: string;
  kafkaBrokers: string[];
  kafkaClientId: string;
  temporalAddress: string;
  temporalNamespace: string;
  temporalUiUrl: string;
  /** Prefix on consumer group ids, so two stacks can share one Kafka when they must. */
  consumerGroupPrefix: string;
  /** `production` refuses every development default (keys, secrets, peppers, the dev issuer); see refuseDevDefaults. */
  environment: 'development' | 'production';
  auth: {
    issuer: string;
    audience: string;
    /** Where dev tokens are signed (the local dev issuer's key ring); production holds no private key. */
    keysDir: string;
    /** The issuer's JWKS URL; unset: taken from the issuer's discovery document (OpenID Connect Discovery). */
    jwksUrl: string | undefined;
    /** Signature algorithms accepted (SIMPUL_JWT_ALGORITHMS, default RS256; never none or HMAC). */
    algorithms: string[];
    /** Which token claims carry the role, agency and region (dotted paths, e.g. realm_access.roles for Keycloak). */
    claims: { role: string; agency: string; region: string };
    /** The assurance levels (acr values): the higher one is needed for the actions in stepUpActions. */
    acr: { basic: string; high: string; stepUpActions: string[] };
    /** Agencies whose officers serve one region (their token's region claim limits their queue); others are national. */
    regionalAgencies: string[];
    /**
     * portal-api's client at the identity provider for confirming a citizen's presence at a counter (the provider sends
     * the citizen a one-time code, portal-api checks the code the counter officer types); see docs/counter-officers.md.
     */
    presenceClient: { clientId: string; clientSecret: string };
    /** The back-office pages' public client at the identity provider (authorization code + PKCE). */
    backofficeClientId: string;
    /** The dev tools client of the development identity provider (npm run token, tests, demo); never in production. */
    devTools: { clientId: string; clientSecret: string };
    jwksCacheSeconds: number;
    jwksCooldownSeconds: number;
    /** Token buckets per caller (per process): citizens by NIK, other callers by token subject, failed logins by IP. */
    rateLimits: { citizen: RateLimit; client: RateLimit; unauthenticated: RateLimit };
  };
  /** Browser origins allowed to call the APIs (CORS); none by default: the portals call server to server. */
  corsOrigins: string[];
  /**
   * Temporal payload encryption (AES-256-GCM): `kid:base64key` pairs, the current one encrypts, every one decrypts.
   * Unset in development: the dev key ring in `<keysDir>/payload-keys.json` is used (production refuses that).
   */
  payloadKeys: { keys: Record<string, string> | undefined; currentKid: string | undefined };
  /** Pepper for the keyed hash that links an application to its citizen without storing the NIK as a lookup key. */
  applicantPepper: string;
  ports: { portalApi: number; backoffice: number; citizenPortal: number; agencySandbox: number; identitySandbox: number; orchestrator: number; agencyWorker: number; statusProjector: number };
  /** The development identity provider (apps/identity-sandbox): its cookie signing keys and its clients' secrets. */
  identitySandbox: { cookieKeys: string[]; clientSecrets: { portal: string; monitoring: string } };
  sandbox: { baseUrl: string; apiKey: string; adminKey: string; asyncAgencies: string[]; civilRegistryAllowedIps: string[]; simkahAllowedIps: string[]; tokenTtlSeconds: number; kemensosBatchSeconds: number; gatewayClient: { clientId: string; clientSecret: string } };
  /** How each agency is reached as it is (libs/config/src/agency-connections.ts). */
  agencies: Record<string, AgencyConnection>;
  agency: string | undefined;
  /** The agency worker's protection of its agency and its callback contract. */
  agencyWorker: {
    maxConcurrentCalls: number;
    maxCallsPerSecond: number | undefined;
    callTimeoutMs: number;
    /** Public base URL agencies call back on (a gateway in production); `/v1/agency-callbacks/<agency>` is appended. */
    callbackBaseUrl: string;
    /** How often registered calls of asynchronous steps are heartbeated (below ASYNC_HEARTBEAT_TIMEOUT_SECONDS). */
    pendingCallHeartbeatMs: number;
  };
  /** Where spans go: JSON-lines files in a directory (local), or an OTLP/HTTP endpoint (production). */
  tracing: { dir: string | undefined; otlpUrl: string | undefined };
  /** Per-agency secrets that sign asynchronous callbacks (HMAC-SHA256). */
  callbackSecrets: Record<string, string>;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  shutdownGraceMs: number;
  /** Length of an SLA hour in seconds (3600); tests and demos compress time with a smaller value. */
  slaSecondsPerHour: number;
  /**
   * Workflows the orchestrator keeps in memory between their tasks (Temporal's sticky cache); unset = the SDK's default,
   * which grows with the heap limit. A workflow evicted from it is replayed from its history on its next task.
   */
  workflowCacheSize: number | undefined;
  /** How long an officer's claim on a task lasts before another officer may take it (SIMPUL_TASK_CLAIM_TTL_SECONDS). */
  taskClaimTtlSeconds: number;
  /**
   * Reading a family card from the civil registry for a pre-fill: how long a caller waits for it before going on
   * without it, and how long portal-api keeps an answer in memory (a page opened twice reads the registry once).
   */
  familyCard: { timeoutMs: number; cacheSeconds: number };
  /**
   * The citizen portal (apps/citizen-portal): where citizens' browsers reach it (portal-api accepts their calls from
   * this origin, CORS) and where its pages reach portal-api.
   */
  citizenPortal: { url: string; apiUrl: string };
  /** Address the HTTP servers bind to: loopback for local development, 0.0.0.0 in containers. */
  bindHost: string;
  /** How often backoffice runs the retention job (seconds; 0: off, e.g. when a CronJob runs it). */
  retentionIntervalSeconds: number;
}

function connections(env: Env, sandboxUrl: string, production: boolean): Record<string, AgencyConnection> {
  try {
    return agencyConnections(env, sandboxUrl, production, env.SIMPUL_AGENCY);
  } catch (err) {
    if (err instanceof MissingCredentialError) throw new ConfigError(err.variable, `is required in production for the ${err.agency} adapter (its agency credential)`);
    throw err;
  }
}

export function loadConfig(env: Env = process.env): SimpulConfig {
  const logLevel = str(env, 'SIMPUL_LOG_LEVEL', 'info');
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError('SIMPUL_LOG_LEVEL', `must be one of debug, info, warn, error, got "${logLevel}"`);
  }
  const databaseUrl = str(env, 'SIMPUL_DATABASE_URL', 'postgres://simpul:simpul@127.0.0.1:5432/simpul');
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('SIMPUL_DATABASE_URL', 'must be a postgres:// URL');
  const sandboxPort = int(env, 'SIMPUL_AGENCY_SANDBOX_PORT', 3100, 0, 65535);
  const environment = str(env, 'SIMPUL_ENV', 'development');
  if (environment !== 'development' && environment !== 'production') throw new ConfigError('SIMPUL_ENV', `must be development or production, got "${environment}"`);
  if (environment === 'production') refuseDevDefaults(env);
  const sandboxUrl = str(env, 'SIMPUL_AGENCY_SANDBOX_URL', `http://127.0.0.1:${sandboxPort}`);
  const identityPort = int(env, 'SIMPUL_IDENTITY_SANDBOX_PORT', 3200, 0, 65535);
  const algorithms = list(env, 'SIMPUL_JWT_ALGORITHMS', 'RS256');
  for (const alg of algorithms) if (!/^(RS|PS|ES)(256|384|512)$|^EdDSA$/.test(alg)) throw new ConfigError('SIMPUL_JWT_ALGORITHMS', `must list asymmetric JWS algorithms (RS256, PS256, ES256, EdDSA…), got "${alg}"`);
  return {
    environment,
    databaseUrl,
    kafkaBrokers: list(env, 'SIMPUL_KAFKA_BROKERS', '127.0.0.1:9092'),
    kafkaClientId: str(env, 'SIMPUL_KAFKA_CLIENT_ID', 'simpul'),
    temporalAddress: str(env, 'SIMPUL_TEMPORAL_ADDRESS', '127.0.0.1:7233'),
    temporalNamespace: str(env, 'SIMPUL_TEMPORAL_NAMESPACE', 'default'),
    temporalUiUrl: str(env, 'SIMPUL_TEMPORAL_UI_URL', 'http://127.0.0.1:8233'),
    consumerGroupPrefix: str(env, 'SIMPUL_CONSUMER_GROUP_PREFIX', 'simpul'),
    auth: {
      issuer: str(env, 'SIMPUL_JWT_ISSUER', `http://127.0.0.1:${identityPort}`),
      audience: str(env, 'SIMPUL_JWT_AUDIENCE', 'simpul'),
      keysDir: str(env, 'SIMPUL_KEYS_DIR', '.infra/dev/keys'),
      jwksUrl: env.SIMPUL_JWKS_URL || undefined,
      algorithms,
      claims: {
        role: str(env, 'SIMPUL_AUTH_ROLE_CLAIM', 'role'),
        agency: str(env, 'SIMPUL_AUTH_AGENCY_CLAIM', 'agency'),
        region: str(env, 'SIMPUL_AUTH_REGION_CLAIM', 'region'),
      },
      acr: {
        basic: str(env, 'SIMPUL_ACR_BASIC', 'urn:simpul:acr:password'),
        high: str(env, 'SIMPUL_ACR_HIGH', 'urn:simpul:acr:digital-id-liveness'),
        stepUpActions: list(env, 'SIMPUL_STEP_UP_ACTIONS', 'file-death,revoke-consent,unmask-personal-data'),
      },
      regionalAgencies: list(env, 'SIMPUL_REGIONAL_AGENCIES', 'civil-registry,social-aid'),
      backofficeClientId: str(env, 'SIMPUL_BACKOFFICE_CLIENT_ID', 'simpul-backoffice'),
      presenceClient: { clientId: str(env, 'SIMPUL_PRESENCE_CLIENT_ID', 'simpul-portal-api'), clientSecret: str(env, 'SIMPUL_PRESENCE_CLIENT_SECRET', 'dev-presence-secret-0123456789') },
      devTools: { clientId: 'simpul-dev-tools', clientSecret: str(env, 'SIMPUL_DEV_TOOLS_CLIENT_SECRET', 'dev-tools-secret-0123456789') },
      jwksCacheSeconds: int(env, 'SIMPUL_JWKS_CACHE_SECONDS', 600, 1, 86_400),
      jwksCooldownSeconds: int(env, 'SIMPUL_JWKS_COOLDOWN_SECONDS', 5, 0, 3600),
      rateLimits: {
        citizen: rateLimit(env, 'SIMPUL_RATE_LIMIT_CITIZEN', { perSecond: 5, burst: 300 }),
        client: rateLimit(env, 'SIMPUL_RATE_LIMIT_CLIENT', { perSecond: 200, burst: 6000 }),
        unauthenticated: rateLimit(env, 'SIMPUL_RATE_LIMIT_UNAUTHENTICATED', { perSecond: 5, burst: 100 }),
      },
    },
    identitySandbox: {
      cookieKeys: list(env, 'SIMPUL_IDENTITY_COOKIE_KEYS', 'dev-identity-cookie-key-0123456789'),
      clientSecrets: {
        portal: str(env, 'SIMPUL_PORTAL_CLIENT_SECRET', 'dev-portal-client-secret-0123'),
        monitoring: str(env, 'SIMPUL_MONITORING_CLIENT_SECRET', 'dev-monitoring-client-secret-0123'),
      },
    },
    corsOrigins: (env.SIMPUL_CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((o) => origin(o)),
    payloadKeys: payloadKeys(env),
    applicantPepper: str(env, 'SIMPUL_APPLICANT_PEPPER', 'dev-only-pepper-change-me'),
    ports: {
      portalApi: int(env, 'SIMPUL_PORTAL_API_PORT', 3000, 0, 65535),
      backoffice: int(env, 'SIMPUL_BACKOFFICE_PORT', 3001, 0, 65535),
      citizenPortal: int(env, 'SIMPUL_CITIZEN_PORTAL_PORT', 3002, 0, 65535),
      agencySandbox: sandboxPort,
      identitySandbox: identityPort,
      orchestrator: int(env, 'SIMPUL_ORCHESTRATOR_PORT', 3010, 0, 65535),
      agencyWorker: int(env, 'SIMPUL_AGENCY_WORKER_PORT', 3020, 0, 65535),
      statusProjector: int(env, 'SIMPUL_STATUS_PROJECTOR_PORT', 3030, 0, 65535),
    },
    sandbox: {
      baseUrl: sandboxUrl,
      apiKey: str(env, 'SIMPUL_SANDBOX_API_KEY', 'sandbox-dev-key'),
      adminKey: str(env, 'SIMPUL_SANDBOX_ADMIN_KEY', 'sandbox-admin-dev-key'),
      asyncAgencies: list(env, 'SIMPUL_SANDBOX_ASYNC_AGENCIES', 'social-aid'),
      civilRegistryAllowedIps: list(env, 'SIMPUL_SANDBOX_DUKCAPIL_ALLOWED_IPS', '127.0.0.1,::1,::ffff:127.0.0.1'),
      simkahAllowedIps: list(env, 'SIMPUL_SANDBOX_SIMKAH_ALLOWED_IPS', '127.0.0.1,::1,::ffff:127.0.0.1'),
      tokenTtlSeconds: int(env, 'SIMPUL_SANDBOX_TOKEN_TTL_SECONDS', 60, 1, 86_400),
      // How often the Kemensos stand-in verifies the proposals it holds (its batch); real batches run daily.
      kemensosBatchSeconds: int(env, 'SIMPUL_SANDBOX_KEMENSOS_BATCH_SECONDS', 3, 1, 86_400),
      gatewayClient: { clientId: str(env, 'SIMPUL_GATEWAY_CLIENT_ID', 'simpul'), clientSecret: str(env, 'SIMPUL_GATEWAY_CLIENT_SECRET', 'gateway-dev-client-secret') },
    },
    agencies: connections(env, sandboxUrl, environment === 'production'),
    agency: env.SIMPUL_AGENCY,
    agencyWorker: {
      maxConcurrentCalls: int(env, 'SIMPUL_AGENCY_MAX_CONCURRENT', 20, 1, 1000),
      maxCallsPerSecond: env.SIMPUL_AGENCY_MAX_PER_SECOND ? int(env, 'SIMPUL_AGENCY_MAX_PER_SECOND', 0, 1, 100_000) : undefined,
      callTimeoutMs: int(env, 'SIMPUL_AGENCY_CALL_TIMEOUT_MS', 10_000, 100, 600_000),
      callbackBaseUrl: str(env, 'SIMPUL_AGENCY_CALLBACK_BASE_URL', `http://127.0.0.1:${int(env, 'SIMPUL_AGENCY_WORKER_PORT', 3020, 0, 65535)}`),
      pendingCallHeartbeatMs: int(env, 'SIMPUL_PENDING_CALL_HEARTBEAT_MS', 15_000, 1000, 30_000),
    },
    callbackSecrets: secrets(env, 'SIMPUL_AGENCY_CALLBACK_SECRETS'),
    tracing: { dir: env.SIMPUL_TRACES_DIR || undefined, otlpUrl: env.SIMPUL_OTLP_TRACES_URL || undefined },
    logLevel: logLevel as SimpulConfig['logLevel'],
    shutdownGraceMs: int(env, 'SIMPUL_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    bindHost: str(env, 'SIMPUL_BIND_HOST', '127.0.0.1'),
    slaSecondsPerHour: positive(env, 'SIMPUL_SLA_SECONDS_PER_HOUR', 3600, 3600),
    workflowCacheSize: env.SIMPUL_WORKFLOW_CACHE_SIZE ? int(env, 'SIMPUL_WORKFLOW_CACHE_SIZE', 0, 2, 100_000) : undefined,
    taskClaimTtlSeconds: int(env, 'SIMPUL_TASK_CLAIM_TTL_SECONDS', 900, 1, 86_400),
    familyCard: { timeoutMs: int(env, 'SIMPUL_FAMILY_CARD_TIMEOUT_MS', 8000, 500, 60_000), cacheSeconds: int(env, 'SIMPUL_FAMILY_CARD_CACHE_SECONDS', 300, 0, 3600) },
    citizenPortal: {
      url: origin(str(env, 'SIMPUL_CITIZEN_PORTAL_URL', `http://127.0.0.1:${int(env, 'SIMPUL_CITIZEN_PORTAL_PORT', 3002, 0, 65535)}`), 'SIMPUL_CITIZEN_PORTAL_URL'),
      apiUrl: origin(str(env, 'SIMPUL_PORTAL_API_PUBLIC_URL', `http://127.0.0.1:${int(env, 'SIMPUL_PORTAL_API_PORT', 3000, 0, 65535)}`), 'SIMPUL_PORTAL_API_PUBLIC_URL'),
    },
    retentionIntervalSeconds: int(env, 'SIMPUL_RETENTION_INTERVAL_SECONDS', 3600, 0, 604_800),
  };
}
