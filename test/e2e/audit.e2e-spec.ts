/**
 * The audit trail through the running system: an operator reading a citizen's application is recorded (the citizen
 * reading their own is not), and `npm run -s audit:verify` finds the stack's whole chain intact, whatever the other
 * suites appended before.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { birthApplication, DEMO_FAMILIES } from '@simpul/testing';
import { PORTAL, http, submit } from '../support/api';
import { testConfig, token } from '../support/env';

const run = promisify(execFile);
const config = testConfig();
let ds: DataSource;
beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
});
afterAll(() => ds.destroy());

const reads = async (id: string) => Number((await ds.query(`SELECT count(*) AS n FROM audit_entries WHERE action = 'application.read' AND subject->>'applicationId' = $1`, [id]))[0].n);

describe('audit trail', () => {
  it('records an operator reading an application, not the citizen reading their own', async () => {
    const citizen = await token('citizen', DEMO_FAMILIES.member.mother.nik);
    const accepted = await submit(citizen, birthApplication('birth-auto', 'Audit Wijaya'));
    const id = accepted.body.id;
    expect((await http('GET', `${PORTAL}/v1/applications/${id}`, { token: citizen })).status).toBe(200);
    expect(await reads(id)).toBe(0);
    expect((await http('GET', `${PORTAL}/v1/applications/${id}`, { token: await token('operator', 'operator-audit') })).status).toBe(200);
    expect(await reads(id)).toBe(1);
    const [entry] = await ds.query(`SELECT actor FROM audit_entries WHERE action = 'application.read' AND subject->>'applicationId' = $1`, [id]);
    expect(entry.actor).toEqual({ subject: 'operator-audit', role: 'operator' });
  });

  it('verifies the whole chain of the stack with npm run -s audit:verify', async () => {
    const { stdout } = await run(process.execPath, [join(__dirname, '../../dist/scripts/audit-verify.js')], { env: process.env });
    expect(stdout).toMatch(/chain intact, \d+ entries/);
  });
});
