import { errors, type Adapter, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { SimpulConfig } from '@simpul/config';
import { DEV_TOKEN_GRANT, devFacilityClient, type KidJwk } from '@simpul/auth';
import { DEMO_FACILITIES, demoAccount } from '@simpul/testing';
import { logoutPage, postLogoutPage } from '../interaction/pages';

/** The one protected resource: every Simpul API. Tokens for it are JWTs with audience SIMPUL_JWT_AUDIENCE. */
export const RESOURCE = 'urn:simpul:api';
export const BACKOFFICE_CLIENT = 'simpul-backoffice';
/** Machine clients and the role their client-credentials tokens carry. */
export const MACHINE_ROLES: Record<string, string> = { 'simpul-portal': 'portal', 'simpul-monitoring': 'monitoring' };

export interface ProviderInputs {
  config: SimpulConfig;
  keys: KidJwk[];
  adapter: new (model: string) => Adapter;
  /** The back office's public origin, where its sign-in callback lives. */
  backofficeOrigin: string;
  /** The citizen portal's public origin. */
  citizenPortalOrigin: string;
}

function clients({ config, backofficeOrigin, citizenPortalOrigin }: ProviderInputs): ClientMetadata[] {
  const list: ClientMetadata[] = [
    // The back office pages: a public client (authorization code + PKCE, no secret), refresh tokens rotated.
    {
      client_id: BACKOFFICE_CLIENT,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // The pages themselves take the answer (the tokens stay in the page's memory): the queue and the operator console.
      redirect_uris: [`${backofficeOrigin}/ui/`, `${backofficeOrigin}/ui/operator/`],
      post_logout_redirect_uris: [`${backofficeOrigin}/ui/`],
    },
    // The citizen portal's pages: a public client too; one page (hash routes), so one redirect.
    {
      client_id: 'simpul-citizen-portal',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`${citizenPortalOrigin}/ui/`],
      post_logout_redirect_uris: [`${citizenPortalOrigin}/ui/`],
    },
    { client_id: 'simpul-portal', client_secret: config.identitySandbox.clientSecrets.portal, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] },
    { client_id: 'simpul-monitoring', client_secret: config.identitySandbox.clientSecrets.monitoring, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] },
  ];
  // npm run token, the tests and the demo: only outside production (the grant is not even registered there).
  if (config.environment !== 'production') {
    list.push({ client_id: config.auth.devTools.clientId, client_secret: config.auth.devTools.clientSecret, grant_types: [DEV_TOKEN_GRANT], response_types: [], redirect_uris: [] });
    // The demo health facilities: one machine client each, its facility fixed by its registration.
    for (const facility of Object.values(DEMO_FACILITIES)) {
      const { clientId, clientSecret } = devFacilityClient(config.auth, facility.id);
      list.push({ client_id: clientId, client_secret: clientSecret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], facility_id: facility.id });
    }
  }
  return list;
}

/** The access token's Simpul claims: the person's role, agency, region and how they signed in; a machine's role. */
async function extraTokenClaims(ctx: KoaContextWithOIDC, token: { kind: string; clientId?: string; accountId?: string }): Promise<Record<string, unknown> | undefined> {
  if (token.kind === 'ClientCredentials') {
    // A facility's claim comes from its client registration, never from the request.
    const facilityId = (ctx.oidc.client as { facility_id?: string } | undefined)?.facility_id;
    return facilityId ? { role: 'facility', facility_id: facilityId } : { role: MACHINE_ROLES[token.clientId ?? ''] };
  }
  const params = ctx.oidc.params as Record<string, string | undefined> | undefined;
  if (params?.grant_type === DEV_TOKEN_GRANT) {
    // A counter officer's mall comes from the account, never from the request.
    const mallId = params.role === 'counter-officer' ? demoAccount(params.subject ?? '')?.mallId : undefined;
    return { role: params.role, agency: params.agency, region: params.region, mall_id: mallId, acr: params.acr };
  }
  const account = demoAccount(token.accountId ?? '');
  if (!account) return undefined;
  const entities = ctx.oidc.entities as { AuthorizationCode?: { acr?: string }; RefreshToken?: { acr?: string } };
  const acr = entities.AuthorizationCode?.acr ?? entities.RefreshToken?.acr;
  return { role: account.role, agency: account.agency, region: account.region, mall_id: account.mallId, acr };
}

/** First-party clients only: no consent screen; the grant covers the Simpul API and staying signed in. */
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { provider, client, session, result } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = (result?.consent as { grantId?: string } | undefined)?.grantId ?? session.grantIdFor(client.clientId);
  if (grantId) {
    const existing = await provider.Grant.find(grantId);
    if (existing) return existing;
  }
  const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  // No offline_access: the refresh tokens end with the session, so signing out ends them too.
  grant.addOIDCScope('openid profile');
  grant.addOIDCClaims(['name', 'role', 'agency', 'region']);
  grant.addResourceScope(RESOURCE, 'simpul');
  await grant.save();
  return grant;
}

/** The Simpul API as a resource server: JWT access tokens (a machine's last an hour, a person's 15 minutes). */
export function resourceServerInfo(config: SimpulConfig, resource: string, clientId: string) {
  if (resource !== RESOURCE) throw new errors.InvalidTarget(`unknown resource ${resource}`);
  const accessTokenTTL = MACHINE_ROLES[clientId] || clientId.startsWith('facility-') ? 3600 : 15 * 60;
  return { scope: 'simpul', audience: config.auth.audience, accessTokenTTL, accessTokenFormat: 'jwt' as const, jwt: { sign: { alg: 'RS256' as const } } };
}

export function providerConfiguration(inputs: ProviderInputs): Configuration {
  const { config } = inputs;
  return {
    adapter: inputs.adapter,
    clients: clients(inputs),
    // A health facility's client names its facility (copied into its tokens as facility_id).
    extraClientMetadata: { properties: ['facility_id'] },
    jwks: { keys: inputs.keys },
    cookies: { keys: config.identitySandbox.cookieKeys },
    acrValues: [config.auth.acr.basic, config.auth.acr.high],
    scopes: ['openid', 'profile', 'offline_access', 'simpul'],
    claims: { openid: ['sub'], profile: ['name', 'role', 'agency', 'region'], acr: null },
    findAccount: async (_ctx, sub) => {
      const account = demoAccount(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, name: account.name, role: account.role, agency: account.agency, region: account.region }) };
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource: logoutPage, postLogoutSuccessSource: postLogoutPage },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource, client) => resourceServerInfo(config, resource, client.clientId),
      },
    },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    loadExistingGrant,
    // Any client allowed the refresh_token grant gets one (first-party pages; no offline_access consent dance), and
    // every refresh rotates it: the old one is consumed, and presenting it again revokes the whole grant.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    extraTokenClaims: extraTokenClaims as Configuration['extraTokenClaims'],
    ttl: {
      Session: 8 * 3600,
      Grant: 8 * 3600,
      Interaction: 15 * 60,
      IdToken: 15 * 60,
      AuthorizationCode: 60,
      RefreshToken: 8 * 3600,
      ClientCredentials: 3600,
      AccessToken: 15 * 60,
    },
  };
}
