import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { sealBytes } from '@simpul/crypto';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, FRAMING_METADATA, KEY_ID_METADATA, UnknownPayloadKeyError } from './payload-codec';

const text = (u?: Uint8Array | null) => Buffer.from(u ?? new Uint8Array()).toString('utf8');
const json = (value: unknown): Payload => ({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) });

describe('AES-256-GCM payload codec', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const v1 = new AesGcmPayloadCodec({ currentKid: 'k1', keys: new Map([['k1', k1]]) });
  const rotated = new AesGcmPayloadCodec({ currentKid: 'k2', keys: new Map([['k1', k1], ['k2', k2]]) });

  it('seals with the current key, names it in metadata, and leaves no plaintext', async () => {
    const [sealed] = await v1.encode([json({ motherNik: '3174025208920003', name: 'Anisa' })]);
    expect(text(sealed.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed.metadata?.[KEY_ID_METADATA])).toBe('k1');
    expect(Buffer.from(sealed.data as Uint8Array).toString('latin1')).not.toMatch(/3174025208920003|Anisa|json\/plain/);
    const [opened] = await v1.decode([sealed]);
    expect(JSON.parse(text(opened.data))).toEqual({ motherNik: '3174025208920003', name: 'Anisa' });
    expect(text(opened.metadata?.encoding)).toBe('json/plain');
  });

  it('decrypts with any key in the ring and encrypts with the current one after a rotation', async () => {
    const [old] = await v1.encode([json({ a: 1 })]);
    const [opened] = await rotated.decode([old]);
    expect(JSON.parse(text(opened.data))).toEqual({ a: 1 });
    const [fresh] = await rotated.encode([json({ a: 2 })]);
    expect(text(fresh.metadata?.[KEY_ID_METADATA])).toBe('k2');
    await expect(v1.decode([fresh])).rejects.toBeInstanceOf(UnknownPayloadKeyError);
  });

  it('passes through payloads it did not seal (recorded histories, search attributes)', async () => {
    const plain = json({ applicationId: 'x' });
    expect(await rotated.decode([plain])).toEqual([plain]);
  });

  it('refuses a tampered payload and one relabelled with another key id', async () => {
    const [sealed] = await rotated.encode([json({ a: 1 })]);
    const flipped = Buffer.from(sealed.data as Uint8Array);
    flipped[flipped.length - 1] ^= 1;
    await expect(rotated.decode([{ ...sealed, data: flipped }])).rejects.toThrow();
    const relabelled = { ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: Buffer.from('k1') } };
    await expect(rotated.decode([relabelled])).rejects.toThrow();
  });

  it('frames with protobuf, and still opens payloads sealed with the first (JSON) framing', async () => {
    const [sealed] = await v1.encode([json({ a: 1 })]);
    expect(text(sealed.metadata?.[FRAMING_METADATA])).toBe('proto');
    // The first framing: JSON of base64 fields under the v1 label, no framing metadata (histories recorded before).
    const first = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(JSON.stringify({ a: 2 })).toString('base64') };
    const { kid, sealed: bytes } = sealBytes({ currentKid: 'k1', keys: new Map([['k1', k1]]) }, Buffer.from(JSON.stringify(first)), 'simpul-payload:v1');
    const old: Payload = { metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(kid) }, data: bytes };
    const [opened] = await rotated.decode([old]);
    expect(JSON.parse(text(opened.data))).toEqual({ a: 2 });
    expect(text(opened.metadata?.encoding)).toBe('json/plain');
    // Relabelling the framing does not open: each framing is bound to its own label.
    await expect(rotated.decode([{ ...sealed, metadata: { ...sealed.metadata, [FRAMING_METADATA]: Buffer.from('') } }])).rejects.toThrow();
  });
});
