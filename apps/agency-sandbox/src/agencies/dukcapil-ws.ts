import type { Request } from 'express';
import { sameSecret } from '../common/same-secret';

/**
 * The Dukcapil web-service conventions the civil-registry stand-in follows (modelled on how Disdukcapil's data-access
 * services are described to partner institutions; written by us): the caller's user id and password travel in the
 * JSON body, the caller's address must be on the allow-list of that user, field names are uppercase Indonesian, and
 * every answer is HTTP 200 with `content`: the records found, or one `{ RESPON: "<text>" }` saying what went wrong.
 * There is no idempotency key: registering twice registers twice.
 */
export type WsBody = Record<string, unknown>;
export interface WsAnswer {
  content: Array<Record<string, string | number>>;
  lastPage: boolean;
  numberOfElements: number;
}

export const RESPON = {
  notFound: 'Data Tidak Ditemukan',
  badLogin: 'User ID atau password tidak sesuai',
  ipNotAllowed: (ip: string) => `IP ${ip} tidak terdaftar untuk user ini`,
  missing: (field: string) => `Parameter ${field} wajib diisi`,
} as const;

export function found(...records: Array<Record<string, string | number>>): WsAnswer {
  return { content: records, lastPage: true, numberOfElements: records.length };
}

export function respon(text: string): WsAnswer {
  return { content: [{ RESPON: text }], lastPage: true, numberOfElements: 0 };
}

/** The records a search found, or the service's "not found" answer. */
export function listed(records: Array<Record<string, string | number>>): WsAnswer {
  return records.length ? found(...records) : respon(RESPON.notFound);
}


/** The caller check of every service: known user, right password, from an allowed address; then the fields. */
export function refuseCaller(req: Request, body: WsBody, fields: string[], creds: { userId: string; password: string }, allowedIps: string[]): WsAnswer | undefined {
  const ip = req.socket.remoteAddress ?? '';
  if (!allowedIps.includes(ip)) return respon(RESPON.ipNotAllowed(ip));
  if (!sameSecret(body.user_id, creds.userId) || !sameSecret(body.password, creds.password)) return respon(RESPON.badLogin);
  const missing = fields.find((f) => typeof body[f] !== 'string' || (body[f] as string).trim() === '');
  return missing ? respon(RESPON.missing(missing)) : undefined;
}

/** `DD-MM-YYYY` (the registry's date format) to ISO, and back. */
export const fromDmy = (dmy: string) => dmy.split('-').reverse().join('-');
export const toDmy = (iso: string | Date) => (typeof iso === 'string' ? iso : iso.toISOString().slice(0, 10)).slice(0, 10).split('-').reverse().join('-');
export const isDmy = (s: unknown) => typeof s === 'string' && /^\d{2}-\d{2}-\d{4}$/.test(s);
