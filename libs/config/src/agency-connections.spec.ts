import { agencyConnections } from './agency-connections';

const SANDBOX = 'http://127.0.0.1:3100';

describe('agency connection profiles', () => {
  it('in development offers the sandbox gateway to every agency, direct by default', () => {
    const c = agencyConnections({}, SANDBOX, false)['social-aid'];
    expect(c.defaultProfile).toBe('DIRECT');
    expect(c.gateway).toMatchObject({ baseUrl: `${SANDBOX}/splp`, tokenUrl: `${SANDBOX}/splp/oauth2/token` });
  });

  it('takes SIMPUL_AGENCY_<ID>_MODE as the default profile and SIMPUL_GATEWAY_URL as the gateway', () => {
    const c = agencyConnections({ SIMPUL_AGENCY_SOCIAL_AID_MODE: 'gateway', SIMPUL_GATEWAY_URL: 'https://splp.example.go.id' }, SANDBOX, false)['social-aid'];
    expect(c.defaultProfile).toBe('GATEWAY');
    expect(c.gateway?.baseUrl).toBe('https://splp.example.go.id');
  });

  it('in production has no gateway unless configured, and a worker has none without its secret unless it needs it', () => {
    expect(agencyConnections({}, SANDBOX, true)['social-aid'].gateway).toBeUndefined();
    const env = { SIMPUL_GATEWAY_URL: 'https://splp.example.go.id', SIMPUL_KEMENSOS_API_KEY: 'k' };
    expect(agencyConnections(env, SANDBOX, true, 'social-aid')['social-aid'].gateway).toBeUndefined();
    expect(agencyConnections({ ...env, SIMPUL_GATEWAY_CLIENT_SECRET: 's' }, SANDBOX, true, 'social-aid')['social-aid'].gateway?.clientSecret).toBe('s');
    expect(() => agencyConnections({ ...env, SIMPUL_AGENCY_SOCIAL_AID_MODE: 'gateway' }, SANDBOX, true, 'social-aid')).toThrow('SIMPUL_GATEWAY_CLIENT_SECRET');
    expect(() => agencyConnections({ SIMPUL_AGENCY_SOCIAL_AID_MODE: 'gateway' }, SANDBOX, true, 'social-aid')).toThrow('SIMPUL_GATEWAY_URL');
  });
});
