/**
 * Schemathesis (PyPI, pinned in scripts/schemathesis.sh, installed on first use under .infra/tools/) fuzzes portal-api
 * and the back office from their own /openapi.json, through the running apps, with every check: no 5xx, only
 * documented status codes, content types and headers, schema-valid requests accepted and schema-invalid ones refused,
 * authentication enforced, 405 for undeclared methods, and stateful sequences. Real tokens from the test stack: a
 * portal for portal-api; an operator for the back office, and an officer for its task queue (operators may not
 * touch tasks, so an operator token would only show that /v1/tasks answers 403). Per-operation exceptions, each with
 * its reason, are in scripts/schemathesis.toml. SIMPUL_SCHEMATHESIS_EXAMPLES bounds the examples per operation.
 * Its own jest project (`fuzz`), run by scripts/test.sh after every other suite of the running system: the stateful
 * phase replays, discards and cancels whatever it finds, which would disturb a suite that ran after it.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { BACKOFFICE, PORTAL, http } from '../support/api';
import { DEMO_FACILITIES, DEMO_FAMILIES } from '@simpul/testing';
import { facilityToken, testConfig, token } from '../support/env';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'schemathesis.sh');

function schemathesis(base: string, bearer: string, ...options: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, base, bearer, ...options], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The run's summary, and its failures in full when there are any (the test's message is all a reader gets). */
function report(output: string): string {
  const failures = output.indexOf('=== FAILURES ===');
  return failures >= 0 ? output.slice(Math.max(0, failures - 200)) : output.slice(-2500);
}

async function expectGreen(run: Promise<{ code: number | null; output: string }>): Promise<void> {
  const { code, output } = await run;
  if (code !== 0) throw new Error(`schemathesis exited ${code}:\n${report(output)}`);
  expect(output).toMatch(/No issues found|0 failures|passed/i);
}

const MINUTES = 60_000;

describe('Schemathesis against the OpenAPI documents, through the running apps', () => {
  beforeAll(async () => {
    // The first run installs it (pip, a minute or two); later runs find it in place.
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('bash', [SCRIPT, '--install'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('close', (c) => resolve({ code: c, output: out }));
    });
    if (code !== 0) throw new Error(`could not install schemathesis:\n${output}`);
  }, 10 * MINUTES);

  it('finds no issue in portal-api', async () => {
    const subject = `portal-schemathesis-${randomUUID().slice(0, 8)}`;
    const portal = await token('portal', subject);
    try {
      await expectGreen(schemathesis(PORTAL, portal));
    } finally {
      // The webhooks it registered (to URLs nobody serves) go, so nothing keeps trying to deliver to them.
      const hooks = await http<{ items?: Array<{ id: string }> }>('GET', `${PORTAL}/v1/webhooks`, { token: portal });
      for (const hook of hooks.body.items ?? []) await http('DELETE', `${PORTAL}/v1/webhooks/${hook.id}`, { token: portal });
    }
  }, 10 * MINUTES);

  it('finds no issue in the health facilities\' FHIR notifications (as a facility) and the family\'s drafts (as a citizen)', async () => {
    await expectGreen(schemathesis(PORTAL, await facilityToken(DEMO_FACILITIES.clinic.id), '--include-path-regex', '^/v1/health-facility-events'));
    await expectGreen(schemathesis(PORTAL, await token('citizen', DEMO_FAMILIES.outside.mother.nik), '--include-path-regex', '^/v1/application-drafts'));
  }, 10 * MINUTES);

  it('finds no issue in the back office (operator console, as an operator)', async () => {
    // It sets offices of the connection registry to whatever it draws (an agency UNAVAILABLE everywhere, say); the
    // registry is put back as it found it, so the next `npm test` on this stack starts from the provisioned one.
    const ds = await new DataSource({ type: 'postgres', url: testConfig().databaseUrl }).initialize();
    const registry: unknown[] = await ds.query('SELECT * FROM agency_connections');
    try {
      await expectGreen(schemathesis(BACKOFFICE, await token('operator', 'operator-schemathesis'), '--exclude-path-regex', '^/v1/tasks'));
    } finally {
      await ds.transaction(async (em) => {
        await em.query('DELETE FROM agency_connections');
        await em.query('INSERT INTO agency_connections SELECT * FROM jsonb_populate_recordset(NULL::agency_connections, $1::jsonb)', [JSON.stringify(registry)]);
      });
      await ds.destroy();
    }
  }, 10 * MINUTES);

  it('finds no issue in the back office (work queue, as an officer)', async () => {
    await expectGreen(schemathesis(BACKOFFICE, await token('officer', 'officer-schemathesis', 'social-aid'), '--include-path-regex', '^/v1/tasks'));
  }, 10 * MINUTES);
});
