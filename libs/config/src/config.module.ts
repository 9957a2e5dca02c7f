import { Global, Module, type DynamicModule, type FactoryProvider, type InjectionToken } from '@nestjs/common';
import type { SimpulConfig } from './config';

/** The configuration of the process, read once by `loadConfig()` in its main.ts. */
export const SIMPUL_CONFIG = Symbol('SIMPUL_CONFIG');

/**
 * The one way configuration reaches code (docs/architecture.md, "Configuration"): main.ts calls `loadConfig()` once
 * and hands the result to the app's root module, which registers it here; a feature module derives the slice its
 * classes need with `settingsFrom`, and the classes inject that slice by its token. Nothing else reads the
 * environment (libs/config is the only reader) or calls `loadConfig()`.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: SimpulConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: SIMPUL_CONFIG, useValue: config }], exports: [SIMPUL_CONFIG] };
  }
}

/** A feature's settings: a slice of the configuration under the feature's own token. */
export function settingsFrom<T>(token: InjectionToken, pick: (config: SimpulConfig) => T): FactoryProvider<T> {
  return { provide: token, inject: [SIMPUL_CONFIG], useFactory: pick };
}
