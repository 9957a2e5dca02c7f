import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';

/**
 * Development signing keys, generated once under the stack's keys directory. Production verifies against
 * the national identity provider's keys instead and never holds a private key.
 */
export const ALG = 'RS256';
const PRIVATE_FILE = 'dev-signing-key.private.jwk.json';
const PUBLIC_FILE = 'dev-signing-key.public.jwk.json';

export async function ensureDevKeys(dir: string): Promise<void> {
  if (existsSync(join(dir, PRIVATE_FILE))) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  writeFileSync(join(dir, PRIVATE_FILE), JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: ALG }), { mode: 0o600 });
  writeFileSync(join(dir, PUBLIC_FILE), JSON.stringify({ ...(await exportJWK(publicKey)), kid, alg: ALG }));
}

export async function loadPublicKey(dir: string): Promise<{ key: KeyLike | Uint8Array; kid: string }> {
  const file = join(dir, PUBLIC_FILE);
  if (!existsSync(file)) throw new Error(`no public key at ${file}: run the stack's provisioning (npm start or npm test) first`);
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string };
  return { key: await importJWK(jwk, ALG), kid: jwk.kid };
}

export async function loadPrivateKey(dir: string): Promise<{ key: KeyLike | Uint8Array; kid: string }> {
  const jwk = JSON.parse(readFileSync(join(dir, PRIVATE_FILE), 'utf8')) as JWK & { kid: string };
  return { key: await importJWK(jwk, ALG), kid: jwk.kid };
}
