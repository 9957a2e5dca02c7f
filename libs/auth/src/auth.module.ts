import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { remoteKeys, type JwksSettings, type TokenSettings } from './tokens';
import type { RateLimit } from './rate-limiter';
import { VerifiedTokenCache } from './verified-tokens';
import { ASSURANCE_SETTINGS, type AssuranceSettings } from './step-up';

@Module({})
export class AuthModule {
  /** Installs the guard globally: deny by default, every route declares its roles. */
  static forRoot(settings: TokenSettings & JwksSettings & { rateLimits?: { citizen: RateLimit; client: RateLimit; unauthenticated: RateLimit }; acr?: AssuranceSettings }): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      exports: [ASSURANCE_SETTINGS],
      providers: [
        { provide: ASSURANCE_SETTINGS, useValue: settings.acr ?? null },
        {
          provide: APP_GUARD,
          inject: [Reflector],
          // Verified tokens are remembered no longer than the key set is (at most a minute), so a retired key stops
          // verifying within twice SIMPUL_JWKS_CACHE_SECONDS at worst.
          useFactory: (reflector: Reflector) =>
            new AuthGuard(reflector, remoteKeys(settings), { issuer: settings.issuer, audience: settings.audience, algorithms: settings.algorithms, claims: settings.claims }, settings.rateLimits, undefined, new VerifiedTokenCache(10_000, Math.min(60, settings.jwksCacheSeconds) * 1000), settings.acr),
        },
      ],
    };
  }
}
