import { SignJWT, jwtVerify, type KeyLike } from 'jose';
import { isAgencyId, nikProblem } from '@simpul/contracts';
import { ALG, loadPrivateKey } from './keys';
import type { Principal } from './principal';
import { ROLES, type Role } from './roles.decorator';

export class InvalidTokenError extends Error {}

export interface TokenSettings {
  issuer: string;
  audience: string;
}

/** Verifies signature, issuer, audience and expiry, then the claims Simpul relies on. */
export async function verifyToken(token: string, key: KeyLike | Uint8Array, settings: TokenSettings): Promise<Principal> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key, { issuer: settings.issuer, audience: settings.audience, algorithms: [ALG], requiredClaims: ['exp', 'sub'] }));
  } catch (err) {
    throw new InvalidTokenError(err instanceof Error ? err.message : 'invalid token');
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
  return principal;
}

/** Issues a development token (the dev issuer); production tokens come from the identity provider. */
export async function issueDevToken(
  keysDir: string,
  settings: TokenSettings,
  role: Role,
  subject: string,
  extra: { agency?: string; ttlSeconds?: number } = {},
): Promise<string> {
  const { key, kid } = await loadPrivateKey(keysDir);
  const claims: Record<string, unknown> = { role };
  if (extra.agency) claims.agency = extra.agency;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid })
    .setSubject(subject)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(`${extra.ttlSeconds ?? 3600}s`)
    .sign(key);
}
