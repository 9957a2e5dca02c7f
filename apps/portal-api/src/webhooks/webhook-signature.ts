import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Simpul-Signature';
export const TIMESTAMP_HEADER = 'X-Simpul-Timestamp';

/**
 * The signature of a webhook delivery: HMAC-SHA256 with the webhook's secret over `<timestamp>.<raw body>`, as
 * lowercase hex in X-Simpul-Signature, the timestamp (unix seconds) in X-Simpul-Timestamp. Each attempt is signed
 * afresh (new timestamp), so a receiver can refuse deliveries older than a few minutes (replays).
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** What a receiver does (documented for portals; used by the tests): constant-time compare, bounded age. */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300): boolean {
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body), 'hex');
  const given = /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
