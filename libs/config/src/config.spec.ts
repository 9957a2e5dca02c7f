import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives local development defaults', () => {
    const config = loadConfig({});
    expect(config.ports.portalApi).toBe(3000);
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(config.temporalAddress).toBe('127.0.0.1:7233');
    expect(config.auth.issuer).toBe('http://127.0.0.1:3200');
    expect(config.auth.jwksUrl).toBeUndefined();
  });

  it('maps claims and algorithms by configuration, refusing a symmetric algorithm', () => {
    const c = loadConfig({ SIMPUL_AUTH_ROLE_CLAIM: 'realm_access.roles', SIMPUL_JWT_ALGORITHMS: 'RS256,ES256' });
    expect(c.auth.claims.role).toBe('realm_access.roles');
    expect(c.auth.algorithms).toEqual(['RS256', 'ES256']);
    expect(() => loadConfig({ SIMPUL_JWT_ALGORITHMS: 'HS256' })).toThrow('SIMPUL_JWT_ALGORITHMS must list asymmetric');
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

describe('production refuses development defaults', () => {
  const production = {
    SIMPUL_ENV: 'production',
    SIMPUL_JWKS_URL: 'https://idp.example.go.id/.well-known/jwks.json',
    SIMPUL_JWT_ISSUER: 'https://idp.example.go.id',
    SIMPUL_APPLICANT_PEPPER: 'q7Hn2kLp9xR4tV8wZ1cF6mB3sD0gJ5yA',
    SIMPUL_AGENCY_CALLBACK_SECRETS: 'social-aid=0123456789abcdef0123',
    SIMPUL_PAYLOAD_KEYS: `k2026:${Buffer.alloc(32, 7).toString('base64')}`,
    SIMPUL_SANDBOX_API_KEY: 'agency-gateway-key-7f3a',
    SIMPUL_KEMENSOS_API_KEY: 'kemensos-key-91c2',
    SIMPUL_KEYS_DIR: '/app/keys',
  };

  it('starts with every secret and key supplied', () => {
    const config = loadConfig(production);
    expect(config.environment).toBe('production');
    expect(config.auth.jwksUrl).toBe(production.SIMPUL_JWKS_URL);
    expect(config.payloadKeys).toEqual({ keys: { k2026: Buffer.alloc(32, 7).toString('base64') }, currentKid: 'k2026' });
  });

  it.each([
    ['SIMPUL_JWT_ISSUER', undefined, 'SIMPUL_JWT_ISSUER is required in production'],
    ['SIMPUL_JWT_ISSUER', 'http://127.0.0.1:3200', 'SIMPUL_JWT_ISSUER must be an https:// URL'],
    ['SIMPUL_JWT_ISSUER', 'https://localhost:3200', 'SIMPUL_JWT_ISSUER points at the development identity provider'],
    ['SIMPUL_JWKS_URL', 'http://idp.example.go.id/jwks', 'SIMPUL_JWKS_URL must be an https:// URL'],
    ['SIMPUL_JWKS_URL', 'https://localhost:3200/jwks', 'SIMPUL_JWKS_URL points at the development identity provider'],
    ['SIMPUL_APPLICANT_PEPPER', undefined, 'SIMPUL_APPLICANT_PEPPER is required'],
    ['SIMPUL_APPLICANT_PEPPER', 'dev-only-pepper-change-me', 'SIMPUL_APPLICANT_PEPPER must be at least 32'],
    ['SIMPUL_AGENCY_CALLBACK_SECRETS', 'social-aid=dev-callback-secret-social-aid', 'SIMPUL_AGENCY_CALLBACK_SECRETS holds a development secret'],
    ['SIMPUL_PAYLOAD_KEYS', undefined, 'SIMPUL_PAYLOAD_KEYS is required'],
    ['SIMPUL_SANDBOX_API_KEY', 'sandbox-dev-key', 'SIMPUL_SANDBOX_API_KEY must be set to a non-development key'],
    ['SIMPUL_SANDBOX_ADMIN_KEY', 'sandbox-admin-dev-key', 'SIMPUL_SANDBOX_ADMIN_KEY must be set to a non-development key'],
    ['SIMPUL_KEYS_DIR', '.infra/dev/keys', 'SIMPUL_KEYS_DIR points at the development key ring'],
  ])('refuses %s=%s', (name, value, message) => {
    expect(() => loadConfig({ ...production, [name]: value })).toThrow(message);
  });

  it('asks an agency worker for its agency key and the callback secrets, and no other app', () => {
    const { SIMPUL_AGENCY_CALLBACK_SECRETS: _s, SIMPUL_KEMENSOS_API_KEY: _k, ...apps } = production;
    expect(() => loadConfig(apps)).not.toThrow();
    expect(() => loadConfig({ ...apps, SIMPUL_AGENCY: 'social-aid' })).toThrow('SIMPUL_AGENCY_CALLBACK_SECRETS is required in production');
    expect(() => loadConfig({ ...apps, SIMPUL_AGENCY_CALLBACK_SECRETS: production.SIMPUL_AGENCY_CALLBACK_SECRETS, SIMPUL_AGENCY: 'social-aid' })).toThrow(
      'SIMPUL_KEMENSOS_API_KEY is required in production for the social-aid adapter',
    );
    expect(() => loadConfig({ ...production, SIMPUL_AGENCY: 'social-aid' })).not.toThrow();
  });

  it('names the missing credential of an agency worker\'s own agency, and asks no other', () => {
    expect(() => loadConfig({ ...production, SIMPUL_AGENCY: 'bpjs-health' })).toThrow('SIMPUL_BPJS_KES_CONS_ID is required in production for the bpjs-health adapter');
    const bpjs = { SIMPUL_BPJS_KES_CONS_ID: '7788', SIMPUL_BPJS_KES_SECRET: 's3cr3t-bpjs', SIMPUL_BPJS_KES_USER_KEY: 'uk-1' };
    const config = loadConfig({ ...production, ...bpjs, SIMPUL_AGENCY: 'bpjs-health' });
    expect(config.agencies['bpjs-health'].credentials).toEqual({ consId: '7788', secret: 's3cr3t-bpjs', userKey: 'uk-1' });
    expect(() => loadConfig({ ...production, ...bpjs, SIMPUL_AGENCY: 'bpjs-health', SIMPUL_AGENCY_BPJS_HEALTH_MODE: 'gateway', SIMPUL_GATEWAY_URL: 'https://splp.example.go.id' })).toThrow(
      'SIMPUL_GATEWAY_CLIENT_SECRET is required in production for the bpjs-health adapter',
    );
  });

  it('validates payload keys in any environment', () => {
    expect(() => loadConfig({ SIMPUL_PAYLOAD_KEYS: 'k1:short' })).toThrow('SIMPUL_PAYLOAD_KEYS must be kid:base64 pairs');
    expect(() => loadConfig({ SIMPUL_PAYLOAD_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`, SIMPUL_PAYLOAD_KEY_ID: 'k2' })).toThrow('SIMPUL_PAYLOAD_KEY_ID names no key');
  });
});

describe('hardening settings', () => {
  it('reads rate limits and CORS origins, naming a bad one', () => {
    const c = loadConfig({ SIMPUL_RATE_LIMIT_CITIZEN: '2/10', SIMPUL_CORS_ORIGINS: 'https://portal.example.go.id, http://127.0.0.1:8080' });
    expect(c.auth.rateLimits.citizen).toEqual({ perSecond: 2, burst: 10 });
    expect(c.corsOrigins).toEqual(['https://portal.example.go.id', 'http://127.0.0.1:8080']);
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(() => loadConfig({ SIMPUL_RATE_LIMIT_CLIENT: 'fast' })).toThrow('SIMPUL_RATE_LIMIT_CLIENT must be <per second>/<burst>');
    expect(() => loadConfig({ SIMPUL_CORS_ORIGINS: 'https://x.example/path' })).toThrow('SIMPUL_CORS_ORIGINS must be');
  });
});
