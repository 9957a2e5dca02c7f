import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';

/**
 * Temporal payload encryption: every payload a client or worker sends (workflow inputs, activity inputs and results,
 * updates, queries, memos) is sealed with AES-256-GCM before it reaches the server, so Temporal's database, its UI
 * and `temporal workflow show` hold ciphertext only. Each sealed payload names its key in metadata
 * (`encryption-key-id`): encrypting uses the current key, decrypting any key still in the ring, so keys rotate
 * without re-encrypting histories. Payloads without our encoding (histories recorded before the codec, search
 * attributes) pass through untouched.
 */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const VERSION = 'v1';
const enc = new TextEncoder();
const dec = new TextDecoder();

export interface PayloadKeyRing {
  currentKid: string;
  keys: Map<string, Buffer>;
}

export class UnknownPayloadKeyError extends Error {
  constructor(kid: string) {
    super(`payload was encrypted with key "${kid}", which this process does not hold`);
    this.name = 'UnknownPayloadKeyError';
  }
}

/** Additional data bound into the tag: the key id and format, so a payload cannot be relabelled with another kid. */
const aad = (kid: string) => Buffer.from(`simpul-payload:${VERSION}:${kid}`);

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly ring: PayloadKeyRing) {
    if (!ring.keys.has(ring.currentKid)) throw new Error(`the current payload key "${ring.currentKid}" is not in the ring`);
    for (const [kid, key] of ring.keys) if (key.length !== 32) throw new Error(`payload key "${kid}" must be 32 bytes`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.seal(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => (isSealed(p) ? this.open(p) : p));
  }

  seal(payload: Payload): Payload {
    const kid = this.ring.currentKid;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.ring.keys.get(kid) as Buffer, iv);
    cipher.setAAD(aad(kid));
    const plain = Buffer.from(JSON.stringify(toJson(payload)));
    const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
    return {
      metadata: { encoding: enc.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: enc.encode(kid), 'encryption-version': enc.encode(VERSION) },
      data: Buffer.concat([iv, cipher.getAuthTag(), sealed]),
    };
  }

  open(payload: Payload): Payload {
    const kid = dec.decode(payload.metadata?.[KEY_ID_METADATA] ?? new Uint8Array());
    const key = this.ring.keys.get(kid);
    if (!key) throw new UnknownPayloadKeyError(kid);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
    decipher.setAAD(aad(kid));
    decipher.setAuthTag(data.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]);
    return fromJson(JSON.parse(plain.toString('utf8')) as JsonPayload);
  }
}

export function isSealed(p: Payload): boolean {
  const encoding = p.metadata?.encoding;
  return !!encoding && dec.decode(encoding) === ENCRYPTED_ENCODING;
}

type JsonPayload = { metadata: Record<string, string>; data: string };
function toJson(p: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) if (v) metadata[k] = Buffer.from(v).toString('base64');
  return { metadata, data: Buffer.from(p.data ?? new Uint8Array()).toString('base64') };
}
function fromJson(j: JsonPayload): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(j.metadata)) metadata[k] = new Uint8Array(Buffer.from(v, 'base64'));
  return { metadata, data: new Uint8Array(Buffer.from(j.data, 'base64')) };
}

const DEV_KEYS_FILE = 'payload-keys.json';

/** Creates the development payload key ring once (next to the dev signing keys). Production supplies its own keys. */
export function ensureDevPayloadKeys(keysDir: string): void {
  const file = join(keysDir, DEV_KEYS_FILE);
  if (existsSync(file)) return;
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const kid = `dev-${Date.now().toString(36)}`;
  writeFileSync(`${file}.tmp`, JSON.stringify({ currentKid: kid, keys: { [kid]: randomBytes(32).toString('base64') } }), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** The settings the codec needs: configured keys (production, or a rotation), else the dev key ring. */
export interface PayloadKeySettings {
  auth: { keysDir: string };
  payloadKeys: { keys: Record<string, string> | undefined; currentKid: string | undefined };
}

export function loadPayloadKeys(settings: PayloadKeySettings): PayloadKeyRing {
  const { keys, currentKid } = settings.payloadKeys;
  if (keys && currentKid) return { currentKid, keys: new Map(Object.entries(keys).map(([k, v]) => [k, Buffer.from(v, 'base64')])) };
  const file = join(settings.auth.keysDir, DEV_KEYS_FILE);
  if (!existsSync(file)) throw new Error(`no payload keys: set SIMPUL_PAYLOAD_KEYS, or provision the dev key ring (${file})`);
  const dev = JSON.parse(readFileSync(file, 'utf8')) as { currentKid: string; keys: Record<string, string> };
  return { currentKid: dev.currentKid, keys: new Map(Object.entries(dev.keys).map(([k, v]) => [k, Buffer.from(v, 'base64')])) };
}

/** The data converter every Simpul client and worker uses. */
export function simpulDataConverter(settings: PayloadKeySettings): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(loadPayloadKeys(settings))] };
}
