import { createHmac } from 'node:crypto';
import type { Role } from './roles.decorator';

/**
 * Tokens for scripts and tests, issued by the development identity provider (apps/identity-sandbox) at its token
 * endpoint, as any token a signed-in person gets, so what is tested is what the provider issues:
 *   - machine clients (the portal, monitoring) use the standard client credentials grant;
 *   - people use the provider's development grant (DEV_TOKEN_GRANT), which exists only outside production and
 *     only for the dev tools client: it issues the access token a sign-in of that person would.
 */
export const DEV_TOKEN_GRANT = 'urn:simpul:params:oauth:grant-type:dev-token';

export interface IdentityProviderClient {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface DevTokenRequest {
  role: Role;
  subject: string;
  agency?: string;
  region?: string;
  /** The assurance level to state (`acr`); the provider's lower level when unset. */
  acr?: string;
  ttlSeconds?: number;
}

const endpoints = new Map<string, string>();

/**
 * fetch, tried again while the provider cannot be reached (starting, or slow on a busy machine) for up to a minute:
 * a script or test run next to a stack that is still coming up waits for it rather than failing.
 */
async function fetchPatiently(url: string, init: RequestInit = {}): Promise<Response> {
  const deadline = Date.now() + 60_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    } catch (err) {
      if (Date.now() > deadline) {
        const cause = err instanceof Error && err.cause ? ` (${String((err.cause as { message?: string }).message ?? err.cause)})` : '';
        throw new Error(`the identity provider at ${url} could not be asked: ${err instanceof Error ? err.message : String(err)}${cause} (is the stack running?)`);
      }
      await new Promise((r) => setTimeout(r, Math.min(2000, 200 * attempt)));
    }
  }
}

/** The provider's token endpoint, from its discovery document (asked once per issuer). */
async function tokenEndpoint(issuer: string): Promise<string> {
  const known = endpoints.get(issuer);
  if (known) return known;
  const res = await fetchPatiently(`${issuer}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`the identity provider at ${issuer} answered ${res.status} to discovery`);
  const endpoint = ((await res.json()) as { token_endpoint: string }).token_endpoint;
  endpoints.set(issuer, endpoint);
  return endpoint;
}

/** POSTs a grant to the token endpoint with client_secret_basic; returns the access token. */
export async function requestToken(client: IdentityProviderClient, params: Record<string, string>): Promise<string> {
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64');
  const res = await fetchPatiently(await tokenEndpoint(client.issuer), {
    method: 'POST',
    headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!res.ok || !body.access_token) throw new Error(`the identity provider refused the token: ${body.error ?? res.status} ${body.error_description ?? ''}`.trim());
  return body.access_token;
}

/** A person's token from the development grant, asked as the dev tools client (config.auth has both). */
export function requestDevToken(auth: { issuer: string; devTools: { clientId: string; clientSecret: string } }, request: DevTokenRequest): Promise<string> {
  const client = { issuer: auth.issuer, ...auth.devTools };
  const params: Record<string, string> = { grant_type: DEV_TOKEN_GRANT, role: request.role, subject: request.subject };
  if (request.agency) params.agency = request.agency;
  if (request.region) params.region = request.region;
  if (request.acr) params.acr = request.acr;
  if (request.ttlSeconds) params.ttl = String(request.ttlSeconds);
  return requestToken(client, params);
}

/**
 * A demo health facility's machine client at the development identity provider: client id `facility-<id>`, its secret
 * derived from the dev tools secret (development only: a real facility is registered at the production provider with
 * its own credentials). The provider puts the client's registered `facility_id` into its client-credentials tokens.
 */
export function devFacilityClient(auth: { issuer: string; devTools: { clientSecret: string } }, facilityId: string): IdentityProviderClient {
  const clientSecret = createHmac('sha256', auth.devTools.clientSecret).update(`facility:${facilityId}`).digest('base64url');
  return { issuer: auth.issuer, clientId: `facility-${facilityId}`, clientSecret };
}

/** A machine client's token (OAuth 2.0 client credentials). */
export function clientCredentialsToken(client: IdentityProviderClient): Promise<string> {
  return requestToken(client, { grant_type: 'client_credentials' });
}
