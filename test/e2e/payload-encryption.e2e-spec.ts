/**
 * Encrypted workflow payloads through the running system: what Temporal stores for an application is ciphertext
 * (checked with the Temporal CLI, as an operator would see it), and the backoffice codec endpoint decrypts it for an
 * operator only, auditing every call.
 */
import { execFileSync } from 'node:child_process';
import { DataSource } from 'typeorm';
import { workflowIdFor } from '@simpul/contracts';
import { birthApplication, DEMO_FAMILIES } from '@simpul/testing';
import { BACKOFFICE, http, submit, waitForApplication } from '../support/api';
import { testConfig, token } from '../support/env';
import { countSealed } from '../support/history-payloads';

const config = testConfig();
const CODEC = `${BACKOFFICE}/v1/operator/temporal-codec/decode`;
let ds: DataSource;

beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
});
afterAll(() => ds.destroy());

type WirePayload = { metadata: Record<string, string>; data: string };
function historyOf(applicationId: string): { events: Array<Record<string, unknown>> } {
  const cli = process.env.SIMPUL_TEMPORAL_CLI as string;
  const out = execFileSync(cli, ['workflow', 'show', '--workflow-id', workflowIdFor(applicationId), '--address', config.temporalAddress, '--output', 'json']);
  return JSON.parse(out.toString('utf8'));
}

describe('Temporal payloads are encrypted', () => {
  it('stores only ciphertext in the workflow history, and decodes it for an operator, audited', async () => {
    const portal = await token('portal', 'portal-encryption');
    const accepted = await submit(portal, birthApplication('birth-auto', 'Sekar Lestari'));
    expect(accepted.status).toBe(202);
    await waitForApplication(portal, accepted.body.id, (a) => a.status === 'COMPLETED', 'the birth to complete');

    const history = historyOf(accepted.body.id);
    const raw = JSON.stringify(history);
    const mother = DEMO_FAMILIES.member.mother;
    expect(countSealed(history)).toBeGreaterThan(5);
    for (const secret of [mother.nik, 'Sekar Lestari', Buffer.from(mother.nik).toString('base64').slice(0, 16)]) expect(raw).not.toContain(secret);
    const started = history.events[0].workflowExecutionStartedEventAttributes as { input: { payloads: WirePayload[] } };
    const input = started.input.payloads;

    expect((await http('POST', CODEC, { body: { payloads: input } })).status).toBe(401);
    for (const who of [await token('officer', 'officer-codec', 'civil-registry'), await token('auditor', 'auditor-codec'), portal]) {
      expect((await http('POST', CODEC, { token: who, body: { payloads: input } })).status).toBe(403);
    }
    const operator = await token('operator', 'operator-codec');
    const before = Number((await ds.query(`SELECT count(*) AS n FROM audit_entries WHERE action = 'temporal.payload.decode'`))[0].n);
    const decoded = await http<{ payloads: WirePayload[] }>('POST', CODEC, { token: operator, body: { payloads: input }, headers: { 'X-Namespace': 'default' } });
    expect(decoded.status).toBe(200);
    const plain = JSON.parse(Buffer.from(decoded.body.payloads[0].data, 'base64').toString('utf8')) as { applicationId: string; data: Record<string, unknown> };
    expect(plain.applicationId).toBe(accepted.body.id);
    expect(JSON.stringify(plain.data)).toContain(mother.nik);

    const [entry] = await ds.query(`SELECT actor, subject, details FROM audit_entries WHERE action = 'temporal.payload.decode' ORDER BY seq DESC LIMIT 1`);
    expect(Number((await ds.query(`SELECT count(*) AS n FROM audit_entries WHERE action = 'temporal.payload.decode'`))[0].n)).toBe(before + 1);
    expect(entry).toEqual({ actor: { subject: 'operator-codec', role: 'operator' }, subject: { namespace: 'default' }, details: { payloads: 1, encrypted: 1, keyIds: [expect.any(String)] } });

    // Unencrypted payloads (histories from before the codec) pass through; junk is refused naming the field.
    const legacy = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"a":1}').toString('base64') };
    expect((await http<{ payloads: WirePayload[] }>('POST', CODEC, { token: operator, body: { payloads: [legacy] } })).body.payloads).toEqual([legacy]);
    const junk = await http<{ errors: Array<{ field: string }> }>('POST', CODEC, { token: operator, body: { payloads: 'x' } });
    expect(junk.status).toBe(422);
    expect(junk.body.errors[0].field).toBe('payloads');
  });

  it('lets the Temporal UI origin call the codec from a browser, and no other origin', async () => {
    const ui = new URL(config.temporalUiUrl).origin;
    const preflight = (origin: string) =>
      fetch(CODEC, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' } });
    const allowed = await preflight(ui);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ui);
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
