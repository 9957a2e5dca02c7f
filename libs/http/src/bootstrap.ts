import { Catch, type ArgumentsHost, type DynamicModule, type ExceptionFilter, type INestApplication, type Type } from '@nestjs/common';
import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Request, Response } from 'express';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { SimpulConfig } from '@simpul/config';
import { JsonLogger, type ContextLogger } from '@simpul/observability';
import { ProblemFilter } from './problem.filter';
import { sendProblem } from './problem-response';
import { createValidationPipe } from './validation.pipe';

export interface StartedApp {
  app: INestApplication;
  url: string;
}

/**
 * Starts a Nest app the same way everywhere: JSON logs, problem+json errors, strict validation, body limit,
 * security headers, graceful shutdown (SIGTERM drains HTTP, then modules close their consumers and workers).
 */
export async function startHttpApp(
  service: string,
  module: Type<unknown> | DynamicModule,
  port: number,
  config: SimpulConfig,
  logger: JsonLogger,
  configure?: (app: NestExpressApplication) => void,
  /**
   * corsOrigins: origins this app accepts browser calls from, besides SIMPUL_CORS_ORIGINS (backoffice: the Temporal UI).
   * consumers: connects the app's message handlers as a microservice (libs/messaging's connectConsumers); they start
   * after the modules bootstrapped and, on shutdown, stop before the app closes.
   */
  extra: { corsOrigins?: string[]; consumers?: (app: INestApplication) => { close(): unknown } } = {},
): Promise<StartedApp> {
  const app = await NestFactory.create<NestExpressApplication>(module, { logger, bufferLogs: false, bodyParser: false, rawBody: true });
  app.useBodyParser('json', { limit: '256kb', type: ['application/json', 'application/*+json'] });
  app.use(refuseDeepBodies);
  app.disable('x-powered-by');
  // Every answer is Cache-Control: no-store, so an ETag (a hash of each body) would never be used.
  app.set('etag', false);
  const api = securityHeaders(true);
  const docs = securityHeaders(false);
  app.use((req: Request, res: Response, next: () => void) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    // An API answers data, never a page: nothing may load or run from it. Swagger UI (/docs) is the one page here;
    // an app serving its own pages (the back office's /ui) sets their policy on those answers.
    (req.path.startsWith('/docs') ? docs : api)(req, res, next);
  });
  // CORS: deny by default (no header, so browsers refuse cross-origin calls); only configured origins may, with a token.
  const origins = [...config.corsOrigins, ...(extra.corsOrigins ?? [])];
  if (origins.length > 0) {
    app.enableCors({ origin: origins, methods: ['GET', 'POST', 'DELETE'], allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Correlation-Id', 'X-Namespace', 'Last-Event-ID'], exposedHeaders: ['Location', 'Retry-After'], credentials: true, maxAge: 600 });
  }
  app.useGlobalFilters(new DependencyAwareFilter(new ProblemFilter(logger.child('http')), logger.child('http')));
  app.useGlobalPipes(createValidationPipe());
  configure?.(app);
  const http = trackConnections(app.getHttpServer() as Server);
  app.use('/health/ready', (_req: unknown, res: Response, next: () => void) => {
    if (!http.draining()) return next();
    res.status(503).type('application/problem+json').send(JSON.stringify({ type: 'https://simpul.go.id/problems/shutting-down', title: 'Shutting down', status: 503 }));
  });
  const consumers = extra.consumers?.(app);
  if (consumers) {
    await app.init();
    await app.startAllMicroservices();
  }
  await app.listen(port, config.bindHost);
  shutDownOnSignal(app, async (graceMs) => {
    await http.drain(graceMs);
    // Stop taking messages (those in hand finish, their offsets committed) while what they use is still open.
    await consumers?.close();
  }, config.shutdownGraceMs, logger.child('shutdown'));
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  logger.write('info', `${service} listening`, { url }, 'bootstrap');
  return { app, url };
}

/**
 * Security headers (helmet): nosniff, frames denied, no referrer, HSTS, same-origin opener and resource policies, no
 * X-Powered-By; with `csp`, a policy under which nothing may load or run.
 */
function securityHeaders(csp: boolean): ReturnType<typeof helmet> {
  return helmet({
    contentSecurityPolicy: csp ? { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}

/**
 * Drains HTTP work in flight: requests being handled, connections accepted but whose request is not read yet, and
 * connections still in the listen backlog (closing the listener would reset those). While draining, the server
 * keeps accepting, answers every request with `Connection: close` and /health/ready with 503 (so a load balancer
 * stops sending); once nothing has happened for a moment (or after `graceMs`) it stops listening and closes what is
 * left (idle keep-alive connections).
 */
function trackConnections(server: Server): { draining: () => boolean; drain: (graceMs: number) => Promise<void> } {
  const sockets = new Map<Socket, { since: number; served: number; active: number }>();
  let draining = false;
  let lastActivity = Date.now();
  server.on('connection', (socket: Socket) => {
    lastActivity = Date.now();
    sockets.set(socket, { since: Date.now(), served: 0, active: 0 });
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req: { socket: Socket }, res: ServerResponse) => {
    lastActivity = Date.now();
    const state = sockets.get(req.socket);
    if (state) state.active += 1;
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      lastActivity = Date.now();
      if (!state) return;
      state.active -= 1;
      state.served += 1;
    });
  });
  const QUIET_MS = 500;
  const busy = () =>
    Date.now() - lastActivity < QUIET_MS || [...sockets.values()].some((s) => s.active > 0 || (s.served === 0 && Date.now() - s.since < 1_000));
  return {
    draining: () => draining,
    drain: async (graceMs) => {
      draining = true;
      lastActivity = Date.now();
      const deadline = Date.now() + graceMs;
      while (busy() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * SIGTERM/SIGINT: drain HTTP and stop the message consumers first (while the database and Kafka are still connected), then close the app (modules
 * stop their consumers, relays and workers, then their connections), then exit 0. A failure exits 1, a second
 * signal is ignored, and a shutdown that outlives twice the grace period is cut short with exit 1.
 */
function shutDownOnSignal(app: INestApplication, drain: (graceMs: number) => Promise<void>, graceMs: number, log: ContextLogger): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    setTimeout(() => {
      log.error('shutdown did not finish in time; exiting', { graceMs });
      process.exit(1);
    }, 2 * graceMs + 5_000).unref();
    try {
      await drain(graceMs);
      await app.close();
      log.info('shut down cleanly', { signal });
      process.exit(0);
    } catch (err) {
      log.error('shutdown failed', { error: err });
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));
}

/** Deeper than any body of ours; validation (class-transformer) recurses per level and would overflow the stack. */
export const MAX_BODY_DEPTH = 32;

/** The path to the first value nested deeper than `max`, or undefined. Iterative, so depth cannot overflow it. */
export function tooDeep(body: unknown, max = MAX_BODY_DEPTH): string | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (!value || typeof value !== 'object') continue;
    if (depth >= max) return path || '(body)';
    for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
  }
  return undefined;
}

function refuseDeepBodies(req: Request, res: Response, next: () => void): void {
  const field = tooDeep(req.body);
  if (!field) return next();
  sendProblem(req, res, {
    type: 'https://simpul.go.id/problems/validation',
    title: 'Validation failed',
    status: 422,
    detail: `the body is nested deeper than ${MAX_BODY_DEPTH} levels`,
    errors: [{ field: field.slice(0, 200), message: `nested deeper than ${MAX_BODY_DEPTH} levels` }],
  });
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
const UNAVAILABLE_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery)/i;

/** PostgreSQL (or another server the request needs) is down or restarting: a passing condition, not a defect. */
export function isDependencyUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; driverError?: unknown } | undefined, depth = 0; e && depth < 3; depth++) {
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
    e = e.driverError as typeof e;
  }
  return false;
}

/**
 * A request that failed because a server it needs is down answers 503 with Retry-After (the client retries with the
 * same Idempotency-Key) instead of a 500 that says "defect"; everything else goes to the ProblemFilter.
 */
@Catch()
class DependencyAwareFilter implements ExceptionFilter {
  constructor(
    private readonly problems: ProblemFilter,
    private readonly log: ContextLogger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (!isDependencyUnavailable(exception)) return this.problems.catch(exception, host);
    const res = host.switchToHttp().getResponse<Response>();
    this.log.warn('a dependency is unavailable; answered 503', { error: exception });
    res.setHeader('Retry-After', '2');
    sendProblem(host.switchToHttp().getRequest<Request>(), res, { type: 'https://simpul.go.id/problems/unavailable', title: 'Service unavailable', status: 503, detail: 'a server this request needs is restarting; retry shortly' });
  }
}

/** Exits non-zero on an unhandled failure at start, so a supervisor restarts the process. */
export function runMain(service: string, main: () => Promise<unknown>): void {
  main().catch((err: unknown) => {
    new JsonLogger(service).write('error', 'failed to start', { error: err });
    process.exit(1);
  });
}
