import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives local development defaults', () => {
    const config = loadConfig({});
    expect(config.ports.portalApi).toBe(3000);
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(config.temporalAddress).toBe('127.0.0.1:7233');
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ SIMPUL_PORTAL_API_PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ SIMPUL_PORTAL_API_PORT: 'abc' })).toThrow('SIMPUL_PORTAL_API_PORT must be a whole number');
    expect(() => loadConfig({ SIMPUL_DATABASE_URL: 'mysql://x' })).toThrow('SIMPUL_DATABASE_URL must be a postgres:// URL');
    expect(() => loadConfig({ SIMPUL_LOG_LEVEL: 'loud' })).toThrow('SIMPUL_LOG_LEVEL must be one of');
  });

  it('reads a broker list', () => {
    expect(loadConfig({ SIMPUL_KAFKA_BROKERS: 'a:1, b:2' }).kafkaBrokers).toEqual(['a:1', 'b:2']);
  });
});
