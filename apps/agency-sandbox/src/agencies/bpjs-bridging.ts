import { createCipheriv, createHash, createHmac } from 'node:crypto';
import type { Request } from 'express';
import { compressToEncodedURIComponent } from 'lz-string';
import { sameSecret } from '../common/same-secret';

/**
 * The BPJS Kesehatan bridging conventions the stand-in follows (modelled on the public bridging documentation for
 * partner systems; written by us). Every request carries `X-cons-id`, `X-timestamp` (Unix seconds), `X-signature`
 * (base64 HMAC-SHA256 of `consId&timestamp` with the consumer secret) and `user_key`. Every answer is
 * `{ metaData: { code, message }, response }`: `code` "200" with `response` encrypted (AES-256-CBC, key = SHA-256 of
 * consId + secret + timestamp, IV = its first 16 bytes) over LZ-string-compressed JSON; a business refusal is still
 * HTTP 200 with another code; a refused caller (signature, time, user key) is HTTP 401.
 */
export interface BridgingCredentials {
  consId: string;
  secret: string;
  userKey: string;
}

export interface Bridged {
  status: number;
  body: { metaData: { code: string; message: string }; response: string | null };
}

export const MAX_SKEW_SECONDS = 300;

export const refused = (message: string): Bridged => ({ status: 401, body: { metaData: { code: '401', message }, response: null } });
export const business = (code: string, message: string): Bridged => ({ status: 200, body: { metaData: { code, message }, response: null } });

export function signature(consId: string, timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(`${consId}&${timestamp}`).digest('base64');
}

export function encrypt(creds: BridgingCredentials, timestamp: string, plaintext: unknown): string {
  const key = createHash('sha256').update(`${creds.consId}${creds.secret}${timestamp}`).digest();
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  return Buffer.concat([cipher.update(compressToEncodedURIComponent(JSON.stringify(plaintext)), 'utf8'), cipher.final()]).toString('base64');
}

export function ok(creds: BridgingCredentials, timestamp: string, response: unknown): Bridged {
  return { status: 200, body: { metaData: { code: '200', message: 'OK' }, response: encrypt(creds, timestamp, response) } };
}


/** The caller check of every service; the timestamp it returns keys the answer's encryption. */
export function checkCaller(req: Request, creds: BridgingCredentials, now = Date.now()): { refusal: Bridged } | { timestamp: string } {
  const consId = req.header('x-cons-id');
  const timestamp = req.header('x-timestamp') ?? '';
  if (!sameSecret(consId, creds.consId)) return { refusal: refused('X-cons-id tidak dikenal') };
  if (!/^\d{9,11}$/.test(timestamp)) return { refusal: refused('X-timestamp tidak valid') };
  if (Math.abs(Math.floor(now / 1000) - Number(timestamp)) > MAX_SKEW_SECONDS) return { refusal: refused('X-timestamp kedaluwarsa atau di luar toleransi waktu') };
  if (!sameSecret(req.header('x-signature'), signature(creds.consId, timestamp, creds.secret))) return { refusal: refused('X-signature tidak valid') };
  if (!sameSecret(req.header('user_key'), creds.userKey)) return { refusal: refused('user_key tidak valid') };
  return { timestamp };
}
