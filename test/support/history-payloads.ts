import type { Payload } from '@temporalio/common';
import { isSealed, type AesGcmPayloadCodec } from '@simpul/temporal';

/** A payload as `temporal workflow show --output json` prints it: metadata values and data in base64. */
type JsonPayload = { metadata?: Record<string, string>; data?: string };

const fromJson = (j: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(j.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(j.data ?? '', 'base64')),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v as Uint8Array).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

function walk(node: unknown, visit: (p: JsonPayload, inList: boolean) => JsonPayload, markers: boolean, inList = false): unknown {
  if (Array.isArray(node)) return node.map((x) => walk(x, visit, markers, inList));
  if (!node || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  if (obj.metadata && typeof obj.metadata === 'object' && 'encoding' in (obj.metadata as object)) return visit(obj as JsonPayload, inList);
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, k === 'markerRecordedEventAttributes' && !markers ? v : walk(v, visit, markers, k === 'payloads')]));
}

/**
 * Seals every payload in a `payloads` list of a history, as a client or worker with the codec would have sent it.
 * Markers are left as they are: patch markers are written by the SDK core, never through the codec.
 */
export function sealHistory(history: unknown, codec: AesGcmPayloadCodec): unknown {
  return walk(history, (p, inList) => (inList ? toJson(codec.seal(fromJson(p))) : p), false);
}

/**
 * Opens every sealed payload of a history, local activity markers' results included (fixtures are kept decoded, so
 * they replay without the local dev key).
 */
export function openHistory(history: unknown, codec: AesGcmPayloadCodec): unknown {
  return walk(history, (p) => (isSealed(fromJson(p)) ? toJson(codec.open(fromJson(p))) : p), true);
}

/** Counts the payloads sealed with our codec. */
export function countSealed(history: unknown): number {
  let n = 0;
  walk(
    history,
    (p) => {
      if (isSealed(fromJson(p))) n += 1;
      return p;
    },
    true,
  );
  return n;
}
