/**
 * The development identity provider as a person and a machine client meet it: sign-in through its page with
 * authorization code + PKCE, refresh tokens rotated (a reused one is refused, and ends the grant), RP-initiated
 * sign-out, client credentials for the portal, and the development grant refused to anyone but the dev tools client.
 */
import { BACKOFFICE, PORTAL, http } from '../support/api';
import { testConfig } from '../support/env';
import { OidcSession, claimsOf } from '../support/oidc';
import { devFacilityClient } from '@simpul/auth';
import { DEMO_FACILITIES } from '@simpul/testing';

const config = testConfig();
const CALLBACK = `${BACKOFFICE}/ui/`;
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function tokenRequest(form: Record<string, string>, authorization?: string) {
  const res = await fetch(`${config.auth.issuer}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(authorization ? { Authorization: authorization } : {}) },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('signing in at the identity provider', () => {
  it('signs an officer in with authorization code + PKCE: the access token names role, agency, region and acr, and the API takes it', async () => {
    const session = new OidcSession(config.auth.issuer, 'simpul-backoffice', CALLBACK);
    const tokens = await session.signIn('officer-social-aid-3273');
    expect(tokens.status).toBe(200);
    expect(claimsOf(tokens.access_token as string)).toMatchObject({
      iss: config.auth.issuer, aud: config.auth.audience, sub: 'officer-social-aid-3273', role: 'officer', agency: 'social-aid', region: '3273', acr: config.auth.acr.basic,
    });
    expect(claimsOf(tokens.id_token as string)).toMatchObject({ sub: 'officer-social-aid-3273', aud: 'simpul-backoffice' });
    expect((await http('GET', `${BACKOFFICE}/v1/tasks`, { token: tokens.access_token })).status).toBe(200);
  });

  it('states the high assurance level after a digital-identity sign-in', async () => {
    const session = new OidcSession(config.auth.issuer, 'simpul-backoffice', CALLBACK);
    const tokens = await session.signIn('operator-1', 'digital-id', { acr_values: config.auth.acr.high });
    expect(claimsOf(tokens.access_token as string)).toMatchObject({ role: 'operator', acr: config.auth.acr.high });
  });

  it('refuses a code exchange without the PKCE verifier', async () => {
    const res = await tokenRequest({ grant_type: 'authorization_code', client_id: 'simpul-backoffice', code: 'not-a-code', redirect_uri: CALLBACK });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('rotates the refresh token on every use; a reused one is refused and ends the grant', async () => {
    const session = new OidcSession(config.auth.issuer, 'simpul-backoffice', CALLBACK);
    const first = await session.signIn('operator-1');
    expect(first.refresh_token).toEqual(expect.any(String));
    const second = await session.refresh(first.refresh_token as string);
    expect(second.status).toBe(200);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(claimsOf(second.access_token as string)).toMatchObject({ sub: 'operator-1', acr: config.auth.acr.basic });
    const reused = await session.refresh(first.refresh_token as string);
    expect(reused).toMatchObject({ status: 400, error: 'invalid_grant' });
    // Reuse means the token leaked: the provider revokes the grant, so the newer refresh token is dead too.
    expect(await session.refresh(second.refresh_token as string)).toMatchObject({ status: 400, error: 'invalid_grant' });
  });

  it('signs out (RP-initiated): back to the client, and the refresh token no longer works', async () => {
    const session = new OidcSession(config.auth.issuer, 'simpul-backoffice', CALLBACK);
    const tokens = await session.signIn('supervisor-social-aid');
    const back = await session.signOut(tokens.id_token as string, `${BACKOFFICE}/ui/`);
    expect(back.href).toBe(`${BACKOFFICE}/ui/`);
    expect(await session.refresh(tokens.refresh_token as string)).toMatchObject({ status: 400, error: 'invalid_grant' });
  });
});

describe('machine clients and the development grant', () => {
  it('gives the portal a token by client credentials, which portal-api accepts', async () => {
    const res = await tokenRequest({ grant_type: 'client_credentials' }, basic('simpul-portal', config.identitySandbox.clientSecrets.portal));
    expect(res.status).toBe(200);
    expect(claimsOf(res.body.access_token)).toMatchObject({ sub: 'simpul-portal', role: 'portal', aud: config.auth.audience });
    expect((await http('GET', `${PORTAL}/v1/life-events`, { token: res.body.access_token })).status).toBe(200);
    expect((await tokenRequest({ grant_type: 'client_credentials' }, basic('simpul-portal', 'a-wrong-secret-0123456789'))).status).toBe(401);
  });

  it('gives each health facility its own client: facility_id comes from the registration, never from the request', async () => {
    const clinic = devFacilityClient(config.auth, DEMO_FACILITIES.clinic.id);
    const res = await tokenRequest({ grant_type: 'client_credentials', facility_id: DEMO_FACILITIES.hospital.id }, basic(clinic.clientId, clinic.clientSecret));
    expect(res.status).toBe(200);
    expect(claimsOf(res.body.access_token)).toMatchObject({ sub: clinic.clientId, role: 'facility', facility_id: DEMO_FACILITIES.clinic.id, aud: config.auth.audience });
    expect((await tokenRequest({ grant_type: 'client_credentials' }, basic(clinic.clientId, 'a-wrong-secret-0123456789'))).status).toBe(401);
    // The development grant makes no facility tokens: a facility is a machine client of its own.
    const dev = basic(config.auth.devTools.clientId, config.auth.devTools.clientSecret);
    const forged = await tokenRequest({ grant_type: 'urn:simpul:params:oauth:grant-type:dev-token', role: 'facility', subject: 'facility-x', facility_id: DEMO_FACILITIES.clinic.id }, dev);
    expect(forged).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('refuses the development grant to any other client, and a bad parameter by name', async () => {
    const grant = { grant_type: 'urn:simpul:params:oauth:grant-type:dev-token', role: 'operator', subject: 'x' };
    const portal = await tokenRequest(grant, basic('simpul-portal', config.identitySandbox.clientSecrets.portal));
    expect(portal.status).toBe(400);
    expect(portal.body.error_description).toMatch(/grant type is not allowed/);
    const dev = basic(config.auth.devTools.clientId, config.auth.devTools.clientSecret);
    const bad = await tokenRequest({ ...grant, role: 'officer' }, dev);
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_request', error_description: expect.stringMatching(/agency/) } });
  });
});
