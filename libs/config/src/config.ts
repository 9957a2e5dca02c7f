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
  const agencies = ['civil-registry', 'bpjs-health', 'social-aid', 'education', 'bpjs-employment'];
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

export interface SimpulConfig {
  databaseUrl: string;
  kafkaBrokers: string[];
  kafkaClientId: string;
  temporalAddress: string;
  temporalNamespace: string;
  temporalUiUrl: string;
  /** Prefix on consumer group ids, so two stacks can share one Kafka when they must. */
  consumerGroupPrefix: string;
  auth: { issuer: string; audience: string; keysDir: string };
  /** Pepper for the keyed hash that links an application to its citizen without storing the NIK as a lookup key. */
  applicantPepper: string;
  ports: { portalApi: number; backoffice: number; agencySandbox: number; orchestrator: number; agencyWorker: number; statusProjector: number };
  sandbox: { baseUrl: string; apiKey: string; adminKey: string; asyncAgencies: string[] };
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
  /** How long an officer's claim on a task lasts before another officer may take it (SIMPUL_TASK_CLAIM_TTL_SECONDS). */
  taskClaimTtlSeconds: number;
  /** Address the HTTP servers bind to: loopback for local development, 0.0.0.0 in containers. */
  bindHost: string;
}

export function loadConfig(env: Env = process.env): SimpulConfig {
  const logLevel = str(env, 'SIMPUL_LOG_LEVEL', 'info');
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError('SIMPUL_LOG_LEVEL', `must be one of debug, info, warn, error, got "${logLevel}"`);
  }
  const databaseUrl = str(env, 'SIMPUL_DATABASE_URL', 'postgres://simpul:simpul@127.0.0.1:5432/simpul');
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('SIMPUL_DATABASE_URL', 'must be a postgres:// URL');
  const sandboxPort = int(env, 'SIMPUL_AGENCY_SANDBOX_PORT', 3100, 0, 65535);
  return {
    databaseUrl,
    kafkaBrokers: list(env, 'SIMPUL_KAFKA_BROKERS', '127.0.0.1:9092'),
    kafkaClientId: str(env, 'SIMPUL_KAFKA_CLIENT_ID', 'simpul'),
    temporalAddress: str(env, 'SIMPUL_TEMPORAL_ADDRESS', '127.0.0.1:7233'),
    temporalNamespace: str(env, 'SIMPUL_TEMPORAL_NAMESPACE', 'default'),
    temporalUiUrl: str(env, 'SIMPUL_TEMPORAL_UI_URL', 'http://127.0.0.1:8233'),
    consumerGroupPrefix: str(env, 'SIMPUL_CONSUMER_GROUP_PREFIX', 'simpul'),
    auth: {
      issuer: str(env, 'SIMPUL_JWT_ISSUER', 'https://auth.simpul.local'),
      audience: str(env, 'SIMPUL_JWT_AUDIENCE', 'simpul'),
      keysDir: str(env, 'SIMPUL_KEYS_DIR', '.infra/dev/keys'),
    },
    applicantPepper: str(env, 'SIMPUL_APPLICANT_PEPPER', 'dev-only-pepper-change-me'),
    ports: {
      portalApi: int(env, 'SIMPUL_PORTAL_API_PORT', 3000, 0, 65535),
      backoffice: int(env, 'SIMPUL_BACKOFFICE_PORT', 3001, 0, 65535),
      agencySandbox: sandboxPort,
      orchestrator: int(env, 'SIMPUL_ORCHESTRATOR_PORT', 3010, 0, 65535),
      agencyWorker: int(env, 'SIMPUL_AGENCY_WORKER_PORT', 3020, 0, 65535),
      statusProjector: int(env, 'SIMPUL_STATUS_PROJECTOR_PORT', 3030, 0, 65535),
    },
    sandbox: {
      baseUrl: str(env, 'SIMPUL_AGENCY_SANDBOX_URL', `http://127.0.0.1:${sandboxPort}`),
      apiKey: str(env, 'SIMPUL_SANDBOX_API_KEY', 'sandbox-dev-key'),
      adminKey: str(env, 'SIMPUL_SANDBOX_ADMIN_KEY', 'sandbox-admin-dev-key'),
      asyncAgencies: list(env, 'SIMPUL_SANDBOX_ASYNC_AGENCIES', 'social-aid'),
    },
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
    taskClaimTtlSeconds: int(env, 'SIMPUL_TASK_CLAIM_TTL_SECONDS', 900, 1, 86_400),
  };
}
