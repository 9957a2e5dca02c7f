import type { Type } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { classConstraints, UUID_V4_PATTERN, withTextRule, type Schema } from './constraints';
import type { RouteFacts } from './route-facts';
import { FHIR_JSON } from '../problem-response';

type Operation = { parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>; requestBody?: { content?: Record<string, { schema?: Schema }> }; responses: Record<string, unknown>; security?: unknown[] };

/** RFC 9457 problem details, as every error of both apps is answered. */
export const PROBLEM_SCHEMA: Schema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: { type: 'array', description: 'each invalid field (422)', items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
  additionalProperties: true,
};

/** FHIR R4 OperationOutcome, as operations that take FHIR (application/fhir+json) answer their errors. */
const OPERATION_OUTCOME_SCHEMA: Schema = {
  type: 'object',
  required: ['resourceType', 'issue'],
  properties: {
    resourceType: { enum: ['OperationOutcome'] },
    issue: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['severity', 'code'],
        properties: { severity: { enum: ['fatal', 'error', 'warning', 'information'] }, code: { type: 'string' }, diagnostics: { type: 'string' }, expression: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
};

const WHY: Record<number, string> = {
  400: 'the body is not valid JSON',
  401: 'no valid bearer token',
  403: "the token's role may not do this, or the resource is not the caller's",
  404: 'no such resource (or not visible to the caller)',
  405: 'the path exists, the method does not (see Allow)',
  409: 'the resource is not in a state that allows this, or the key was used with another request',
  413: 'the body is larger than 256 KB',
  415: 'the body is not JSON (Content-Type)',
  422: 'a field is invalid; `errors` names each',
  429: 'too many requests from this caller (see Retry-After)',
  503: 'a server this request needs is restarting, or the app is shutting down (see Retry-After)',
};

/**
 * Completes Nest's generated document with what the server really does: each operation's error answers (problem+json),
 * its security (bearer JWT unless public), the constraints class-validator enforces on bodies and query parameters,
 * the one text rule on every free string, and path parameters' formats. `conflicts` lists operations that answer 409.
 */
export function completeDocument(doc: OpenAPIObject, routes: RouteFacts[], conflicts: string[] = []): OpenAPIObject {
  doc.components ??= {};
  doc.components.schemas ??= {};
  doc.components.schemas.Problem = PROBLEM_SCHEMA;
  doc.components.schemas.OperationOutcome = OPERATION_OUTCOME_SCHEMA;
  const classes = new Map<string, Type<unknown>>();
  for (const route of routes) {
    const op = (doc.paths[route.path] as Record<string, Operation> | undefined)?.[route.method];
    if (!op) continue;
    for (const cls of [route.body, route.query]) if (cls) classes.set(cls.name, cls);
    completeParameters(op, route);
    op.security = route.public ? [] : [{ bearer: [] }];
    const statuses = [429, 503];
    if (!route.public) statuses.push(401, 403);
    if (Object.keys(route.params).length > 0) statuses.push(404);
    // An operation that takes FHIR answers its errors as OperationOutcome to FHIR clients, as problem+json to others
    // (libs/http/src/problem-response.ts).
    const fhir = Boolean(op.requestBody?.content?.[FHIR_JSON]);
    if (op.parameters?.length || route.body || fhir) statuses.push(422);
    if (route.body || fhir) statuses.push(400, 413, 415);
    if (conflicts.includes(`${route.method.toUpperCase()} ${route.path}`)) statuses.push(409);
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
    const content = fhir ? { [FHIR_JSON]: { schema: { $ref: '#/components/schemas/OperationOutcome' } }, ...problem } : problem;
    for (const status of statuses) op.responses[status] ??= { description: WHY[status], content };
  }
  for (const [name, cls] of classes) completeSchema(doc.components.schemas[name] as Schema | undefined, cls, doc);
  return doc;
}

function completeParameters(op: Operation, route: RouteFacts): void {
  const fromQuery = route.query ? classConstraints(route.query) : {};
  for (const p of op.parameters ?? []) {
    p.schema ??= { type: 'string' };
    if (!p.schema.type && !p.schema.$ref) p.schema.type = 'string';
    if (p.in === 'query') Object.assign(p.schema, fromQuery[p.name] ?? {});
    delete p.schema.nullable; // a query value is a string, never null
    if (p.in === 'path') {
      const pipes = route.params[p.name] ?? [];
      if (pipes.includes('UuidV4Pipe')) Object.assign(p.schema, { type: 'string', format: 'uuid', pattern: UUID_V4_PATTERN });
      if (pipes.includes('IntParamPipe')) Object.assign(p.schema, { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
    }
    withTextRule(p.schema);
  }
}

/** Copies what `from` says and `into` does not, into array items too. */
function mergeMissing(into: Schema, from: Schema): void {
  for (const [key, value] of Object.entries(from)) {
    if (!(key in into)) into[key] = value;
    else if (key === 'items' && typeof into.items === 'object' && into.items && typeof value === 'object' && value) mergeMissing(into.items as Schema, value as Schema);
  }
}

function completeSchema(schema: Schema | undefined, cls: Type<unknown>, doc: OpenAPIObject): void {
  if (!schema) return;
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const constraints = classConstraints(cls);
  for (const [name, prop] of Object.entries(props)) {
    // What @ApiProperty says explicitly wins: it is written where a decorator's own form (/\S/) is not the whole rule.
    mergeMissing(prop, constraints[name] ?? {});
    withTextRule(prop);
    const ref = (prop.$ref as string | undefined)?.split('/').pop();
    const nested = ref ? (Reflect.getMetadata('design:type', cls.prototype as object, name) as Type<unknown> | undefined) : undefined;
    if (ref && nested) completeSchema(doc.components?.schemas?.[ref] as Schema | undefined, nested, doc);
  }
  schema.additionalProperties = false;
}
