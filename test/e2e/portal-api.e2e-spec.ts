import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { birthApplication, DEMO_FAMILIES } from '@simpul/testing';
import { PORTAL, http, submit } from '../support/api';
import { testConfig, token } from '../support/env';

const config = testConfig();
let ds: DataSource;
beforeAll(async () => {
  ds = await new DataSource({ type: 'postgres', url: config.databaseUrl }).initialize();
});
afterAll(() => ds.destroy());

interface Problem {
  type: string;
  title: string;
  status: number;
  errors?: Array<{ field: string; message: string }>;
}

describe('POST /v1/applications', () => {
  it('replays the same response for a repeated Idempotency-Key, and stores one application and one event', async () => {
    const portal = await token('portal', `portal-${randomUUID()}`);
    const key = `idem-${randomUUID()}`;
    const body = birthApplication('birth-auto', 'Fajar');
    const first = await submit(portal, body, key);
    const second = await submit(portal, body, key);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const rows = await ds.query('SELECT count(*)::int AS n FROM applications WHERE idempotency_key = $1', [key]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses the same Idempotency-Key with a different body as a 422 problem', async () => {
    const portal = await token('portal', `portal-${randomUUID()}`);
    const key = `idem-${randomUUID()}`;
    await submit(portal, birthApplication('birth-auto', 'Gilang'), key);
    const res = await submit(portal, birthApplication('birth-auto', 'Gita'), key);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((res.body as unknown as Problem).errors?.[0].field).toBe('Idempotency-Key');
  });

  it('names each invalid field, in a problem+json body, and stores nothing', async () => {
    const portal = await token('portal', `portal-${randomUUID()}`);
    const body = birthApplication('birth-auto');
    const bad = {
      ...body,
      data: { ...body.data, motherNik: '3273011203880002', kkNumber: '123', child: { ...body.data.child, birthDate: '2999-01-01', sex: 'X' } },
    };
    const key = `idem-${randomUUID()}`;
    const res = await submit(portal, bad, key);
    expect(res.status).toBe(422);
    const fields = ((res.body as unknown as Problem).errors ?? []).map((e) => e.field).sort();
    expect(fields).toEqual(['data.child.birthDate', 'data.child.sex', 'data.kkNumber', 'data.motherNik']);
    const messages = JSON.stringify(res.body);
    expect(messages).toContain("motherNik must be a woman's NIK");
    expect((await ds.query('SELECT count(*)::int AS n FROM applications WHERE idempotency_key = $1', [key]))[0].n).toBe(0);
  });

  it('refuses unknown fields and a missing Idempotency-Key, naming them', async () => {
    const portal = await token('portal', `portal-${randomUUID()}`);
    const extra = await submit(portal, { ...birthApplication('birth-auto'), surprise: true });
    expect(extra.status).toBe(422);
    expect(JSON.stringify(extra.body)).toContain('surprise');
    const noKey = await http('POST', `${PORTAL}/v1/applications`, { token: portal, body: birthApplication('birth-auto') });
    expect(noKey.status).toBe(422);
    expect((noKey.body as unknown as Problem).errors?.[0].field).toBe('Idempotency-Key');
  });

  it('answers malformed JSON with a 400 problem, not a 500', async () => {
    const portal = await token('portal', `portal-${randomUUID()}`);
    const res = await fetch(`${PORTAL}/v1/applications`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${portal}`, 'Content-Type': 'application/json', 'Idempotency-Key': `idem-${randomUUID()}` },
      body: '{"lifeEvent": ',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('authentication and ownership', () => {
  it('requires a valid bearer token on every endpoint but health', async () => {
    for (const [method, path] of [
      ['GET', '/v1/applications'],
      ['POST', '/v1/applications'],
      ['GET', `/v1/applications/${randomUUID()}`],
      ['GET', '/v1/life-events'],
      ['GET', '/metrics'],
    ]) {
      const res = await http(method, `${PORTAL}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
    expect((await http('GET', `${PORTAL}/v1/applications`, { token: 'not-a-jwt' })).status).toBe(401);
    expect((await http('GET', `${PORTAL}/health/live`)).status).toBe(200);
    expect((await http('GET', `${PORTAL}/health/ready`)).status).toBe(200);
  });

  it('refuses a role that may not use the endpoint', async () => {
    const officer = await token('officer', 'officer-x', 'civil-registry');
    expect((await submit(officer, birthApplication('birth-auto'))).status).toBe(403);
  });

  it('lets a citizen read their own application and not another citizen\'s', async () => {
    const mother = DEMO_FAMILIES.member.mother.nik;
    const citizenA = await token('citizen', mother);
    const citizenB = await token('citizen', DEMO_FAMILIES.eligible.mother.nik);
    const accepted = await submit(citizenA, { ...birthApplication('birth-auto', 'Hana'), applicantNik: undefined });
    expect(accepted.status).toBe(202);
    expect((await http('GET', `${PORTAL}/v1/applications/${accepted.body.id}`, { token: citizenA })).status).toBe(200);
    expect((await http('GET', `${PORTAL}/v1/applications/${accepted.body.id}`, { token: citizenB })).status).toBe(404);
    const listA = await http<{ items: Array<{ id: string }> }>('GET', `${PORTAL}/v1/applications?limit=100`, { token: citizenA });
    expect(listA.body.items.map((i) => i.id)).toContain(accepted.body.id);
    const listB = await http<{ items: Array<{ id: string }> }>('GET', `${PORTAL}/v1/applications?limit=100`, { token: citizenB });
    expect(listB.body.items.map((i) => i.id)).not.toContain(accepted.body.id);
  });
});

describe('GET /v1/applications', () => {
  it('pages with a cursor without repeating or skipping', async () => {
    const portal = await token('portal', `portal-${randomUUID()}`);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await submit(portal, birthApplication('birth-auto', `Page ${'abcde'[i]}`))).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } = await http('GET', `${PORTAL}/v1/applications?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: portal });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(ids.sort());
  });

  it('names a bad paging parameter', async () => {
    const portal = await token('portal', `portal-${randomUUID()}`);
    const res = await http('GET', `${PORTAL}/v1/applications?limit=1000`, { token: portal });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('limit');
  });
});

describe('GET /v1/life-events and the API docs', () => {
  it('serves the catalog with titles in both languages', async () => {
    const res = await http<{ items: Array<{ type: string; title: { id: string; en: string }; steps: unknown[] }> }>('GET', `${PORTAL}/v1/life-events`, {
      token: await token('citizen', DEMO_FAMILIES.member.mother.nik),
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => i.type)).toEqual(['BIRTH', 'DEATH', 'RELOCATION', 'SCHOLARSHIP', 'MARRIAGE']);
    const birth = res.body.items[0] as unknown as { title: unknown; steps: unknown[]; requiredFields: string[]; dataSchema: { required: string[] } };
    expect(birth.title).toEqual({ id: 'Kelahiran', en: 'Birth' });
    expect(birth.steps).toHaveLength(4);
    expect(birth.requiredFields).toEqual(['motherNik', 'kkNumber', 'child.name', 'child.sex', 'child.birthDate', 'child.birthPlace']);
    expect(birth.dataSchema.required).toEqual(['motherNik', 'kkNumber', 'child']);
  });

  it('serves the OpenAPI document', async () => {
    const res = await http<{ openapi: string; paths: Record<string, unknown> }>('GET', `${PORTAL}/openapi.json`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/v1/applications', '/v1/applications/{id}', '/v1/life-events']));
  });
});
