import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import type { ReadinessCheck } from '@simpul/observability';

export interface TemporalClientHandle {
  client: Client;
  connection: Connection;
}

/** A client that carries the active trace into the workflows it starts, signals and updates. */
export async function connectClient(address: string, namespace: string): Promise<TemporalClientHandle> {
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection, namespace, interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } }), connection };
}

export class TemporalReadiness implements ReadinessCheck {
  readonly name = 'temporal';
  constructor(private readonly connection: Connection) {}
  async check(): Promise<void> {
    await this.connection.healthService.check({});
  }
}
export * from './history';
