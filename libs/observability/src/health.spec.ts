import { ServiceUnavailableException } from '@nestjs/common';
import { HealthController, ReadinessRegistry } from './health';

const failing = (name: string, optional?: boolean) => ({ name, optional, check: () => Promise.reject(new Error(`${name} unreachable`)) });
const passing = (name: string) => ({ name, check: () => Promise.resolve() });

describe('readiness', () => {
  it('is ready when every check passes', async () => {
    const registry = new ReadinessRegistry();
    registry.register(passing('postgres'));
    await expect(new HealthController(registry).ready()).resolves.toEqual({ status: 'ok', checks: { postgres: 'ok' } });
  });

  it('stays ready, reporting degraded, when only an optional dependency fails (Kafka behind the outbox)', async () => {
    const registry = new ReadinessRegistry();
    registry.register(passing('postgres'));
    registry.register(failing('kafka', true));
    await expect(new HealthController(registry).ready()).resolves.toEqual({ status: 'degraded', checks: { postgres: 'ok', kafka: 'degraded: kafka unreachable' } });
  });

  it('is not ready when a required dependency fails, naming it', async () => {
    const registry = new ReadinessRegistry();
    registry.register(failing('postgres'));
    registry.register(failing('kafka', true));
    const answer = new HealthController(registry).ready();
    await expect(answer).rejects.toBeInstanceOf(ServiceUnavailableException);
    await expect(answer).rejects.toThrow(/postgres unreachable/);
  });
});
