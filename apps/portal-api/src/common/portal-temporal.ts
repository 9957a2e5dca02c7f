import { Global, Module, type OnModuleDestroy, Inject } from '@nestjs/common';
import { settingsFrom } from '@simpul/config';
import { connectClient, type TemporalClientHandle, type TemporalSettings } from '@simpul/temporal';

export const PORTAL_TEMPORAL = Symbol('PORTAL_TEMPORAL');
/**
 * portal-api's one Temporal client, connected on first use: portal-api keeps taking submissions while Temporal is
 * down; only what needs a workflow (a citizen's answer to an officer, a family-card read) waits for it.
 */
export type TemporalConnector = (() => Promise<TemporalClientHandle>) & { close(): Promise<void> };

export function lazyTemporal(settings: TemporalSettings): TemporalConnector {
  let handle: Promise<TemporalClientHandle> | undefined;
  const get = (() => {
    handle ??= connectClient(settings).catch((err) => {
      handle = undefined;
      throw err;
    });
    return handle;
  }) as TemporalConnector;
  get.close = async () => {
    if (handle) await (await handle.catch(() => undefined))?.connection.close();
  };
  return get;
}

class TemporalCloser implements OnModuleDestroy {
  constructor(@Inject(PORTAL_TEMPORAL) private readonly temporal: TemporalConnector) {}
  onModuleDestroy(): Promise<void> {
    return this.temporal.close();
  }
}

@Global()
@Module({ providers: [settingsFrom(PORTAL_TEMPORAL, (c) => lazyTemporal(c)), TemporalCloser], exports: [PORTAL_TEMPORAL] })
export class PortalTemporalModule {}
