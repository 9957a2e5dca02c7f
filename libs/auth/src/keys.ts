import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';

/**
 * Development signing keys: the local dev issuer's key ring under the stack's keys directory. Production verifies
 * against the national identity provider's JWKS and never holds a private key.
 *
 *   dev-signing-key.private.jwk.json       the key tokens are signed with now (npm run token, tests, demo)
 *   dev-signing-key.public.jwk.json        its public half
 *   dev-signing-key.next.private.jwk.json  the next key, published but not yet signing (during a rotation)
 *   jwks.json                              the public keys verifiers accept: served at /.well-known/jwks.json
 *
 * Rotation without downtime, in three steps (`npm run -s keys -- publish|activate|retire`):
 *   publish   add the next key to jwks.json; verifiers fetch it (unknown kid or cache expiry) before it signs anything
 *   activate  sign with the next key; the old key stays in jwks.json, so tokens already issued keep verifying
 *   retire    once the old tokens have expired, drop the old key from jwks.json; tokens signed with it are refused
 */
export const ALG = 'RS256';
const PRIVATE_FILE = 'dev-signing-key.private.jwk.json';
const PUBLIC_FILE = 'dev-signing-key.public.jwk.json';
const NEXT_FILE = 'dev-signing-key.next.private.jwk.json';
export const JWKS_FILE = 'jwks.json';

type KidJwk = JWK & { kid: string };

async function newPair(): Promise<{ privateJwk: KidJwk; publicJwk: KidJwk }> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `dev-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG, use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' },
  };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const publicOf = (priv: KidJwk): KidJwk => ({ kty: priv.kty, n: priv.n, e: priv.e, kid: priv.kid, alg: ALG, use: 'sig' });

/** Writes atomically (rename), so the JWKS endpoint never serves a half-written file. */
function writeAtomic(file: string, body: unknown, mode = 0o644): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(body), { mode });
  renameSync(`${file}.tmp`, file);
}

export function readJwks(dir: string): { keys: KidJwk[] } {
  const file = join(dir, JWKS_FILE);
  if (!existsSync(file)) throw new Error(`no key set at ${file}: run the stack's provisioning (npm start or npm test) first`);
  return readJson<{ keys: KidJwk[] }>(file);
}

/** Creates the dev key ring once; an older keys directory (one key, no jwks.json) gets its jwks.json. Idempotent. */
export async function ensureDevKeys(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(join(dir, PRIVATE_FILE))) {
    const { privateJwk, publicJwk } = await newPair();
    writeAtomic(join(dir, PRIVATE_FILE), privateJwk, 0o600);
    writeAtomic(join(dir, PUBLIC_FILE), publicJwk);
  }
  if (!existsSync(join(dir, JWKS_FILE))) writeAtomic(join(dir, JWKS_FILE), { keys: [publicOf(readJson<KidJwk>(join(dir, PRIVATE_FILE)))] });
}

export type RotationStep = 'publish' | 'activate' | 'retire';

/** One step of a key rotation (see above); returns the kids in jwks.json and the signing kid afterwards. */
export async function rotateDevKeys(dir: string, step: RotationStep): Promise<{ published: string[]; signing: string }> {
  const current = readJson<KidJwk>(join(dir, PRIVATE_FILE));
  const jwks = readJwks(dir);
  if (step === 'publish') {
    if (existsSync(join(dir, NEXT_FILE))) throw new Error('a next key is already published: activate it first');
    const { privateJwk, publicJwk } = await newPair();
    writeAtomic(join(dir, NEXT_FILE), privateJwk, 0o600);
    writeAtomic(join(dir, JWKS_FILE), { keys: [...jwks.keys, publicJwk] });
  } else if (step === 'activate') {
    if (!existsSync(join(dir, NEXT_FILE))) throw new Error('no next key: publish one first');
    const next = readJson<KidJwk>(join(dir, NEXT_FILE));
    writeAtomic(join(dir, PRIVATE_FILE), next, 0o600);
    writeAtomic(join(dir, PUBLIC_FILE), publicOf(next));
    rmSync(join(dir, NEXT_FILE));
  } else {
    const next = existsSync(join(dir, NEXT_FILE)) ? readJson<KidJwk>(join(dir, NEXT_FILE)).kid : undefined;
    writeAtomic(join(dir, JWKS_FILE), { keys: jwks.keys.filter((k) => k.kid === current.kid || k.kid === next) });
  }
  const after = readJwks(dir);
  return { published: after.keys.map((k) => k.kid), signing: readJson<KidJwk>(join(dir, PRIVATE_FILE)).kid };
}

/** The current public key (a keys directory mounted in a container; verification normally goes through the JWKS URL). */
export async function loadPublicKey(dir: string): Promise<{ key: KeyLike | Uint8Array; kid: string }> {
  const file = join(dir, PUBLIC_FILE);
  if (!existsSync(file)) throw new Error(`no public key at ${file}: run the stack's provisioning (npm start or npm test) first`);
  const jwk = readJson<KidJwk>(file);
  return { key: await importJWK(jwk, ALG), kid: jwk.kid };
}

export async function loadPrivateKey(dir: string): Promise<{ key: KeyLike | Uint8Array; kid: string }> {
  const jwk = readJson<KidJwk>(join(dir, PRIVATE_FILE));
  return { key: await importJWK(jwk, ALG), kid: jwk.kid };
}
