import { Client, Connection } from '@temporalio/client';
import type { ReadinessCheck } from '@simpul/observability';

export interface TemporalClientHandle {
  client: Client;
  connection: Connection;
}

export async function connectClient(address: string, namespace: string): Promise<TemporalClientHandle> {
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection, namespace }), connection };
}

export class TemporalReadiness implements ReadinessCheck {
  readonly name = 'temporal';
  constructor(private readonly connection: Connection) {}
  async check(): Promise<void> {
    await this.connection.healthService.check({});
  }
}
