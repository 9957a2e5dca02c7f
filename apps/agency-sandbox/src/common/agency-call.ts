import { HttpException } from '@nestjs/common';

/** Minimal input checks an agency API would make; a malformed call is a 400, not a business answer. */
export function requireStrings(body: unknown, fields: string[]): Record<string, string> {
  const b = (body ?? {}) as Record<string, unknown>;
  const missing = fields.filter((f) => typeof b[f] !== 'string' || (b[f] as string).length === 0);
  if (missing.length > 0) throw new HttpException({ errorCode: 'BAD_REQUEST', missing }, 400);
  return b as Record<string, string>;
}
