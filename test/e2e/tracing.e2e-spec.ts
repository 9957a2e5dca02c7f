import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { birthApplication } from '@simpul/testing';
import { submit, waitForApplication } from '../support/api';
import { eventually, token } from '../support/env';

interface SpanLine {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  service: string;
  attributes: Record<string, unknown>;
}

const tracesDir = join(process.env.SIMPUL_INFRA_DIR ?? join(__dirname, '..', '..', '.infra', 'test'), 'traces');

function spans(): SpanLine[] {
  if (!existsSync(tracesDir)) return [];
  return readdirSync(tracesDir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(tracesDir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SpanLine));
}

describe('tracing (OpenTelemetry)', () => {
  it('follows one application in one trace from intake through Kafka, Temporal, PostgreSQL and the agency call', async () => {
    const portal = await token('portal', `portal-trace-${randomUUID()}`);
    const accepted = await submit(portal, birthApplication('birth-auto', 'Jejak'));
    await waitForApplication(portal, accepted.body.id, (a) => a.status === 'COMPLETED', 'the traced birth');
    const id = accepted.body.id;

    const trace = await eventually(async () => {
      const all = spans();
      const intake = all.find((s) => s.attributes['simpul.application_id'] === id && s.name.startsWith('HTTP POST'));
      if (!intake) return undefined;
      const inTrace = all.filter((s) => s.traceId === intake.traceId);
      return inTrace.some((s) => s.name === 'agency.call civil-registry registerBirth') ? inTrace : undefined;
    }, 'the spans of the traced application');

    const services = new Set(trace.map((s) => s.service));
    expect([...services].sort()).toEqual(expect.arrayContaining(['portal-api', 'orchestrator', 'agency-worker:civil-registry', 'agency-worker:bpjs-health']));
    const names = trace.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'HTTP POST /v1/applications',
        'kafka.consume applications.submitted.v1',
        'StartWorkflow:lifeEventWorkflow',
        'agency.call civil-registry registerBirth',
        'agency.call bpjs-health enrolNewborn',
      ]),
    );
    const agencyCall = trace.find((s) => s.name === 'agency.call civil-registry registerBirth');
    expect(agencyCall?.attributes['simpul.application_id']).toBe(id);
    // From the instrumentations (OpenTelemetry Node SDK): the intake's PostgreSQL queries (statement text, never its
    // parameters) and the agency call's outgoing HTTP request, in the same trace as our own spans.
    const queries = trace.filter((s) => s.attributes['db.system'] === 'postgresql');
    expect(queries.some((s) => s.service === 'portal-api' && /INSERT INTO/i.test(String(s.attributes['db.statement'])))).toBe(true);
    const below = (parent: SpanLine | undefined): SpanLine[] => trace.filter((s) => s.parentSpanId === parent?.spanId).flatMap((s) => [s, ...below(s)]);
    const outgoing = below(agencyCall).filter((s) => s.attributes['http.request.method'] !== undefined && s.attributes['url.full'] !== undefined);
    expect(outgoing.length).toBeGreaterThan(0);
    expect(outgoing.every((s) => s.service === 'agency-worker:civil-registry')).toBe(true);
    // No personal data in span attributes.
    expect(JSON.stringify(trace)).not.toContain(birthApplication('birth-auto').data.motherNik);
  });
});
