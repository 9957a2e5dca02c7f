import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { loadPublicKey } from './keys';
import type { TokenSettings } from './tokens';

@Module({})
export class AuthModule {
  /** Installs the guard globally: deny by default, every route declares its roles. */
  static forRoot(settings: TokenSettings & { keysDir: string }): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        {
          provide: APP_GUARD,
          inject: [Reflector],
          useFactory: async (reflector: Reflector) => {
            const { key } = await loadPublicKey(settings.keysDir);
            return new AuthGuard(reflector, key, { issuer: settings.issuer, audience: settings.audience });
          },
        },
      ],
    };
  }
}
