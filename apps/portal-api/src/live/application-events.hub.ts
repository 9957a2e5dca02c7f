import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { JsonLogger, type ContextLogger } from '@simpul/observability';
import { PortalSettings } from '../portal.settings';
import { listenForChanges } from './change-notifications.repository';

type Listener = () => void;

/**
 * One LISTEN connection per process: the status projector NOTIFYs (at commit) the id of each application whose read
 * model changed, and the hub wakes the live streams of that application and the webhook delivery worker. It is only a
 * wake-up: streams and the worker also poll, so a notification lost while the connection is re-established delays,
 * never loses, an event. On reconnection every listener is woken once.
 */
@Injectable()
export class ApplicationEventsHub implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly byApplication = new Map<string, Set<Listener>>();
  private readonly everything = new Set<Listener>();
  private readonly streams = new Set<Listener>();
  private client: Client | undefined;
  private stopping = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly log: ContextLogger;

  constructor(
    private readonly settings: PortalSettings,
    logger: JsonLogger,
  ) {
    this.log = logger.child('application-events-hub');
  }

  onApplicationBootstrap(): void {
    void this.connect(0);
  }

  /** Ends every open stream (so HTTP can drain) and closes the LISTEN connection. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    for (const close of [...this.streams]) close();
    await this.client?.end().catch(() => undefined);
  }

  /** Wakes `listener` whenever the application's read model changed; returns the unsubscribe function. */
  subscribe(applicationId: string, listener: Listener): () => void {
    const set = this.byApplication.get(applicationId) ?? new Set<Listener>();
    set.add(listener);
    this.byApplication.set(applicationId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byApplication.delete(applicationId);
    };
  }

  /** Wakes `listener` on any change of any application (the webhook delivery worker). */
  subscribeAll(listener: Listener): () => void {
    this.everything.add(listener);
    return () => this.everything.delete(listener);
  }

  /** An open live stream; `close` ends it at shutdown. */
  trackStream(close: Listener): () => void {
    this.streams.add(close);
    return () => this.streams.delete(close);
  }

  get openStreams(): number {
    return this.streams.size;
  }

  private dispatch(applicationId: string | undefined): void {
    for (const listener of this.everything) listener();
    const targets = applicationId === undefined ? [...this.byApplication.values()].flatMap((s) => [...s]) : [...(this.byApplication.get(applicationId) ?? [])];
    for (const listener of targets) listener();
  }

  private async connect(failures: number): Promise<void> {
    if (this.stopping || !this.settings.databaseUrl) return;
    const client = new Client({ connectionString: this.settings.databaseUrl, application_name: 'portal-api-listen' });
    client.on('notification', (msg) => this.dispatch(msg.payload || undefined));
    client.on('error', (err) => {
      this.log.warn('LISTEN connection failed; reconnecting', { error: err });
      this.reconnect(client, 1);
    });
    try {
      await client.connect();
      await listenForChanges(client);
      this.client = client;
      // Anything that changed while we were not listening: let everyone look once.
      if (failures > 0) this.dispatch(undefined);
    } catch (err) {
      this.log.warn('could not LISTEN for application events; streams poll meanwhile', { error: err, failures });
      this.reconnect(client, failures + 1);
    }
  }

  private reconnect(client: Client, failures: number): void {
    if (this.stopping || this.retryTimer) return;
    if (this.client === client) this.client = undefined;
    client.end().catch(() => undefined);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect(failures);
    }, Math.min(30_000, 500 * 2 ** Math.min(failures, 6)));
  }
}
