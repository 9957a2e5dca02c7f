import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';
/**
 * Development signing keys: the key ring of the development identity provider (apps/identity-sandbox) under the
 * stack's keys directory. Production verifies against its identity provider's JWKS and never holds a private key.
 *
 *   signing-keys.private.json   every published key with its private half (the provider signs with `signing`)
 *   jwks.json                   the public halves, the set verifiers accept (the provider serves the same at /jwks)
 *   dev-signing-key.public.jwk.json   the signing key's public half (deployment tooling; verifiers use the JWKS)
 *
 * Rotation without downtime, in three steps (`npm run -s keys -- publish|activate|retire`); the identity provider
 * notices the changed ring on its next request, no restart:
 *   publish   add the next key; verifiers fetch it (unknown kid or cache expiry) before it signs anything
 *   activate  sign with the next key; the old key stays published, so tokens already issued keep verifying
 *   retire    once the old tokens have expired, drop the old key; tokens signed with it are refused
 */
export const ALG = 'RS256';
const RING_FILE = 'signing-keys.private.json';
/** The key ring's earlier layout (one key, perhaps a next one); read once to carry it over. */
const LEGACY_PRIVATE = 'dev-signing-key.private.jwk.json';
const LEGACY_NEXT = 'dev-signing-key.next.private.jwk.json';
export const JWKS_FILE = 'jwks.json';
/** The signing key's public half alone, for deployment tooling that mounts one key (docker/compose.yaml). */
const PUBLIC_FILE = 'dev-signing-key.public.jwk.json';

export type KidJwk = JWK & { kid: string };
/** Private keys, oldest first; `signing` signs, `next` is published but does not sign yet. */
export interface SigningRing {
  signing: string;
  next?: string;
  keys: KidJwk[];
}

async function newKey(): Promise<KidJwk> {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `dev-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  return { ...(await exportJWK(privateKey)), kid, alg: ALG, use: 'sig' };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const publicOf = (priv: KidJwk): KidJwk => ({ kty: priv.kty, n: priv.n, e: priv.e, kid: priv.kid, alg: ALG, use: 'sig' });

/** Writes atomically (rename), so a reader never sees a half-written file. */
function writeAtomic(file: string, body: unknown, mode = 0o644): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(body), { mode });
  renameSync(`${file}.tmp`, file);
}

function writeRing(dir: string, ring: SigningRing): void {
  writeAtomic(join(dir, RING_FILE), ring, 0o600);
  writeAtomic(join(dir, JWKS_FILE), { keys: ring.keys.map(publicOf) });
  writeAtomic(join(dir, PUBLIC_FILE), publicOf(ring.keys.find((k) => k.kid === ring.signing) as KidJwk));
}

export function readSigningRing(dir: string): SigningRing {
  const file = join(dir, RING_FILE);
  if (!existsSync(file)) throw new Error(`no key ring at ${file}: run the stack's provisioning (npm start or npm test) first`);
  return readJson<SigningRing>(file);
}

/** When the ring last changed (milliseconds), so the identity provider reloads it after a rotation step. */
export function signingRingChangedAt(dir: string): number {
  return statSync(join(dir, RING_FILE)).mtimeMs;
}

/** The ring's private keys, the signing key first (the order oidc-provider signs by). */
export function signingKeysInOrder(ring: SigningRing): KidJwk[] {
  return [...ring.keys.filter((k) => k.kid === ring.signing), ...ring.keys.filter((k) => k.kid !== ring.signing)];
}

export function readJwks(dir: string): { keys: KidJwk[] } {
  return { keys: readSigningRing(dir).keys.map(publicOf) };
}

/** Creates the dev key ring once (carrying over a ring of the earlier layout). Idempotent. */
export async function ensureDevKeys(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (existsSync(join(dir, RING_FILE))) return;
  if (existsSync(join(dir, LEGACY_PRIVATE))) {
    const current = readJson<KidJwk>(join(dir, LEGACY_PRIVATE));
    const next = existsSync(join(dir, LEGACY_NEXT)) ? readJson<KidJwk>(join(dir, LEGACY_NEXT)) : undefined;
    writeRing(dir, { signing: current.kid, next: next?.kid, keys: next ? [current, next] : [current] });
    return;
  }
  const key = await newKey();
  writeRing(dir, { signing: key.kid, keys: [key] });
}

export type RotationStep = 'publish' | 'activate' | 'retire';

/** One step of a key rotation (see above); returns the published kids and the signing kid afterwards. */
export async function rotateDevKeys(dir: string, step: RotationStep): Promise<{ published: string[]; signing: string }> {
  const ring = readSigningRing(dir);
  if (step === 'publish') {
    if (ring.next) throw new Error('a next key is already published: activate it first');
    const key = await newKey();
    writeRing(dir, { ...ring, next: key.kid, keys: [...ring.keys, key] });
  } else if (step === 'activate') {
    if (!ring.next) throw new Error('no next key: publish one first');
    writeRing(dir, { signing: ring.next, keys: ring.keys });
  } else {
    writeRing(dir, { ...ring, keys: ring.keys.filter((k) => k.kid === ring.signing || k.kid === ring.next) });
  }
  const after = readSigningRing(dir);
  return { published: after.keys.map((k) => k.kid), signing: after.signing };
}

/**
 * The current signing key, for tests that must forge a token the provider would never issue (a wrong issuer or
 * audience, an expired one) and check that every app refuses it.
 */
export async function loadPrivateKey(dir: string): Promise<{ key: KeyLike | Uint8Array; kid: string }> {
  const ring = readSigningRing(dir);
  const jwk = ring.keys.find((k) => k.kid === ring.signing) as KidJwk;
  return { key: await importJWK(jwk, ALG), kid: jwk.kid };
}
