import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { remoteKeys, type JwksSettings, type TokenSettings } from './tokens';
import type { RateLimit } from './rate-limiter';

@Module({})
export class AuthModule {
  /** Installs the guard globally: deny by default, every route declares its roles. */
  static forRoot(settings: TokenSettings & JwksSettings & { rateLimits?: { citizen: RateLimit; client: RateLimit; unauthenticated: RateLimit } }): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        {
          provide: APP_GUARD,
          inject: [Reflector],
          useFactory: (reflector: Reflector) => new AuthGuard(reflector, remoteKeys(settings), { issuer: settings.issuer, audience: settings.audience }, settings.rateLimits),
        },
      ],
    };
  }
}
