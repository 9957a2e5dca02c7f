import { SignJWT, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { FACILITY_ID_PATTERN, isAgencyId, nikProblem } from '@simpul/contracts';
import { ALG, loadPrivateKey } from './keys';
import type { Principal } from './principal';
import { ROLES, type Role } from './roles.decorator';

export class InvalidTokenError extends Error {}

export interface TokenSettings {
  issuer: string;
  audience: string;
}

/** Where verifiers get the issuer's public keys: its JWKS endpoint, cached, looked up by the token's kid. */
export interface JwksSettings {
  jwksUrl: string;
  /** How long a fetched key set is trusted before it is fetched again (a retired key stops verifying after this). */
  jwksCacheSeconds: number;
  /** The least time between two fetches, however many unknown kids arrive (protects the issuer from a kid flood). */
  jwksCooldownSeconds: number;
}

export type VerificationKey = KeyLike | Uint8Array | JWTVerifyGetKey;

/**
 * The issuer's keys by URL (jose's remote JWK set): fetched on first use, cached for `jwksCacheSeconds`, refetched
 * at once (after the cooldown) when a token names a kid not in the cache, so a newly published key verifies without a
 * restart. Two keys are served during a rotation; either verifies.
 */
export function remoteKeys(settings: JwksSettings): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(settings.jwksUrl), {
    cacheMaxAge: settings.jwksCacheSeconds * 1000,
    cooldownDuration: settings.jwksCooldownSeconds * 1000,
    timeoutDuration: 5000,
  });
}

/**
 * Verifies signature, issuer, audience and expiry, then the claims Simpul relies on. Returns the principal and the
 * token's expiry (milliseconds since the epoch), how long it may be trusted without checking it again.
 */
export async function verifyToken(token: string, key: VerificationKey, settings: TokenSettings): Promise<{ principal: Principal; expiresAt: number }> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key as JWTVerifyGetKey, { issuer: settings.issuer, audience: settings.audience, algorithms: [ALG], requiredClaims: ['exp', 'sub'] }));
  } catch (err) {
    // The issuer's JWKS endpoint unreachable is an outage (503 at the edge), not a bad token (401).
    if (err instanceof errors.JWKSTimeout) throw Object.assign(new Error('the identity provider did not answer in time'), { code: 'ETIMEDOUT' });
    if (!(err instanceof errors.JOSEError)) throw err;
    throw new InvalidTokenError(err.message);
  }
  const role = payload.role;
  const subject = String(payload.sub);
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new InvalidTokenError('token has no known role');
  const principal: Principal = { subject, role: role as Role };
  if (role === 'citizen') {
    if (nikProblem(subject) !== null) throw new InvalidTokenError('a citizen token must have a valid NIK as subject');
    principal.nik = subject;
  }
  if (role === 'officer' || role === 'supervisor') {
    if (!isAgencyId(payload.agency)) throw new InvalidTokenError('an officer token must name one known agency');
    principal.agency = payload.agency;
  }
  if (role === 'facility') {
    if (typeof payload.facility_id !== 'string' || !FACILITY_ID_PATTERN.test(payload.facility_id)) throw new InvalidTokenError('a facility token must name its facility (facility_id)');
    principal.facilityId = payload.facility_id;
  }
  return { principal, expiresAt: Number(payload.exp) * 1000 };
}

/** Issues a development token (the dev issuer); production tokens come from the identity provider. */
export async function issueDevToken(
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
