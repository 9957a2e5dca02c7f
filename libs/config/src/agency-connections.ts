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

export interface AgencyConnection {
  /** Where the agency's own API lives (direct mode), e.g. http://127.0.0.1:3100/civil-registry. */
  baseUrl: string;
  /** Through the gateway (SPLP): requests go to gateway.baseUrl + the same path, with a gateway token in front. */
  gateway?: GatewayConnection;
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

function gatewayOf(env: Env, agency: string, production: boolean): GatewayConnection | undefined {
  if ((env[agencyEnvName(agency, 'MODE')] ?? 'direct') !== 'gateway') return undefined;
  const baseUrl = env.SIMPUL_GATEWAY_URL;
  if (!baseUrl) throw new MissingCredentialError('SIMPUL_GATEWAY_URL', agency);
  if (production && !env.SIMPUL_GATEWAY_CLIENT_SECRET) throw new MissingCredentialError('SIMPUL_GATEWAY_CLIENT_SECRET', agency);
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
    const gateway = gatewayOf(env, agency, strict);
    out[agency] = {
      baseUrl: env[agencyEnvName(agency, 'URL')] || `${sandboxUrl}/${agency}`,
      ...(gateway ? { gateway } : {}),
      credentials: credentialsOf(env, agency, strict),
      apiVersion: env[agencyEnvName(agency, 'API_VERSION')] || (API_VERSIONS[agency] as string),
    };
  }
  return out;
}
