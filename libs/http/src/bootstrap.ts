import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { SimpulConfig } from '@simpul/config';
import { JsonLogger } from '@simpul/observability';
import { ProblemFilter } from './problem.filter';
import { createValidationPipe } from './validation.pipe';

export interface StartedApp {
  app: INestApplication;
  url: string;
}

/**
 * Starts a Nest app the same way everywhere: JSON logs, problem+json errors, strict validation, body limit,
 * security headers, shutdown hooks (SIGTERM drains HTTP, then modules close their consumers and workers).
 */
export async function startHttpApp(
  service: string,
  module: Type<unknown> | DynamicModule,
  port: number,
  config: SimpulConfig,
  logger: JsonLogger,
  configure?: (app: NestExpressApplication) => void,
): Promise<StartedApp> {
  const app = await NestFactory.create<NestExpressApplication>(module, { logger, bufferLogs: false, bodyParser: false, rawBody: true });
  app.useBodyParser('json', { limit: '256kb', type: ['application/json', 'application/*+json'] });
  app.disable('x-powered-by');
  app.use((_req: unknown, res: { setHeader(n: string, v: string): void }, next: () => void) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.useGlobalFilters(new ProblemFilter(logger.child('http')));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  configure?.(app);
  await app.listen(port, config.bindHost);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  logger.write('info', `${service} listening`, { url }, 'bootstrap');
  return { app, url };
}

/** Exits non-zero on an unhandled failure at start, so a supervisor restarts the process. */
export function runMain(service: string, main: () => Promise<unknown>): void {
  main().catch((err: unknown) => {
    new JsonLogger(service).write('error', 'failed to start', { error: err });
    process.exit(1);
  });
}
