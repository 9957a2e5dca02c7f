import type { Response } from 'express';
import { HttpException } from '@nestjs/common';
import type { AgencyAnswer } from './idempotency';

/** Each stand-in agency decides by a versioned rule set, reported with every answer. */
const RULE_VERSIONS: Record<string, string> = {
  'civil-registry': 'dukcapil-adminduk-2025.1',
  'bpjs-health': 'bpjs-kes-jkn-2024.3',
  'social-aid': 'kemensos-dtsen-2025.2',
  'bpjs-employment': 'bpjstk-jkm-2024.1',
  education: 'kemendikbud-pip-2025.1',
};

export function send(res: Response, answer: AgencyAnswer): void {
  const agency = res.req.path.split('/')[1] ?? '';
  if (RULE_VERSIONS[agency]) res.setHeader('X-Rule-Version', RULE_VERSIONS[agency]);
  res.status(answer.status).json(answer.body);
}

/** Minimal input checks an agency API would make; a malformed call is a 400, not a business answer. */
export function requireStrings(body: unknown, fields: string[]): Record<string, string> {
  const b = (body ?? {}) as Record<string, unknown>;
  const missing = fields.filter((f) => typeof b[f] !== 'string' || (b[f] as string).length === 0);
  if (missing.length > 0) throw new HttpException({ errorCode: 'BAD_REQUEST', missing }, 400);
  return b as Record<string, string>;
}
