import { ArgumentsHost, Catch, HttpException, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ContextLogger } from '@simpul/observability';
import { sendProblem } from './problem-response';

/** RFC 9457 problem details. `errors` names each invalid field. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: Array<{ field: string; message: string }>;
  [extension: string]: unknown;
}

export interface ProblemInit {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
}

export class ProblemException extends HttpException {
  constructor(problem: ProblemInit) {
    super({ type: problem.type ?? `https://simpul.go.id/problems/${slug(problem.title)}`, ...problem }, problem.status);
  }
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Maps every error once, at the edge, to a problem (problem+json, or FHIR's OperationOutcome for FHIR clients); unknown errors never leak their message. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly log: ContextLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = this.toProblem(exception);
    problem.instance = req.originalUrl?.split('?')[0];
    if (problem.status >= 500) this.log.error('request failed', { path: problem.instance, error: exception });
    sendProblem(req, res, problem);
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'object' && body !== null && 'type' in body && 'title' in body) return { ...(body as Problem) };
      const { message, statusCode: _code, error: _error, ...extensions } = typeof body === 'string' ? { message: body } : (body as Record<string, unknown>);
      const title = HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'error';
      return {
        // Fields the thrower added (an agency's errorCode, say) travel as RFC 9457 extension members.
        ...extensions,
        ...(message && typeof message === 'object' && !Array.isArray(message) ? { message } : {}),
        type: `https://simpul.go.id/problems/${slug(title)}`,
        title: title.charAt(0).toUpperCase() + title.slice(1),
        status,
        detail: Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined,
      };
    }
    if (isBodyParserError(exception)) {
      const status = exception.status;
      return {
        type: `https://simpul.go.id/problems/${status === 413 ? 'payload-too-large' : 'malformed-body'}`,
        title: status === 413 ? 'Payload too large' : 'Malformed request body',
        status,
        detail: status === 413 ? 'the request body is larger than allowed' : 'the request body is not valid JSON',
      };
    }
    return { type: 'https://simpul.go.id/problems/internal-error', title: 'Internal error', status: 500, detail: 'an unexpected error occurred; it has been logged' };
  }
}

function isBodyParserError(e: unknown): e is { status: number; type: string } {
  return typeof e === 'object' && e !== null && typeof (e as { status?: unknown }).status === 'number' && typeof (e as { type?: unknown }).type === 'string';
}
