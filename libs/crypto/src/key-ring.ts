import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data-encryption key ring shared by the Temporal payload codec and the sealed fields of Kafka messages:
 * AES-256-GCM keys by id; the current one encrypts, every one decrypts, so a key rotates by adding a new current key
 * and dropping the old one once nothing sealed with it is still kept (see docs/security.md, retention).
 */
export interface KeyRing {
  currentKid: string;
  keys: Map<string, Buffer>;
}

export class UnknownKeyError extends Error {
  constructor(kid: string) {
    super(`data was encrypted with key "${kid}", which this process does not hold`);
    this.name = 'UnknownKeyError';
  }
}

export function assertKeyRing(ring: KeyRing): KeyRing {
  if (!ring.keys.has(ring.currentKid)) throw new Error(`the current key "${ring.currentKid}" is not in the ring`);
  for (const [kid, key] of ring.keys) if (key.length !== 32) throw new Error(`key "${kid}" must be 32 bytes`);
  return ring;
}

/** Seals bytes with the current key: iv (12) | tag (16) | ciphertext. `label` is bound in (a sealed value cannot be moved to another use). */
export function sealBytes(ring: KeyRing, plain: Buffer, label: string): { kid: string; sealed: Buffer } {
  const kid = ring.currentKid;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.keys.get(kid) as Buffer, iv);
  cipher.setAAD(Buffer.from(`${label}:${kid}`));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { kid, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]) };
}

export function openBytes(ring: KeyRing, kid: string, sealed: Buffer, label: string): Buffer {
  const key = ring.keys.get(kid);
  if (!key) throw new UnknownKeyError(kid);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(`${label}:${kid}`));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}

const DEV_KEYS_FILE = 'payload-keys.json';

/** Creates the development key ring once (next to the dev signing keys). Production supplies its own keys. */
export function ensureDevKeyRing(keysDir: string): void {
  const file = join(keysDir, DEV_KEYS_FILE);
  if (existsSync(file)) return;
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const kid = `dev-${Date.now().toString(36)}`;
  writeFileSync(`${file}.tmp`, JSON.stringify({ currentKid: kid, keys: { [kid]: randomBytes(32).toString('base64') } }), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** What loading needs: configured keys (production, or a rotation), else the dev key ring under keysDir. */
export interface KeyRingSettings {
  auth: { keysDir: string };
  payloadKeys: { keys: Record<string, string> | undefined; currentKid: string | undefined };
}

export function loadKeyRing(settings: KeyRingSettings): KeyRing {
  const { keys, currentKid } = settings.payloadKeys;
  const toMap = (k: Record<string, string>) => new Map(Object.entries(k).map(([kid, v]) => [kid, Buffer.from(v, 'base64')]));
  if (keys && currentKid) return assertKeyRing({ currentKid, keys: toMap(keys) });
  const file = join(settings.auth.keysDir, DEV_KEYS_FILE);
  if (!existsSync(file)) throw new Error(`no data keys: set SIMPUL_PAYLOAD_KEYS, or provision the dev key ring (${file})`);
  const dev = JSON.parse(readFileSync(file, 'utf8')) as { currentKid: string; keys: Record<string, string> };
  return assertKeyRing({ currentKid: dev.currentKid, keys: toMap(dev.keys) });
}
