import { SignJWT, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { FACILITY_ID_PATTERN, isAgencyId, nikProblem } from '@simpul/contracts';
import { ALG, loadPrivateKey } from './keys';
import type { Principal } from './principal';
import { ROLES, type Role } from './roles.decorator';

export class InvalidTokenError extends Error {}

/** Which claims carry what Simpul reads, as dotted paths (a provider's own names: `realm_access.roles` in Keycloak). */
export interface ClaimNames {
  role: string;
  agency: string;
  region: string;
}
export const DEFAULT_CLAIMS: ClaimNames = { role: 'role', agency: 'agency', region: 'region' };

export interface TokenSettings {
  issuer: string;
  audience: string;
  /** Signature algorithms accepted (default RS256); `none` and HMAC are never taken from a token's header. */
  algorithms?: string[];
  claims?: ClaimNames;
}

/** Where verifiers get the issuer's public keys: its JWKS (found by discovery unless given), cached, by kid. */
export interface JwksSettings {
  issuer: string;
  /** The JWKS URL; unset: the issuer's discovery document (`/.well-known/openid-configuration`) names it. */
  jwksUrl?: string;
  /** How long a fetched key set is trusted before it is fetched again (a retired key stops verifying after this). */
  jwksCacheSeconds: number;
  /** The least time between two fetches, however many unknown kids arrive (protects the issuer from a kid flood). */
  jwksCooldownSeconds: number;
}

export type VerificationKey = KeyLike | Uint8Array | JWTVerifyGetKey;

/** OpenID Connect discovery: the issuer's metadata, which must name the same issuer (OIDC Discovery 1.0, 4.3). */
export async function discoverJwksUrl(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`discovery at ${url} answered ${res.status}`);
  const metadata = (await res.json()) as { issuer?: string; jwks_uri?: string };
  if (metadata.issuer !== issuer) throw new Error(`discovery at ${url} names issuer ${metadata.issuer}, not ${issuer}`);
  if (!metadata.jwks_uri) throw new Error(`discovery at ${url} names no jwks_uri`);
  return metadata.jwks_uri;
}

/**
 * The issuer's keys by URL (jose's remote JWK set): fetched on first use, cached for `jwksCacheSeconds`, refetched
 * at once (after the cooldown) when a token names a kid not in the cache, so a newly published key verifies without a
 * restart. Two keys are served during a rotation; either verifies. The JWKS URL comes from discovery on first use
 * (retried on the next token if the provider did not answer), so an app starts before its identity provider.
 */
export function remoteKeys(settings: JwksSettings): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const resolve = async (): Promise<JWTVerifyGetKey> => {
    const url = settings.jwksUrl ?? (await discoverJwksUrl(settings.issuer));
    return createRemoteJWKSet(new URL(url), {
      cacheMaxAge: settings.jwksCacheSeconds * 1000,
      cooldownDuration: settings.jwksCooldownSeconds * 1000,
      timeoutDuration: 5000,
    });
  };
  return async (header, token) => {
    keys ??= resolve();
    try {
      return await (await keys)(header, token);
    } catch (err) {
      if (!(err instanceof errors.JOSEError)) {
        keys = undefined;
        throw Object.assign(new Error(`the identity provider could not be asked: ${err instanceof Error ? err.message : String(err)}`), { code: 'ETIMEDOUT' });
      }
      throw err;
    }
  };
}

/** A claim by dotted path; for an array (a provider's role list), its first value Simpul knows. */
function claim(payload: Record<string, unknown>, path: string, known?: readonly string[]): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  if (Array.isArray(value) && known) return value.find((v) => known.includes(String(v)));
  return value;
}

/**
 * Verifies signature, issuer, audience and expiry, then the claims Simpul relies on. Returns the principal and the
 * token's expiry (milliseconds since the epoch), how long it may be trusted without checking it again.
 */
export async function verifyToken(token: string, key: VerificationKey, settings: TokenSettings): Promise<{ principal: Principal; expiresAt: number }> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key as JWTVerifyGetKey, { issuer: settings.issuer, audience: settings.audience, algorithms: settings.algorithms ?? [ALG], requiredClaims: ['exp', 'sub'] }));
  } catch (err) {
    // The issuer's JWKS endpoint unreachable is an outage (503 at the edge), not a bad token (401).
    if (err instanceof errors.JWKSTimeout) throw Object.assign(new Error('the identity provider did not answer in time'), { code: 'ETIMEDOUT' });
    if (!(err instanceof errors.JOSEError)) throw err;
    throw new InvalidTokenError(err.message);
  }
  const names = settings.claims ?? DEFAULT_CLAIMS;
  const role = claim(payload, names.role, ROLES);
  const subject = String(payload.sub);
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new InvalidTokenError('token has no known role');
  const principal: Principal = { subject, role: role as Role };
  if (typeof payload.acr === 'string') principal.acr = payload.acr;
  if (role === 'citizen') {
    if (nikProblem(subject) !== null) throw new InvalidTokenError('a citizen token must have a valid NIK as subject');
    principal.nik = subject;
  }
  if (role === 'officer' || role === 'supervisor') {
    const agency = claim(payload, names.agency);
    if (!isAgencyId(agency)) throw new InvalidTokenError('an officer token must name one known agency');
    principal.agency = agency;
    const region = claim(payload, names.region);
    if (region !== undefined && (typeof region !== 'string' || !/^\d{2}(\d{2})?$/.test(region))) throw new InvalidTokenError('region must be a province (2 digits) or regency (4 digits) code');
    if (typeof region === 'string') principal.region = region;
  }
  if (role === 'facility') {
    if (typeof payload.facility_id !== 'string' || !FACILITY_ID_PATTERN.test(payload.facility_id)) throw new InvalidTokenError('a facility token must name its facility (facility_id)');
    principal.facilityId = payload.facility_id;
  }
  if (role === 'counter-officer') {
    if (typeof payload.mall_id !== 'string' || !/^[a-z0-9][a-z0-9-]{2,62}$/.test(payload.mall_id)) throw new InvalidTokenError('a counter officer token must name its public service mall (mall_id)');
    principal.mallId = payload.mall_id;
  }
  return { principal, expiresAt: Number(payload.exp) * 1000 };
}

/**
 * Signs a token with the dev ring's signing key directly, for tests that need one the identity provider would never
 * issue (another issuer or audience, already expired). Every other token comes from the provider (dev-tokens.ts).
 */
export async function forgeDevToken(
  keysDir: string,
  settings: TokenSettings,
  role: Role,
  subject: string,
  extra: { agency?: string; facilityId?: string; ttlSeconds?: number } = {},
): Promise<string> {
  const { key, kid } = await loadPrivateKey(keysDir);
  const claims: Record<string, unknown> = { role };
  if (extra.agency) claims.agency = extra.agency;
  if (extra.facilityId) claims.facility_id = extra.facilityId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid })
    .setSubject(subject)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(`${extra.ttlSeconds ?? 3600}s`)
    .sign(key);
}
