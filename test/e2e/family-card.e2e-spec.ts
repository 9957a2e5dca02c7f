/**
 * Once only: a citizen's own family card, read from the civil registry through its adapter (Dukcapil's CALL_NIK and
 * CALL_KK, in its own web-service style), audited by keyed hashes and kept briefly.
 */
import { randomNik } from '@simpul/testing';
import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { PORTAL, http, sandboxAdmin } from '../support/api';
import { testConfig, token } from '../support/env';
import { newFamily } from '../support/sandbox-residents';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let ds: DataSource;
beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: testConfig().databaseUrl }).initialize();
});
afterAll(() => ds.destroy());

const reads = (since: number): Promise<Array<{ details: Json; row: string }>> =>
  ds.query(`SELECT details, (to_jsonb(e))::text AS row FROM audit_entries e WHERE action = 'family-card.read' AND seq > $1 ORDER BY seq`, [since]);
const lastSeq = async (): Promise<number> => Number((await ds.query('SELECT seq FROM audit_head WHERE id = 1'))[0].seq);

describe('GET /v1/me/family-card', () => {
  it("gives a citizen their own family card with everyone's place on it, and audits each read without a NIK", async () => {
    const family = await newFamily();
    const mother = await token('citizen', family.mother);
    const before = await lastSeq();
    const res = await http<Json>('GET', `${PORTAL}/v1/me/family-card`, { token: mother });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.kkNumber).toBe(family.kkNumber);
    const byNik = Object.fromEntries((res.body.members as Json[]).map((m) => [m.nik, m]));
    expect(byNik).toEqual({
      [family.father]: { nik: family.father, name: 'Joko Pratama', sex: 'M', birthDate: '1984-02-10', relation: 'HEAD' },
      [family.mother]: { nik: family.mother, name: 'Ani Pratama', sex: 'F', birthDate: '1988-09-21', relation: 'SPOUSE' },
      [family.son]: { nik: family.son, name: 'Dimas Pratama', sex: 'M', birthDate: '2004-05-30', relation: 'CHILD' },
    });

    // A second look within minutes is answered from memory; both reads are in the audit trail.
    expect((await http<Json>('GET', `${PORTAL}/v1/me/family-card`, { token: mother })).body.kkNumber).toBe(family.kkNumber);
    const audited = await reads(before);
    expect(audited.map((r) => r.details)).toEqual([
      { purpose: 'own-family-card', outcome: 'FOUND', members: 3, cached: false },
      { purpose: 'own-family-card', outcome: 'FOUND', members: 3, cached: true },
    ]);
    for (const value of [family.mother, family.father, family.son, family.kkNumber, 'Pratama']) expect(audited[0].row).not.toContain(value);
  });

  it('answers 503 while the registry fails, remembers nothing of it, and answers once the registry is back', async () => {
    const family = await newFamily();
    const citizen = await token('citizen', family.mother);
    const correlationId = `family-card-outage-${randomUUID()}`;
    const admin = sandboxAdmin(testConfig().sandbox.adminKey);
    await admin.setFault('civil-registry', { pathContains: 'CALL_NIK', correlationId, failNext: 100, failStatus: 503 });
    try {
      const res = await http<Json>('GET', `${PORTAL}/v1/me/family-card`, { token: citizen, headers: { 'X-Correlation-Id': correlationId } });
      expect([res.status, res.body.type]).toEqual([503, 'https://simpul.go.id/problems/registry-unavailable']);
      expect((await admin.callsOf(correlationId)).body).toMatchObject({ 'civil-registry': 3 }); // three tries, then it gives up
    } finally {
      await admin.clearFaults();
    }
    const back = await http<Json>('GET', `${PORTAL}/v1/me/family-card`, { token: citizen, headers: { 'X-Correlation-Id': correlationId } });
    expect([back.status, back.body.kkNumber]).toEqual([200, family.kkNumber]);
  });

  it('answers 404 to a citizen the civil registry does not know, and no one else may ask', async () => {
    const stranger = await token('citizen', randomNik('317402', 'F'));
    const res = await http<Json>('GET', `${PORTAL}/v1/me/family-card`, { token: stranger });
    expect([res.status, res.body.detail]).toEqual([404, 'the civil registry holds no family card for you']);
    expect((await http('GET', `${PORTAL}/v1/me/family-card`, { token: await token('portal', 'portal-family-card') })).status).toBe(403);
    expect((await http('GET', `${PORTAL}/v1/me/family-card`)).status).toBe(401);
  });
});
