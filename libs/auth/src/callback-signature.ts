import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed agency callbacks: HMAC-SHA256 with the agency's secret over `<timestamp>.<nonce>.<raw body>`, sent as
 * hex in X-Signature with X-Timestamp (unix seconds) and X-Nonce. A callback is refused when the signature is wrong, the
 * timestamp is more than `maxSkewSeconds` away, or the nonce was seen before (the caller checks that, durably).
 */
export const CALLBACK_HEADERS = { agency: 'x-agency-id', timestamp: 'x-timestamp', nonce: 'x-nonce', signature: 'x-signature' } as const;

export function signCallback(secret: string, timestamp: number, nonce: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.${nonce}.`).update(rawBody).digest('hex');
}

export type CallbackVerdict = { ok: true } | { ok: false; reason: string };

export function verifyCallback(
  secret: string,
  headers: { timestamp?: string; nonce?: string; signature?: string },
  rawBody: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
  maxSkewSeconds = 300,
): CallbackVerdict {
  const { timestamp, nonce, signature } = headers;
  if (!timestamp || !/^\d{9,12}$/.test(timestamp)) return { ok: false, reason: 'X-Timestamp must be unix seconds' };
  if (!nonce || !/^[A-Za-z0-9_-]{16,128}$/.test(nonce)) return { ok: false, reason: 'X-Nonce must be 16-128 characters [A-Za-z0-9_-]' };
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'X-Signature must be a hex HMAC-SHA256' };
  if (Math.abs(nowSeconds - Number(timestamp)) > maxSkewSeconds) return { ok: false, reason: 'X-Timestamp is too far from now' };
  const expected = Buffer.from(signCallback(secret, Number(timestamp), nonce, rawBody), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}
