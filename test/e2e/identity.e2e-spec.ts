/**
 * Identity through the running system: the development identity provider (apps/identity-sandbox, oidc-provider)
 * issues every token; every app finds its keys by discovery and verifies by kid, with issuer and audience checks; a
 * signing key rotates without downtime.
 */
import { SignJWT, decodeProtectedHeader, generateKeyPair } from 'jose';
import { forgeDevToken, readJwks, readSigningRing, rotateDevKeys } from '@simpul/auth';
import { BACKOFFICE, PORTAL, http } from '../support/api';
import { eventually, testConfig, token } from '../support/env';
import { TEST_JWKS_CACHE_SECONDS } from '../support/system';

const config = testConfig();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lifeEvents = (t: string) => http('GET', `${PORTAL}/v1/life-events`, { token: t });

describe('tokens verified against the identity provider\'s keys', () => {
  it('publishes its metadata by discovery and its public keys only', async () => {
    const discovery = await http<Record<string, unknown>>('GET', `${config.auth.issuer}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(discovery.body).toMatchObject({ issuer: config.auth.issuer, jwks_uri: `${config.auth.issuer}/jwks`, code_challenge_methods_supported: ['S256'] });
    expect(discovery.body.acr_values_supported).toEqual([config.auth.acr.basic, config.auth.acr.high]);
    const res = await http<{ keys: Array<Record<string, string>> }>('GET', String(discovery.body.jwks_uri));
    expect(res.status).toBe(200);
    expect(res.body.keys.length).toBeGreaterThanOrEqual(1);
    for (const key of res.body.keys) {
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig', kid: expect.any(String) });
      expect(key.d).toBeUndefined();
    }
  });

  it('refuses a wrong issuer, a wrong audience, an unknown kid, an expired token and another algorithm', async () => {
    const ok = await token('operator', 'operator-identity');
    expect((await lifeEvents(ok)).status).toBe(200);
    const wrongIssuer = await forgeDevToken(config.auth.keysDir, { ...config.auth, issuer: 'https://evil.example' }, 'operator', 'x');
    const wrongAudience = await forgeDevToken(config.auth.keysDir, { ...config.auth, audience: 'another-service' }, 'operator', 'x');
    const expired = await forgeDevToken(config.auth.keysDir, config.auth, 'operator', 'x', { ttlSeconds: -60 });
    const { privateKey } = await generateKeyPair('RS256');
    const strangeKey = await new SignJWT({ role: 'operator' })
      .setProtectedHeader({ alg: 'RS256', kid: 'not-ours' })
      .setSubject('x').setIssuer(config.auth.issuer).setAudience(config.auth.audience).setExpirationTime('1h')
      .sign(privateKey);
    const hs256 = await new SignJWT({ role: 'operator' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x').setIssuer(config.auth.issuer).setAudience(config.auth.audience).setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-guessable-shared-secret-0123456789'));
    for (const bad of [wrongIssuer, wrongAudience, expired, strangeKey, hs256]) {
      const res = await lifeEvents(bad);
      expect(res.status).toBe(401);
    }
    expect((await http('GET', `${BACKOFFICE}/v1/tasks`, { token: wrongIssuer })).status).toBe(401);
  });

  it('rotates the signing key without downtime: old and new tokens verify during the overlap, the old is refused after', async () => {
    const dir = config.auth.keysDir;
    // A kept test stack may hold a rotation an earlier run left half done: finish it first.
    if (readSigningRing(dir).next) await rotateDevKeys(dir, 'activate');
    await rotateDevKeys(dir, 'retire');
    await sleep((TEST_JWKS_CACHE_SECONDS + 1) * 1000);
    const oldToken = await token('operator', 'operator-before-rotation');
    expect((await lifeEvents(oldToken)).status).toBe(200);

    // 1. publish the next key, and wait until every verifier's cache may have expired.
    const published = await rotateDevKeys(dir, 'publish');
    expect(published.published).toHaveLength(2);
    await sleep((TEST_JWKS_CACHE_SECONDS + 1) * 1000);

    // 2. sign with it: new tokens verify at once (no retry, no restart), old ones still do.
    const activated = await rotateDevKeys(dir, 'activate');
    expect(activated.signing).not.toBe(published.signing);
    const newToken = await token('operator', 'operator-after-rotation');
    // The provider noticed the changed ring on its own (no restart) and signs with the new key.
    expect(decodeProtectedHeader(newToken).kid).toBe(activated.signing);
    for (const t of [newToken, oldToken, newToken, oldToken]) {
      expect((await lifeEvents(t)).status).toBe(200);
      expect((await http('GET', `${BACKOFFICE}/v1/operator/incidents?limit=1`, { token: t })).status).toBe(200);
    }

    // 3. retire the old key: once the caches expire, the old token is refused; the new one never stops working.
    await rotateDevKeys(dir, 'retire');
    expect(readJwks(dir).keys.map((k) => k.kid)).toEqual([activated.signing]);
    await eventually(async () => ((await lifeEvents(oldToken)).status === 401 ? true : undefined), 'the retired key to be refused', 30_000);
    await eventually(async () => ((await http('GET', `${BACKOFFICE}/v1/operator/incidents?limit=1`, { token: oldToken })).status === 401 ? true : undefined), 'backoffice to refuse it', 30_000);
    expect((await lifeEvents(newToken)).status).toBe(200);
    expect((await lifeEvents(await token('operator', 'operator-later'))).status).toBe(200);
  });
});
