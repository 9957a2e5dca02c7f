import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SignJWT, generateKeyPair, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { AuthGuard } from './auth.guard';
import { ALG } from './keys';
import type { Principal } from './principal';
import { ROLES_KEY } from './roles.decorator';
import { VerifiedTokenCache } from './verified-tokens';

const operator: Principal = { subject: 'operator-1', role: 'operator' };

describe('VerifiedTokenCache', () => {
  it('serves a copy of the principal until the token expires or the maximum age passes, whichever is first', () => {
    let now = 1_000_000;
    const cache = new VerifiedTokenCache(10, 60_000, () => now);
    cache.set('expires-soon', operator, now + 5_000);
    cache.set('expires-late', operator, now + 3_600_000);
    const served = cache.get('expires-soon') as Principal;
    expect(served).toEqual(operator);
    served.subject = 'changed by a caller';
    expect(cache.get('expires-soon')?.subject).toBe('operator-1');
    now += 5_000;
    expect(cache.get('expires-soon')).toBeUndefined();
    expect(cache.get('expires-late')).toEqual(operator);
    now += 55_000;
    expect(cache.get('expires-late')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps nothing already expired, and drops the oldest beyond its size', () => {
    const now = 0;
    const cache = new VerifiedTokenCache(2, 60_000, () => now);
    cache.set('expired', operator, now);
    expect(cache.size).toBe(0);
    cache.set('a', operator, 10_000);
    cache.set('b', operator, 10_000);
    cache.set('c', operator, 10_000);
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([false, true, true]);
  });
});

describe('AuthGuard with the cache', () => {
  let privateKey: KeyLike;
  let publicKey: KeyLike;
  beforeAll(async () => ({ privateKey, publicKey } = await generateKeyPair(ALG)));

  const sign = (expiresAt: number, role = 'operator') =>
    new SignJWT({ role }).setProtectedHeader({ alg: ALG }).setSubject('operator-1').setIssuer('iss').setAudience('aud').setExpirationTime(Math.floor(expiresAt / 1000)).sign(privateKey);
  const context = (token: string): ExecutionContext => {
    const request = { headers: { authorization: `Bearer ${token}` }, ip: '127.0.0.1' };
    return { getHandler: () => handler, getClass: () => class {}, switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ setHeader: () => undefined }) }) } as unknown as ExecutionContext;
  };
  const handler = () => undefined;
  Reflect.defineMetadata(ROLES_KEY, ['operator'], handler);

  it('checks a token once, then answers its next requests from the cache; a token past its expiry is refused', async () => {
    let now = Date.now();
    let lookups = 0;
    const keys: JWTVerifyGetKey = async () => {
      lookups += 1;
      return publicKey;
    };
    const guard = new AuthGuard(new Reflector(), keys, { issuer: 'iss', audience: 'aud' }, undefined, undefined, new VerifiedTokenCache(100, 60_000, () => now));
    const token = await sign(now + 3_000);
    for (let i = 0; i < 3; i++) expect(await guard.canActivate(context(token))).toBe(true);
    expect(lookups).toBe(1);

    // A different signature over the same claims is another token: checked, and refused.
    const [header, payload] = token.split('.');
    await expect(guard.canActivate(context(`${header}.${payload}.${'A'.repeat(342)}`))).rejects.toThrow(/invalid token/);

    // Past its exp the cache no longer serves it, and jose refuses it.
    now += 4_000;
    await new Promise((r) => setTimeout(r, 4_000));
    await expect(guard.canActivate(context(token))).rejects.toThrow(/invalid token/);
  });
});
