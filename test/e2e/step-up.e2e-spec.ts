/**
 * Step-up authentication: the high-risk actions (filing a death, withdrawing a consent, an operator unmasking personal
 * data) need a sign-in at the high assurance level (acr). The step-up rows of the authorization matrix: each action,
 * by a person signed in with a password (401, RFC 9470 challenge, problem+json naming the action), by the same person
 * at the high level, and by a machine client, which is not asked. Tokens are issued by the identity provider.
 */
import { birthApplication, scenarioApplication, DEMO_FAMILIES } from '@simpul/testing';
import { BACKOFFICE, PORTAL, http, submit, waitForApplication, type HttpAnswer } from '../support/api';
import { testConfig, token } from '../support/env';
import { OidcSession, claimsOf } from '../support/oidc';

const config = testConfig();
const HIGH = config.auth.acr.high;
const nik = DEMO_FAMILIES.member.mother.nik;
const deathBody = () => scenarioApplication('death-rejected');

function expectStepUp(res: HttpAnswer, action: string): void {
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(res.body).toMatchObject({ type: 'https://simpul.go.id/problems/step-up-required', status: 401, action, acr_values: HIGH });
  expect(res.headers.get('www-authenticate')).toBe(`Bearer error="insufficient_user_authentication", error_description="a higher assurance level is required", acr_values="${HIGH}"`);
}

let citizenBasic: string;
let citizenHigh: string;
let operatorBasic: string;
let operatorHigh: string;
let portal: string;
let appId: string;

beforeAll(async () => {
  [citizenBasic, citizenHigh, operatorBasic, operatorHigh, portal] = await Promise.all([
    token('citizen', nik, undefined, { acr: config.auth.acr.basic }),
    token('citizen', nik, undefined, { acr: HIGH }),
    token('operator', 'operator-step-up', undefined, { acr: config.auth.acr.basic }),
    token('operator', 'operator-step-up', undefined, { acr: HIGH }),
    token('portal', 'portal-step-up'),
  ]);
  const accepted = await submit(citizenBasic, birthApplication('birth-auto', 'Langkah Wijaya'));
  expect(accepted.status).toBe(202);
  appId = accepted.body.id;
  await waitForApplication(citizenBasic, appId, (a) => a.steps.length > 0, 'the birth to start');
});

describe('filing a death', () => {
  it('asks a citizen signed in with a password to step up; the high level and the portal may file', async () => {
    expectStepUp(await submit(citizenBasic, deathBody()), 'file-death');
    expect((await submit(citizenHigh, deathBody())).status).toBe(202);
    expect((await submit(portal, deathBody())).status).toBe(202);
  });

  it('asks nothing more for other life events at the basic level', async () => {
    expect((await submit(citizenBasic, birthApplication('birth-auto', 'Dasar Wijaya'))).status).toBe(202);
  });
});

describe('withdrawing a consent', () => {
  it('asks for step-up at the basic level, and withdraws at the high one', async () => {
    const url = `${PORTAL}/v1/applications/${appId}/consents/enrol-newborn`;
    expectStepUp(await http('DELETE', url, { token: citizenBasic }), 'revoke-consent');
    expect((await http('DELETE', url, { token: citizenHigh })).status).toBe(200);
  });
});

describe('an operator unmasking personal data', () => {
  const reason = encodeURIComponent('verify the mother NIK with Dukcapil, ticket 9001');
  it('reads masked at the basic level, is asked to step up to unmask, and unmasks at the high level', async () => {
    expect((await http<{ masked: boolean }>('GET', `${BACKOFFICE}/v1/operator/applications/${appId}`, { token: operatorBasic })).body.masked).toBe(true);
    expectStepUp(await http('GET', `${BACKOFFICE}/v1/operator/applications/${appId}?unmaskReason=${reason}`, { token: operatorBasic }), 'unmask-personal-data');
    expectStepUp(await http('GET', `${BACKOFFICE}/v1/operator/applications/${appId}/history?unmaskReason=${reason}`, { token: operatorBasic }), 'unmask-personal-data');
    const open = await http<{ masked: boolean }>('GET', `${BACKOFFICE}/v1/operator/applications/${appId}?unmaskReason=${reason}`, { token: operatorHigh });
    expect(open.status).toBe(200);
    expect(open.body.masked).toBe(false);
  });

  it('steps up through the provider: a password sign-in is refused, a digital-identity sign-in (acr_values) unmasks', async () => {
    const session = new OidcSession(config.auth.issuer, 'simpul-backoffice', `${BACKOFFICE}/ui/`);
    const first = await session.signIn('operator-1', 'password');
    expectStepUp(await http('GET', `${BACKOFFICE}/v1/operator/applications/${appId}?unmaskReason=${reason}`, { token: first.access_token }), 'unmask-personal-data');
    // The client asks again with prompt=login and the level the challenge named; the person picks the digital identity.
    const stepped = await session.signIn('operator-1', 'digital-id', { prompt: 'login', acr_values: HIGH });
    expect(claimsOf(stepped.access_token as string)).toMatchObject({ sub: 'operator-1', acr: HIGH });
    expect((await http('GET', `${BACKOFFICE}/v1/operator/applications/${appId}?unmaskReason=${reason}`, { token: stepped.access_token })).status).toBe(200);
  });
});
