/**
 * Every place a string reaches portal-api or the back office (body fields incl. each life event's data, query and path
 * parameters), as a request that carries one drawn value there. The text property (api-properties.e2e-spec.ts) sends
 * each with strings from the whole Unicode range and checks the one text rule of @simpul/contracts at each.
 */
import { randomUUID } from 'node:crypto';
import { SCENARIOS, scenarioApplication, type Scenario } from '@simpul/testing';

export type Caller = 'portal' | 'officer' | 'operator';
export interface TextTarget {
  name: string;
  app: 'portal' | 'backoffice';
  caller: Caller;
  /** The field a 422 names when the value breaks the rule. */
  field: string;
  /** Where the value travels: a path segment or a query value can only carry well-formed Unicode. */
  via: 'body' | 'path' | 'query';
  request(value: string): { method: string; path: string; body?: unknown; idempotencyKey?: string };
}

const seg = (v: string) => encodeURIComponent(v);
const q = (name: string, v: string) => `${name}=${encodeURIComponent(v)}`;

/** The string leaves of a document, as paths. */
function stringPaths(doc: unknown, prefix: string[] = []): string[][] {
  if (typeof doc === 'string') return [prefix];
  if (!doc || typeof doc !== 'object') return [];
  return Object.entries(doc).flatMap(([k, v]) => stringPaths(v, [...prefix, k]));
}

function withValue(doc: unknown, path: string[], value: string): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

/** One scenario per life event; every string field of its body (the data section included). */
function submissionTargets(): TextTarget[] {
  const perEvent = new Map<string, Scenario>();
  for (const s of SCENARIOS) if (!perEvent.has(scenarioApplication(s).lifeEvent)) perEvent.set(scenarioApplication(s).lifeEvent, s);
  return [...perEvent.values()].flatMap((scenario) => {
    const doc = { ...scenarioApplication(scenario), channel: 'MPP_COUNTER', assistedBy: { officerId: 'mpp-props-01', office: 'MPP Jakarta Selatan' } };
    // One key per field: a valid value is accepted once, every later one answers 409 (a key reused with another body).
    return stringPaths(doc).map((path) => {
      const key = `props-text-${randomUUID()}`;
      return {
        name: `POST /v1/applications ${doc.lifeEvent} ${path.join('.')}`,
        app: 'portal' as const,
        caller: 'portal' as const,
        field: path.join('.'),
        via: 'body' as const,
        request: (v: string) => ({ method: 'POST', path: '/v1/applications', body: withValue(doc, path, v), idempotencyKey: key }),
      };
    });
  });
}

const id = randomUUID();
const simple = (t: Omit<TextTarget, 'name'> & { name?: string }, label: string): TextTarget => ({ ...t, name: t.name ?? label });

export function textTargets(): TextTarget[] {
  return [
    ...submissionTargets(),
    simple({ app: 'portal', caller: 'portal', field: 'cursor', via: 'query', request: (v) => ({ method: 'GET', path: `/v1/applications?${q('cursor', v)}` }) }, 'GET /v1/applications ?cursor'),
    simple({ app: 'portal', caller: 'portal', field: 'createdFrom', via: 'query', request: (v) => ({ method: 'GET', path: `/v1/applications?${q('createdFrom', v)}` }) }, 'GET /v1/applications ?createdFrom'),
    simple({ app: 'portal', caller: 'portal', field: 'key', via: 'path', request: (v) => ({ method: 'GET', path: `/v1/applications/by-reference/${seg(v)}` }) }, 'GET /v1/applications/by-reference/:key'),
    simple({ app: 'portal', caller: 'portal', field: 'stepId', via: 'path', request: (v) => ({ method: 'DELETE', path: `/v1/applications/${id}/consents/${seg(v)}` }) }, 'DELETE /v1/applications/:id/consents/:stepId'),
    simple({ app: 'portal', caller: 'portal', field: 'lastEventId', via: 'query', request: (v) => ({ method: 'GET', path: `/v1/applications/${id}/events?${q('lastEventId', v)}` }) }, 'GET /v1/applications/:id/events ?lastEventId'),
    simple({ app: 'portal', caller: 'portal', field: 'message', via: 'body', request: (v) => ({ method: 'POST', path: `/v1/applications/${id}/responses`, body: { message: v } }) }, 'POST /v1/applications/:id/responses message'),
    // An invalid URL beside the drawn value, so no webhook is ever created by the property.
    simple({ app: 'portal', caller: 'portal', field: 'url', via: 'body', request: (v) => ({ method: 'POST', path: '/v1/webhooks', body: { url: v } }) }, 'POST /v1/webhooks url'),
    simple({ app: 'portal', caller: 'portal', field: 'description', via: 'body', request: (v) => ({ method: 'POST', path: '/v1/webhooks', body: { url: 'not a url', description: v } }) }, 'POST /v1/webhooks description'),
    simple({ app: 'portal', caller: 'portal', field: 'secret', via: 'body', request: (v) => ({ method: 'POST', path: '/v1/webhooks', body: { url: 'not a url', secret: v } }) }, 'POST /v1/webhooks secret'),
    simple({ app: 'portal', caller: 'portal', field: 'after', via: 'query', request: (v) => ({ method: 'GET', path: `/v1/webhooks/${id}/deliveries?${q('after', v)}` }) }, 'GET /v1/webhooks/:id/deliveries ?after'),
    simple({ app: 'portal', caller: 'portal', field: 'deliveryId', via: 'path', request: (v) => ({ method: 'GET', path: `/v1/webhooks/${id}/deliveries/${seg(v)}` }) }, 'GET /v1/webhooks/:id/deliveries/:deliveryId'),
    simple({ app: 'backoffice', caller: 'officer', field: 'reason', via: 'body', request: (v) => ({ method: 'POST', path: `/v1/tasks/${id}:assess-family/decision`, body: { outcome: 'REJECT', reason: v } }) }, 'POST /v1/tasks/:id/decision reason'),
    simple({ app: 'backoffice', caller: 'officer', field: 'message', via: 'body', request: (v) => ({ method: 'POST', path: `/v1/tasks/${id}:assess-family/decision`, body: { outcome: 'REQUEST_INFORMATION', message: v } }) }, 'POST /v1/tasks/:id/decision message'),
    simple({ app: 'backoffice', caller: 'officer', field: 'id', via: 'path', request: (v) => ({ method: 'POST', path: `/v1/tasks/${seg(v)}/claim` }) }, 'POST /v1/tasks/:id/claim'),
    simple({ app: 'backoffice', caller: 'operator', field: 'reason', via: 'body', request: (v) => ({ method: 'POST', path: `/v1/operator/applications/${id}/cancel`, body: { reason: v } }) }, 'POST /v1/operator/applications/:id/cancel reason'),
    simple({ app: 'backoffice', caller: 'operator', field: 'stepId', via: 'path', request: (v) => ({ method: 'POST', path: `/v1/operator/applications/${id}/steps/${seg(v)}/retry`, body: { reason: 'a property-based test' } }) }, 'POST /v1/operator/applications/:id/steps/:stepId/retry'),
    simple({ app: 'backoffice', caller: 'operator', field: 'note', via: 'body', request: (v) => ({ method: 'POST', path: `/v1/operator/applications/${id}/incidents/1/resolve`, body: { note: v } }) }, 'POST …/incidents/:incidentId/resolve note'),
    simple({ app: 'backoffice', caller: 'operator', field: 'unmaskReason', via: 'query', request: (v) => ({ method: 'GET', path: `/v1/operator/applications/${id}?${q('unmaskReason', v)}` }) }, 'GET /v1/operator/applications/:id ?unmaskReason'),
    simple({ app: 'backoffice', caller: 'operator', field: 'stuckFor', via: 'query', request: (v) => ({ method: 'GET', path: `/v1/operator/applications?${q('stuckFor', v)}` }) }, 'GET /v1/operator/applications ?stuckFor'),
    simple({ app: 'backoffice', caller: 'operator', field: 'key', via: 'query', request: (v) => ({ method: 'GET', path: `/v1/operator/dead-letters?${q('key', v)}` }) }, 'GET /v1/operator/dead-letters ?key'),
    simple({ app: 'backoffice', caller: 'operator', field: 'reason', via: 'body', request: (v) => ({ method: 'POST', path: '/v1/operator/dead-letters/999999999/discard', body: { reason: v } }) }, 'POST /v1/operator/dead-letters/:id/discard reason'),
    simple({ app: 'backoffice', caller: 'operator', field: 'status', via: 'query', request: (v) => ({ method: 'GET', path: `/v1/operator/incidents?${q('status', v)}` }) }, 'GET /v1/operator/incidents ?status'),
    simple({ app: 'backoffice', caller: 'operator', field: 'from', via: 'query', request: (v) => ({ method: 'GET', path: `/v1/operator/dashboard?${q('from', v)}` }) }, 'GET /v1/operator/dashboard ?from'),
    simple({ app: 'backoffice', caller: 'operator', field: 'payloads.0.data', via: 'body', request: (v) => ({ method: 'POST', path: '/v1/operator/temporal-codec/decode', body: { payloads: [{ metadata: {}, data: v }] } }) }, 'POST /v1/operator/temporal-codec/decode payloads'),
  ];
}
