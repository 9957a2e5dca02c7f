/**
 * Property-based tests of the portal API's edge (fast-check): invalid and hostile bodies, headers, paths and query
 * strings never cause a 5xx, and every error is application/problem+json; a 422 names each field at fault.
 * Runs are seeded, so a failure replays; raise SIMPUL_PROPERTY_RUNS to search longer.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { birthApplication } from '@simpul/testing';
import { unsafeTextProblem } from '@simpul/contracts';
import { BACKOFFICE, PORTAL } from '../support/api';
import { testConfig, token } from '../support/env';
import { textTargets, type Caller } from './properties/text-targets';

const RUNS = Number(process.env.SIMPUL_PROPERTY_RUNS ?? 60);
const SEED = Number(process.env.SIMPUL_PROPERTY_SEED ?? 9);
const params = { numRuns: RUNS, seed: SEED, endOnFailure: true };

interface Answer {
  status: number;
  contentType: string;
  body: Record<string, unknown> | null;
  raw: string;
}

async function call(method: string, path: string, headers: Record<string, string>, body?: string, base = PORTAL): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { method, headers, body, signal: AbortSignal.timeout(15_000) });
  const raw = await res.text();
  let parsed: Record<string, unknown> | null = null;
  try {
    parsed = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    parsed = null;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: parsed, raw };
}

/**
 * The invariants of every answer at the edge. A field may be named "" only when the body has a property named "".
 */
function expectWellFormed(answer: Answer, what: string, body = ''): void {
  const context = `${what} → ${answer.status} ${answer.raw.slice(0, 300)}`;
  if (answer.status >= 500) throw new Error(`server error: ${context}`);
  if (answer.status < 400) return;
  if (!answer.contentType.startsWith('application/problem+json')) throw new Error(`not problem+json (${answer.contentType}): ${context}`);
  const problem = answer.body ?? {};
  if (problem.status !== answer.status || typeof problem.title !== 'string' || typeof problem.type !== 'string') throw new Error(`malformed problem: ${context}`);
  if (answer.status === 422) {
    const errors = problem.errors as Array<{ field?: unknown; message?: unknown }> | undefined;
    if (!Array.isArray(errors) || errors.length === 0) throw new Error(`422 without field errors: ${context}`);
    for (const e of errors) {
      if (typeof e.field !== 'string' || (e.field.length === 0 && !body.includes('"":')) || typeof e.message !== 'string') throw new Error(`422 with an unnamed field: ${context}`);
    }
  }
}

/**
 * Strings from the whole Unicode range (lone surrogates included), and often one character the text rule refuses:
 * C0 and C1 controls (NUL first), lone surrogates, bidirectional embeddings, overrides and isolates.
 */
const REFUSED = ['\u0000', '\u0001', '\u0008', '\u000B', '\u001B', '\u001F', '\u007F', '\u0080', '\u0085', '\u009F', '\u202A', '\u202D', '\u202E', '\u2066', '\u2069', '\uD800', '\uDFFF'];
const anyUnicode = fc.string({ unit: 'binary', maxLength: 24 });
const textValue = fc.oneof(
  anyUnicode,
  fc.tuple(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom(...REFUSED), anyUnicode).map(([a, r, b]) => a + r + b),
  fc.constantFrom('Bandung', 'Jl. Pahlawan No. 10', 'Ṡúrabaya 😀', 'line\nbreak', 'tab\there'),
);

/** Strings a hostile client sends: odd Unicode, control characters, injection and traversal attempts, huge ones. */
const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom("' OR 1=1 --", '../../etc/passwd', '<script>alert(1)</script>', '${jndi:ldap://x}', '%00', '\u0000', '\uFEFF', 'NaN', '-1', '1e309', '__proto__', 'constructor'),
  fc.string({ minLength: 1000, maxLength: 5000 }),
);

const hostileValue = fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }));

/** A valid birth application with one field replaced, removed or added, anywhere in the document. */
const mutatedBody = fc
  .record({
    path: fc.constantFrom(
      ['lifeEvent'], ['applicantNik'], ['channel'], ['data'], ['data', 'motherNik'], ['data', 'fatherNik'], ['data', 'kkNumber'],
      ['data', 'child'], ['data', 'child', 'name'], ['data', 'child', 'sex'], ['data', 'child', 'birthDate'], ['data', 'child', 'birthPlace'],
      ['__proto__'], ['constructor'], ['data', '__proto__'], ['data', 'child', 'prototype'], ['extra'],
    ),
    action: fc.constantFrom('replace', 'remove'),
    value: hostileValue,
  })
  .map(({ path, action, value }) => {
    const doc = JSON.parse(JSON.stringify(birthApplication('birth-auto', 'Sifat Anak'))) as Record<string, unknown>;
    let node = doc;
    for (const key of path.slice(0, -1)) {
      if (!node[key] || typeof node[key] !== 'object') node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = path[path.length - 1];
    if (action === 'remove') delete node[last];
    else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
    return JSON.stringify(doc);
  });

/** Prints a body short in a counterexample (a 3000-level document would fill the screen). */
const labeled = (body: string) => ({ body, [fc.toStringMethod]: () => (body.length > 160 ? `${JSON.stringify(body.slice(0, 160))}… (${body.length} chars)` : JSON.stringify(body)) });

const deepNesting = fc.integer({ min: 50, max: 3000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
const anyJson = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v));
const notJson = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{', '{"lifeEvent":', '[', 'null', '"BIRTH"', '\u0000', '{"a":1}{"b":2}'));

let portal: string;
beforeAll(async () => {
  portal = await token('portal', `portal-props-${randomUUID()}`);
});

const submitHeaders = (over: Record<string, string> = {}) => ({
  Authorization: `Bearer ${portal}`,
  'Content-Type': 'application/json',
  'Idempotency-Key': `prop-${randomUUID()}`,
  ...over,
});

describe('POST /v1/applications under hostile input', () => {
  it('answers any mutated, arbitrary, non-JSON or deeply nested body without a 5xx, as problem+json naming the fields', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedBody, anyJson, notJson, deepNesting).map(labeled), async ({ body }) => {
        expectWellFormed(await call('POST', '/v1/applications', submitHeaders(), body), `body ${body.slice(0, 120)}`, body);
      }),
      params,
    );
  });

  it('answers hostile Idempotency-Key, Content-Type, X-Correlation-Id and Authorization headers without a 5xx', async () => {
    // Header values a client can put on the wire: visible ASCII and Latin-1 (fetch refuses the rest itself).
    const headerValue = fc.oneof(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 }), fc.constantFrom('', ' ', 'Bearer', 'Bearer ', 'Bearer a.b.c', 'Basic dXNlcjpwYXNz', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded'));
    const header = fc.constantFrom('Idempotency-Key', 'Content-Type', 'X-Correlation-Id', 'Authorization', 'Content-Encoding', 'Accept');
    // One Idempotency-Key for every run: a valid request is accepted once and replayed after, so the property does
    // not file hundreds of applications.
    const key = `prop-headers-${randomUUID()}`;
    const body = JSON.stringify(birthApplication('birth-auto', 'Kepala Anak'));
    await fc.assert(
      fc.asyncProperty(header, headerValue, async (name, value) => {
        expectWellFormed(await call('POST', '/v1/applications', submitHeaders({ 'Idempotency-Key': key, [name]: value }), body), `${name}: ${value.slice(0, 80)}`);
      }),
      params,
    );
  });

  it('refuses a body over the size limit with a 413 problem', async () => {
    const answer = await call('POST', '/v1/applications', submitHeaders(), JSON.stringify({ ...birthApplication('birth-auto'), padding: 'x'.repeat(300 * 1024) }));
    expectWellFormed(answer, 'a 300 KB body');
    expect(answer.status).toBe(413);
  });
});

describe('GET paths and query strings under hostile input', () => {
  it('answers any application id in the path without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileString, fc.uuid()), async (id) => {
        const path = `/v1/applications/${encodeURIComponent(id)}`;
        const answer = await call('GET', path, { Authorization: `Bearer ${portal}` });
        expectWellFormed(answer, path);
        if (answer.status === 422) expect((answer.body?.errors as Array<{ field: string }>)[0].field).toBe('id');
      }),
      params,
    );
  });

  it('answers any limit, cursor, status and lifeEvent query without a 5xx', async () => {
    const q = fc.record({ limit: fc.option(hostileString), cursor: fc.option(hostileString), status: fc.option(hostileString), lifeEvent: fc.option(hostileString), other: fc.option(hostileString) }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(q, async (query) => {
        const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== null && v !== undefined) as Array<[string, string]>).toString();
        expectWellFormed(await call('GET', `/v1/applications?${search}`, { Authorization: `Bearer ${portal}` }), `?${search.slice(0, 160)}`);
      }),
      params,
    );
  });

  it('answers unknown paths and methods with a problem, never a 5xx', async () => {
    const segment = hostileString.map((s) => encodeURIComponent(s));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), fc.array(segment, { minLength: 1, maxLength: 4 }), async (method, parts) => {
        const path = `/${['v1', ...parts].join('/')}`;
        const answer = await call(method, path, { Authorization: `Bearer ${portal}`, 'Content-Type': 'application/json' }, method === 'GET' ? undefined : '{}');
        expectWellFormed(answer, `${method} ${path.slice(0, 160)}`);
      }),
      params,
    );
  });
});

describe('every string field of portal-api and the back office under the one text rule', () => {
  const tokens = {} as Record<Caller, string>;
  // The operator signed in at the high level: unmasking asks for it (step-up, checked before the text rule).
  beforeAll(async () => {
    [tokens.portal, tokens.officer, tokens.operator] = await Promise.all([token('portal', `portal-text-${randomUUID()}`), token('officer', 'officer-text', 'social-aid'), token('operator', 'operator-text', undefined, { acr: testConfig().auth.acr.high })]);
  });

  it.each(textTargets().map((t) => [t.name, t] as const))('%s: never a 5xx; a refused character is a 422 naming the field', async (_name, target) => {
    await fc.assert(
      fc.asyncProperty(textValue, async (drawn) => {
        // A URL carries only well-formed Unicode (a lone surrogate is sent as U+FFFD), so the rule is checked on what arrives.
        const value = target.via === 'body' ? drawn : drawn.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
        const req = target.request(value);
        const body = req.body === undefined ? undefined : JSON.stringify(req.body);
        const headers: Record<string, string> = { Authorization: `Bearer ${tokens[target.caller]}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...(req.idempotencyKey ? { 'Idempotency-Key': req.idempotencyKey } : {}) };
        const answer = await call(req.method, req.path, headers, body, target.app === 'portal' ? PORTAL : BACKOFFICE);
        expectWellFormed(answer, `${target.name} = ${JSON.stringify(value).slice(0, 80)}`, body);
        if (unsafeTextProblem(value) === null) return;
        const fields = ((answer.body?.errors ?? []) as Array<{ field: string }>).map((e) => e.field);
        if (answer.status !== 422 || !fields.includes(target.field)) throw new Error(`${target.name}: ${JSON.stringify(value)} answered ${answer.status} ${answer.raw.slice(0, 200)}, expected 422 naming ${target.field}`);
      }),
      { ...params, numRuns: Math.max(10, Math.round(RUNS / 3)) },
    );
  });
});
