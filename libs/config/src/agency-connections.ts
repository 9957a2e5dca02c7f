/**
 * How Simpul reaches each agency as it is: its base URL (direct, or through the SPLP gateway with the gateway's own
 * OAuth 2.0 client credentials), the agency's own credentials, and the API version the adapter speaks (recorded as
 * the rule version where the agency does not report one). Read once at start, like the rest of the configuration.
 */
type Env = Record<string, string | undefined>;

export interface GatewayConnection {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/** How an agency worker reaches its agency: the agency itself, or through the gateway (SPLP). */
export type AgencyProfile = 'DIRECT' | 'GATEWAY';

export interface AgencyConnection {
  /** Where the agency's own API lives (direct mode), e.g. http://127.0.0.1:3100/civil-registry. */
  baseUrl: string;
  /**
   * The gateway (SPLP), when one is configured (SIMPUL_GATEWAY_URL; in development the sandbox's stand-in by default):
   * requests go to gateway.baseUrl + the same path, with a gateway token in front. Whether a step uses it is the
   * connection registry's profile, else `defaultProfile`.
   */
  gateway?: GatewayConnection;
  /** SIMPUL_AGENCY_<ID>_MODE (direct or gateway): the profile of an API step whose registry row names none. */
  defaultProfile: AgencyProfile;
  /** The agency's own credentials (names per agency below), from the environment or a secret store. */
  credentials: Record<string, string>;
  /** The agency API version the adapter speaks, recorded as the rule version when the agency reports none. */
  apiVersion: string;
}

/** Per agency: credential name → [environment variable, development default]. Production has no defaults. */
export const AGENCY_CREDENTIALS: Record<string, Record<string, [string, string]>> = {
  'civil-registry': { userId: ['SIMPUL_DUKCAPIL_USER_ID', 'simpul-dev'], password: ['SIMPUL_DUKCAPIL_PASSWORD', 'dukcapil-dev-password'] },
  'bpjs-health': {
    consId: ['SIMPUL_BPJS_KES_CONS_ID', '10001'],
    secret: ['SIMPUL_BPJS_KES_SECRET', 'bpjs-kes-dev-secret'],
    userKey: ['SIMPUL_BPJS_KES_USER_KEY', 'bpjs-kes-dev-user-key'],
  },
  'social-aid': { apiKey: ['SIMPUL_KEMENSOS_API_KEY', 'sandbox-dev-key'] },
  education: { clientId: ['SIMPUL_KIP_CLIENT_ID', 'simpul'], clientSecret: ['SIMPUL_KIP_CLIENT_SECRET', 'kip-dev-client-secret'] },
  'bpjs-employment': { username: ['SIMPUL_BPJSTK_USERNAME', 'simpul'], password: ['SIMPUL_BPJSTK_PASSWORD', 'bpjstk-dev-password'] },
  'religious-affairs': { userId: ['SIMPUL_SIMKAH_USER_ID', 'simpul-dev'], password: ['SIMPUL_SIMKAH_PASSWORD', 'simkah-dev-password'] },
};

const API_VERSIONS: Record<string, string> = {
  'civil-registry': 'dukcapil-ws-2025.1',
  'bpjs-health': 'bpjs-kes-vclaim-2.0',
  'social-aid': 'kemensos-dtsen-2025.2',
  education: 'kemendikbud-pip-api-v1',
  'bpjs-employment': 'bpjstk-jkm-soap-2024.1',
  'religious-affairs': 'kemenag-simkah-ws-2024.2',
};

/** SIMPUL_AGENCY_CIVIL_REGISTRY_URL and the like. */
export const agencyEnvName = (agency: string, what: string) => `SIMPUL_AGENCY_${agency.toUpperCase().replace(/-/g, '_')}_${what}`;

export class MissingCredentialError extends Error {
  constructor(readonly variable: string, readonly agency: string) {
    super(`${variable} is required for the ${agency} adapter`);
  }
}

function credentialsOf(env: Env, agency: string, production: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, [variable, fallback]] of Object.entries(AGENCY_CREDENTIALS[agency] ?? {})) {
    const value = env[variable];
    if (!value && production) throw new MissingCredentialError(variable, agency);
    out[name] = value || fallback;
  }
  return out;
}

function defaultProfileOf(env: Env, agency: string): AgencyProfile {
  return (env[agencyEnvName(agency, 'MODE')] ?? 'direct') === 'gateway' ? 'GATEWAY' : 'DIRECT';
}

/**
 * The gateway, when one is configured: SIMPUL_GATEWAY_URL, in development the sandbox's SPLP stand-in by default (so
 * the registry can send a region's steps through it; nothing does unless a row or SIMPUL_AGENCY_<ID>_MODE says so).
 * An agency worker whose own default is the gateway must have it (and in production its secret); otherwise a gateway
 * without its production secret is left out (a registry row naming GATEWAY then waits, see connection-lanes.ts).
 */
function gatewayOf(env: Env, agency: string, sandboxUrl: string, production: boolean, strict: boolean): GatewayConnection | undefined {
  const required = defaultProfileOf(env, agency) === 'GATEWAY';
  const baseUrl = env.SIMPUL_GATEWAY_URL || (production ? undefined : `${sandboxUrl}/splp`);
  if (!baseUrl) {
    if (required) throw new MissingCredentialError('SIMPUL_GATEWAY_URL', agency);
    return undefined;
  }
  if (strict && !env.SIMPUL_GATEWAY_CLIENT_SECRET) {
    if (required) throw new MissingCredentialError('SIMPUL_GATEWAY_CLIENT_SECRET', agency);
    return undefined;
  }
  return {
    baseUrl,
    tokenUrl: env.SIMPUL_GATEWAY_TOKEN_URL || `${baseUrl}/oauth2/token`,
    clientId: env.SIMPUL_GATEWAY_CLIENT_ID || 'simpul',
    clientSecret: env.SIMPUL_GATEWAY_CLIENT_SECRET || 'gateway-dev-client-secret',
  };
}

/**
 * Every agency's connection. In production an agency worker (`onlyAgency`) must be given its own agency's credentials
 * (a missing one stops it, naming the variable); other apps hold none they use.
 */
export function agencyConnections(env: Env, sandboxUrl: string, production: boolean, onlyAgency?: string): Record<string, AgencyConnection> {
  const out: Record<string, AgencyConnection> = {};
  for (const agency of Object.keys(AGENCY_CREDENTIALS)) {
    const strict = production && onlyAgency === agency;
    const gateway = gatewayOf(env, agency, sandboxUrl, production, strict);
    out[agency] = {
      baseUrl: env[agencyEnvName(agency, 'URL')] || `${sandboxUrl}/${agency}`,
      ...(gateway ? { gateway } : {}),
      defaultProfile: defaultProfileOf(env, agency),
      credentials: credentialsOf(env, agency, strict),
      apiVersion: env[agencyEnvName(agency, 'API_VERSION')] || (API_VERSIONS[agency] as string),
    };
  }
  return out;
}
