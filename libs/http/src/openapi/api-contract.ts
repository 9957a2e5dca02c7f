import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { completeDocument } from './document';
import { sendProblem } from '../problem-response';
import { routeFacts } from './route-facts';

export interface ApiContract {
  title: string;
  description: string;
  /** Operations that can answer 409, as `POST /v1/tasks/{id}/claim`. */
  conflicts?: string[];
  /** A last change to the completed document (portal-api: the life-event data schemas). */
  extend?: (doc: ReturnType<typeof completeDocument>) => void;
}

/**
 * The HTTP contract of an API app (portal-api, backoffice): its OpenAPI document at /openapi.json and Swagger UI at
 * /docs, completed from the server's own metadata (see document.ts); 405 with Allow for a method a known path does not
 * have; 415 for a body that is not JSON. Call it in startHttpApp's `configure`.
 */
export function setupApiContract(app: NestExpressApplication, contract: ApiContract): void {
  app.use(methodNotAllowed(app));
  app.use(jsonBodiesOnly);
  const builder = new DocumentBuilder().setTitle(contract.title).setDescription(contract.description).setVersion('1').addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer');
  const document = completeDocument(SwaggerModule.createDocument(app, builder.build()), routeFacts(app), contract.conflicts);
  contract.extend?.(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
}

type Layer = { route?: { path: string; methods: Record<string, boolean> }; match(path: string): boolean };

/** A request whose path a route knows, with a method none of them has: 405 and the methods it has (RFC 9110 15.5.6). */
function methodNotAllowed(app: NestExpressApplication) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const stack = (app.getHttpAdapter().getInstance() as unknown as { router?: { stack: Layer[] } }).router?.stack ?? [];
    const matching = stack.filter((layer) => layer.route && safeMatch(layer, req.path));
    // A path written out (/dead-letters/replay) is its own resource, as the document shows it, even where a
    // parameterised route (/dead-letters/:id) would also match it.
    const literal = matching.filter((layer) => !/[:*{]/.test(layer.route?.path ?? ''));
    const allowed = new Set<string>();
    for (const layer of literal.length > 0 ? literal : matching) {
      for (const [method, on] of Object.entries(layer.route?.methods ?? {})) if (on && method !== '_all') allowed.add(method.toUpperCase());
    }
    if (allowed.has('GET')) allowed.add('HEAD');
    if (allowed.size === 0 || allowed.has(req.method) || (req.method === 'OPTIONS' && res.getHeader('Access-Control-Allow-Origin'))) return next();
    const allow = [...allowed].sort().join(', ');
    res.setHeader('Allow', allow);
    sendProblem(req, res, { type: 'https://simpul.go.id/problems/method-not-allowed', title: 'Method not allowed', status: 405, detail: `${req.method} is not allowed here; allowed: ${allow}`, instance: req.path });
  };
}

function safeMatch(layer: Layer, path: string): boolean {
  try {
    return layer.match(path);
  } catch {
    return false; // a path that does not decode (%E0) matches no route
  }
}

/** A body must be JSON: anything else is refused with 415 rather than read as an empty body. */
function jsonBodiesOnly(req: Request, res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!hasBody || type === 'application/json' || /^application\/[a-z0-9.+-]*\+json$/.test(type)) return next();
  res.setHeader('Accept-Post', 'application/json');
  sendProblem(req, res, { type: 'https://simpul.go.id/problems/unsupported-media-type', title: 'Unsupported media type', status: 415, detail: 'the body must be application/json', instance: req.path });
}
