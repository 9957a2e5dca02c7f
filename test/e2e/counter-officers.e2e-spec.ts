/**
 * A counter officer of a public service mall (MPP) files for a citizen who is present: the identity provider sends the
 * citizen a one-time code (read here from its dev mailbox), the officer files with it, and the application records the
 * officer and the mall from the officer's token. A wrong code, another citizen's check, a free-text officer are refused.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_FAMILIES, birthApplication } from '@simpul/testing';
import { PORTAL, http } from '../support/api';
import { testConfig, token } from '../support/env';
import { claimsOf } from '../support/oidc';

const config = testConfig();
const mother = DEMO_FAMILIES.eligible.mother.nik;
let counter: string;

beforeAll(async () => {
  counter = await token('counter-officer', 'counter-mpp-kota-bandung');
});

async function presenceCheck(nik: string): Promise<string> {
  const res = await http<{ id: string }>('POST', `${PORTAL}/v1/presence-checks`, { token: counter, body: { nik } });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** The newest code in the citizen's dev mailbox at the identity provider. */
async function codeSentTo(nik: string): Promise<string> {
  const res = await fetch(`${config.auth.issuer}/dev/mailbox?to=${nik}`, { headers: { Accept: 'application/json' } });
  const body = (await res.json()) as { messages: Array<{ body: string }> };
  const code = /: (\d{6})\./.exec(body.messages[0]?.body ?? '')?.[1];
  if (!code) throw new Error('no code in the mailbox');
  return code;
}

function file(body: Record<string, unknown>) {
  const application = { ...birthApplication('birth-auto', `Loket ${randomUUID().replace(/[^a-f]/g, '').slice(0, 6)}`), applicantNik: mother, channel: 'MPP_COUNTER', ...body };
  return http<{ id: string }>('POST', `${PORTAL}/v1/applications`, { token: counter, body: application, headers: { 'Idempotency-Key': `counter-${randomUUID()}` } });
}

describe('counter officers (MPP)', () => {
  it('have the mall in their token, from their account', () => {
    expect(claimsOf(counter)).toMatchObject({ role: 'counter-officer', sub: 'counter-mpp-kota-bandung', mall_id: 'mpp-kota-bandung' });
  });

  it('file for a present citizen with the code the provider sent them; the officer and the mall come from the token', async () => {
    const checkId = await presenceCheck(mother);
    const code = await codeSentTo(mother);
    const filed = await file({ presence: { checkId, code } });
    expect(filed.status).toBe(202);
    const view = await http<{ channel: string; assistedBy: Record<string, string> }>('GET', `${PORTAL}/v1/applications/${filed.body.id}`, { token: counter });
    expect(view.status).toBe(200);
    expect(view.body.channel).toBe('MPP_COUNTER');
    expect(view.body.assistedBy).toMatchObject({ officerId: 'counter-mpp-kota-bandung', office: 'mpp-kota-bandung', mallId: 'mpp-kota-bandung', presenceCheckId: checkId });
  });

  it('refuse a wrong code, a missing one, another citizen\'s check and a free-text officer, naming the field', async () => {
    const checkId = await presenceCheck(mother);
    const code = await codeSentTo(mother);
    const wrong = await file({ presence: { checkId, code: code === '000000' ? '111111' : '000000' } });
    expect(wrong).toMatchObject({ status: 422, body: { errors: [{ field: 'presence.code' }] } });
    expect((await file({})).body).toMatchObject({ errors: [{ field: 'presence' }] });
    const other = await file({ applicantNik: DEMO_FAMILIES.eligible.father.nik, presence: { checkId, code } });
    expect(other).toMatchObject({ status: 422, body: { errors: [{ field: 'presence.checkId' }] } });
    const freeText = await file({ presence: { checkId, code }, assistedBy: { officerId: 'someone-else', office: 'MPP Lain' } });
    expect(freeText).toMatchObject({ status: 422, body: { errors: [{ field: 'assistedBy' }] } });
  });

  it('cannot start a check for a NIK the provider does not know, and nobody else may start one', async () => {
    const unknown = await http('POST', `${PORTAL}/v1/presence-checks`, { token: counter, body: { nik: '3273014506950009' } });
    expect(unknown).toMatchObject({ status: 422, body: { errors: [{ field: 'nik' }] } });
    const portal = await token('portal', 'portal-counter-test');
    expect((await http('POST', `${PORTAL}/v1/presence-checks`, { token: portal, body: { nik: mother } })).status).toBe(403);
  });
});
