import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { SimpulConfig } from '@simpul/config';
import { DEV_TOKEN_GRANT, ROLES } from '@simpul/auth';
import { isAgencyId, nikProblem } from '@simpul/contracts';
import { demoAccount } from '@simpul/testing';
import { RESOURCE, resourceServerInfo } from './provider-config';

const PARAMS = ['role', 'subject', 'agency', 'region', 'acr', 'ttl'];

/** Refuses a request the provider would never sign in: names the parameter, as invalid_request. */
function check(params: Record<string, string | undefined>, config: SimpulConfig): void {
  const { role, subject, agency, region, acr, ttl } = params;
  if (!role || !(ROLES as readonly string[]).includes(role)) throw new errors.InvalidRequest(`role must be one of ${ROLES.join(', ')}`);
  if (!subject || !/^[A-Za-z0-9._:@-]{1,128}$/.test(subject)) throw new errors.InvalidRequest('subject must be 1-128 characters [A-Za-z0-9._:@-]');
  if (role === 'citizen' && nikProblem(subject) !== null) throw new errors.InvalidRequest('a citizen subject must be a valid NIK');
  if ((role === 'officer' || role === 'supervisor') && !isAgencyId(agency)) throw new errors.InvalidRequest('an officer or supervisor needs a known agency');
  // A facility is a machine client of its own (client credentials; facility_id from its registration), never a person.
  if (role === 'facility') throw new errors.InvalidRequest('a facility signs in as its own client (client credentials), not by this grant');
  if (role === 'counter-officer' && demoAccount(subject)?.role !== 'counter-officer') throw new errors.InvalidRequest('a counter officer must be a demo counter officer account (their mall comes from the account)');
  if (region !== undefined && !/^\d{2}(\d{2})?$/.test(region)) throw new errors.InvalidRequest('region must be a province (2 digits) or regency (4 digits) code');
  if (acr !== undefined && acr !== config.auth.acr.basic && acr !== config.auth.acr.high) throw new errors.InvalidRequest(`acr must be ${config.auth.acr.basic} or ${config.auth.acr.high}`);
  if (ttl !== undefined && !/^\d{1,6}$/.test(ttl)) throw new errors.InvalidRequest('ttl must be whole seconds');
}

/**
 * The development grant (never registered in production): the dev tools client asks for the access token a sign-in
 * of the named person would give, so scripts and tests hold tokens the provider signed, with its keys and claims.
 * The claims themselves are added by extraTokenClaims, from these parameters.
 */
export function registerDevGrant(provider: Provider, config: SimpulConfig): void {
  if (config.environment === 'production') return;
  provider.registerGrantType(DEV_TOKEN_GRANT, async (ctx: KoaContextWithOIDC) => {
    const params = ctx.oidc.params as Record<string, string | undefined>;
    check(params, config);
    const client = ctx.oidc.client;
    if (!client) throw new errors.InvalidClient();
    const info = resourceServerInfo(config, RESOURCE, client.clientId);
    const token = new provider.AccessToken({
      accountId: params.subject,
      client,
      gty: DEV_TOKEN_GRANT,
      scope: 'simpul',
      resourceServer: new provider.ResourceServer(RESOURCE, info),
      expiresIn: params.ttl ? Number(params.ttl) : 3600,
    } as unknown as ConstructorParameters<typeof provider.AccessToken>[0]);
    ctx.oidc.entity('AccessToken', token);
    const value = await token.save();
    ctx.body = { access_token: value, token_type: 'Bearer', expires_in: token.expiration, scope: token.scope };
  }, PARAMS);
}
