import { loadConfig, type SimpulConfig } from '@simpul/config';
import { clientCredentialsToken, devFacilityClient, requestDevToken, type Role } from '@simpul/auth';
import { TEST_PORTS } from '../../scripts/apps';

/** The test stack's configuration (npm test exports its servers' addresses), with the test ports for the apps. */
export function testConfig(): SimpulConfig {
  const env: Record<string, string | undefined> = {
    ...process.env,
    SIMPUL_PORTAL_API_PORT: String(TEST_PORTS.portalApi),
    SIMPUL_BACKOFFICE_PORT: String(TEST_PORTS.backoffice),
    SIMPUL_AGENCY_SANDBOX_PORT: String(TEST_PORTS.agencySandbox),
    SIMPUL_IDENTITY_SANDBOX_PORT: String(TEST_PORTS.identitySandbox),
  };
  if (!env.SIMPUL_DATABASE_URL) throw new Error('run the integration tests through `npm test`, which starts the test stack');
  return loadConfig(env);
}

/** A token issued by the test stack's identity provider (its development grant), as a sign-in would give. */
export function token(role: Role, subject: string, agency?: string, extra: { region?: string; acr?: string } = {}): Promise<string> {
  const config = testConfig();
  return requestDevToken(config.auth, { role, subject, agency, ...extra });
}

/** A health facility's machine client, speaking for `facilityId`. */
export function facilityToken(facilityId: string): Promise<string> {
  const config = testConfig();
  return clientCredentialsToken(devFacilityClient(config.auth, facilityId));
}

export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
