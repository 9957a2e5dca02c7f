import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import type { ReadinessCheck } from '@simpul/observability';
import { simpulDataConverter, type PayloadKeySettings } from './payload-codec';

export * from './payload-codec';

/** What connecting needs: the server, the namespace, and the payload keys (every client encrypts). */
export interface TemporalSettings extends PayloadKeySettings {
  temporalAddress: string;
  temporalNamespace: string;
}

export interface TemporalClientHandle {
  client: Client;
  connection: Connection;
}

/**
 * A client that encrypts every payload it sends (and decrypts what it reads), and carries the active trace into the
 * workflows it starts, signals and updates.
 */
export async function connectClient(settings: TemporalSettings): Promise<TemporalClientHandle> {
  const connection = await Connection.connect({ address: settings.temporalAddress });
  const client = new Client({
    connection,
    namespace: settings.temporalNamespace,
    dataConverter: simpulDataConverter(settings),
    interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
  });
  return { client, connection };
}

export class TemporalReadiness implements ReadinessCheck {
  readonly name = 'temporal';
  constructor(private readonly connection: Connection) {}
  async check(): Promise<void> {
    await this.connection.healthService.check({});
  }
}
export * from './history';
