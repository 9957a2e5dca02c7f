import { randomUUID } from 'node:crypto';
import { birthApplication } from '@simpul/testing';
import { TEST_PORTS } from '../../scripts/apps';
import { PORTAL, submit, waitForApplication } from '../support/api';
import { token } from '../support/env';

async function scrape(port: number, bearer: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Authorization: `Bearer ${bearer}` } });
  expect(res.status).toBe(200);
  return res.text();
}

function value(text: string, metric: string, labels: Record<string, string> = {}): number {
  const lines = text.split('\n').filter((l) => l.startsWith(metric) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return lines.reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

describe('GET /metrics', () => {
  it('needs a monitoring or operator token', async () => {
    expect((await fetch(`${PORTAL}/metrics`)).status).toBe(401);
    const citizen = await token('portal', 'portal-metrics');
    expect((await fetch(`${PORTAL}/metrics`, { headers: { Authorization: `Bearer ${citizen}` } })).status).toBe(403);
  });

  it('counts requests, agency calls and consumer lag on the apps that do the work, without personal data in labels', async () => {
    const monitoring = await token('monitoring', 'prometheus');
    const portal = await token('portal', `portal-${randomUUID()}`);
    const accepted = await submit(portal, birthApplication('birth-auto', 'Metrik'));
    await waitForApplication(portal, accepted.body.id, (a) => a.status === 'COMPLETED', 'the birth');

    const intake = await scrape(TEST_PORTS.portalApi, monitoring);
    expect(value(intake, 'simpul_http_requests_total', { method: 'POST', route: '/v1/applications', status: '202' })).toBeGreaterThanOrEqual(1);
    expect(intake).toContain('process_resident_memory_bytes');
    expect(intake).toMatch(/^simpul_outbox_backlog \d+/m);
    expect(intake).toMatch(/^simpul_outbox_oldest_age_seconds [\d.e+-]+/m);

    const registry = await scrape(TEST_PORTS.agencyWorker, monitoring);
    expect(value(registry, 'simpul_agency_call_seconds_count', { agency: 'civil-registry', result: 'ok' })).toBeGreaterThanOrEqual(1);

    const orchestrator = await scrape(TEST_PORTS.orchestrator, monitoring);
    expect(orchestrator).toContain('simpul_kafka_messages_consumed_total{topic="applications.submitted.v1",result="ok"}');
    expect(orchestrator).toContain('# TYPE simpul_kafka_consumer_lag gauge');

    const projector = await scrape(TEST_PORTS.statusProjector, monitoring);
    expect(value(projector, 'simpul_applications_total', { life_event: 'BIRTH', status: 'COMPLETED' })).toBeGreaterThanOrEqual(1);
    expect(value(projector, 'simpul_step_duration_seconds_count', { agency: 'civil-registry', step: 'register-birth', status: 'COMPLETED' })).toBeGreaterThanOrEqual(1);

    const { motherNik, kkNumber } = birthApplication('birth-auto').data;
    for (const text of [intake, registry, orchestrator, projector]) {
      expect(text).not.toContain(motherNik);
      expect(text).not.toContain(kkNumber);
      expect(text).not.toContain(accepted.body.id);
    }
  });
});
