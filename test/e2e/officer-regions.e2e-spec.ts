/**
 * Officers by region: a regional office's officer (Disdukcapil, Dinas Sosial) sees and decides only the tasks of
 * applications from their province or regency (the family card's region code); a national agency's officer, and an
 * officer whose token names no region, see the whole country. Region and agency come from the identity provider.
 */
import { birthApplication, DEMO_FAMILIES } from '@simpul/testing';
import { BACKOFFICE, http, submit, waitForApplication } from '../support/api';
import { eventually, testConfig, token } from '../support/env';
import { OidcSession } from '../support/oidc';

const config = testConfig();
type TaskList = { items: Array<{ id: string }> };
const listed = async (t: string, id: string) => (await http<TaskList>('GET', `${BACKOFFICE}/v1/tasks?limit=100`, { token: t })).body.items.some((i) => i.id === id);

let taskId: string;

beforeAll(async () => {
  // The eligible family lives in Kota Bandung (KK 3273…): its birth waits for a Dinas Sosial officer there.
  const portal = await token('portal', 'portal-regions');
  const accepted = await submit(portal, birthApplication('birth-officer', 'Wilayah Rahmawati'));
  expect(accepted.status).toBe(202);
  await waitForApplication(portal, accepted.body.id, (a) => a.steps.some((s) => s.stepId === 'assess-family' && s.status === 'WAITING_FOR_OFFICER'), 'the officer step');
  taskId = `${accepted.body.id}:assess-family`;
  expect(DEMO_FAMILIES.eligible.kkNumber.startsWith('3273')).toBe(true);
});

describe('the work queue of a regional office', () => {
  it('lists the task for Bandung (regency 3273) and West Java (province 32), not for Surabaya (3578)', async () => {
    const [bandung, westJava, surabaya, national] = await Promise.all([
      token('officer', 'officer-social-aid-3273', 'social-aid', { region: '3273' }),
      token('officer', 'officer-social-aid-32', 'social-aid', { region: '32' }),
      token('officer', 'officer-social-aid-3578', 'social-aid', { region: '3578' }),
      token('officer', 'officer-social-aid', 'social-aid'),
    ]);
    await eventually(async () => ((await listed(bandung, taskId)) ? true : undefined), 'the task in the Bandung queue');
    expect(await listed(westJava, taskId)).toBe(true);
    expect(await listed(national, taskId)).toBe(true);
    expect(await listed(surabaya, taskId)).toBe(false);
    for (const path of ['', '/claim']) {
      expect((await http(path ? 'POST' : 'GET', `${BACKOFFICE}/v1/tasks/${taskId}${path}`, { token: surabaya })).status).toBe(404);
    }
    const decision = { outcome: 'APPROVE', reason: 'not my regency' };
    expect((await http('POST', `${BACKOFFICE}/v1/tasks/${taskId}/decision`, { token: surabaya, body: decision })).status).toBe(404);
  });

  it('signs in a Surabaya officer through the provider: the Bandung task is not theirs; the Bandung officer claims it', async () => {
    const callback = `${BACKOFFICE}/ui/`;
    const surabaya = await new OidcSession(config.auth.issuer, 'simpul-backoffice', callback).signIn('officer-social-aid-3578');
    expect((await http('GET', `${BACKOFFICE}/v1/tasks/${taskId}`, { token: surabaya.access_token })).status).toBe(404);
    const bandung = await new OidcSession(config.auth.issuer, 'simpul-backoffice', callback).signIn('officer-social-aid-3273');
    expect((await http('POST', `${BACKOFFICE}/v1/tasks/${taskId}/claim`, { token: bandung.access_token })).status).toBe(200);
  });
});
