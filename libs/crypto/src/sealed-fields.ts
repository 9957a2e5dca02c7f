import { openBytes, sealBytes, type KeyRing } from './key-ring';

/**
 * Personal fields inside Kafka messages (and the outbox rows they are relayed from): the value is replaced by
 * `{ "$sealed": "v1.<kid>.<base64url>" }`, AES-256-GCM over its JSON. Only consumers holding the key ring read it;
 * Kafka's log segments, a topic dump and the DLQ hold ciphertext. Ids, statuses, step names and texts stay readable,
 * so routing, ordering and operations need no key.
 */
export type Sealed = { $sealed: string };
const LABEL = 'simpul-field:v1';

export function isSealedField(value: unknown): value is Sealed {
  return !!value && typeof value === 'object' && typeof (value as Sealed).$sealed === 'string';
}

export function sealField(ring: KeyRing, value: unknown): Sealed {
  const { kid, sealed } = sealBytes(ring, Buffer.from(JSON.stringify(value)), LABEL);
  return { $sealed: `v1.${kid}.${sealed.toString('base64url')}` };
}

/** Opens a sealed field; a value that is not sealed (a message from before sealing) is returned as it is. */
export function openField<T>(ring: KeyRing, value: T | Sealed): T {
  if (!isSealedField(value)) return value;
  const [version, kid, data] = value.$sealed.split('.');
  if (version !== 'v1' || !kid || !data) throw new Error('malformed sealed field');
  return JSON.parse(openBytes(ring, kid, Buffer.from(data, 'base64url'), LABEL).toString('utf8')) as T;
}
