import type { Request, Response } from 'express';
import type { Problem } from './problem.filter';

export const FHIR_JSON = 'application/fhir+json';

/** FHIR's issue type for an HTTP status (https://hl7.org/fhir/R4/valueset-issue-type.html). */
function issueCode(status: number): string {
  if (status === 401) return 'login';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 410) return 'deleted';
  if (status === 413) return 'too-costly';
  if (status === 415) return 'not-supported';
  if (status === 429) return 'throttled';
  if (status === 503) return 'transient';
  if (status >= 500) return 'exception';
  return 'invalid';
}

/** A problem as a FHIR R4 OperationOutcome: one issue per invalid field (its FHIRPath as `expression`), else one. */
export function toOperationOutcome(problem: Problem): Record<string, unknown> {
  const code = issueCode(problem.status);
  const issues = problem.errors?.length
    ? problem.errors.map((e) => ({ severity: 'error', code, diagnostics: e.message, expression: [e.field] }))
    : [{ severity: problem.status >= 500 ? 'fatal' : 'error', code, diagnostics: problem.detail ?? problem.title }];
  return { resourceType: 'OperationOutcome', issue: issues };
}

/**
 * Sends a problem in the client's language: a FHIR client (a request whose body or Accept header is FHIR JSON) gets
 * an OperationOutcome, everyone else RFC 9457 problem+json. The HTTP status is the same either way.
 */
export function sendProblem(req: Request, res: Response, problem: Problem): void {
  const fhir = Boolean(req.is?.(FHIR_JSON)) || String(req.headers?.accept ?? '').includes(FHIR_JSON);
  res.status(problem.status);
  if (fhir) res.type(FHIR_JSON).send(JSON.stringify(toOperationOutcome(problem)));
  else res.type('application/problem+json').send(JSON.stringify(problem));
}
