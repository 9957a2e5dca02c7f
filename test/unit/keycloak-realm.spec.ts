/**
 * The Keycloak realm shipped in deploy/keycloak (Keycloak cannot run here: no container engine) has the shape Simpul
 * needs: the same clients as identity-sandbox (the back office public with PKCE and its redirect URIs, the machine
 * clients with client credentials, one client per demo facility with its facility_id), Simpul's roles as realm roles,
 * and mappers for every claim Simpul reads (sub, audience, realm roles, agency, region, mall_id, facility_id, acr).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '@simpul/auth';
import { loadConfig } from '@simpul/config';
import { DEMO_FACILITIES } from '@simpul/testing';

interface Mapper { name: string; protocolMapper: string; config: Record<string, string> }
interface Client { clientId: string; publicClient: boolean; standardFlowEnabled: boolean; serviceAccountsEnabled: boolean; implicitFlowEnabled: boolean; directAccessGrantsEnabled: boolean; redirectUris?: string[]; attributes: Record<string, string>; defaultClientScopes: string[]; protocolMappers?: Mapper[]; secret?: string }
interface Realm {
  realm: string;
  sslRequired: string;
  revokeRefreshToken: boolean;
  refreshTokenMaxReuse: number;
  defaultLocale: string;
  attributes: Record<string, string>;
  roles: { realm: Array<{ name: string }> };
  clientScopes: Array<{ name: string; protocolMappers: Mapper[] }>;
  clients: Client[];
  users: Array<{ username: string; serviceAccountClientId?: string; realmRoles: string[]; attributes?: Record<string, string[]> }>;
}

const realm = JSON.parse(readFileSync(join(__dirname, '..', '..', 'deploy', 'keycloak', 'simpul-realm.json'), 'utf8')) as Realm;
const config = loadConfig({});
const client = (id: string) => realm.clients.find((c) => c.clientId === id) as Client;
const simpulScope = realm.clientScopes.find((s) => s.name === 'simpul') as { protocolMappers: Mapper[] };
const mapper = (type: string, claim?: string) => simpulScope.protocolMappers.find((m) => m.protocolMapper === type && (claim === undefined || m.config['claim.name'] === claim || m.config['user.attribute'] === claim));

describe('the Keycloak realm export (deploy/keycloak/simpul-realm.json)', () => {
  it('has Simpul roles as realm roles, rotating single-use refresh tokens and Indonesian first', () => {
    expect(realm.realm).toBe('simpul');
    expect(realm.roles.realm.map((r) => r.name).sort()).toEqual([...ROLES].sort());
    expect(realm).toMatchObject({ sslRequired: 'external', revokeRefreshToken: true, refreshTokenMaxReuse: 0, defaultLocale: 'id' });
  });

  it('registers the back office as a public client with PKCE (S256) and the pages as redirect URIs', () => {
    const backoffice = client(config.auth.backofficeClientId);
    expect(backoffice).toMatchObject({ publicClient: true, standardFlowEnabled: true, implicitFlowEnabled: false, directAccessGrantsEnabled: false, serviceAccountsEnabled: false });
    expect(backoffice.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(backoffice.redirectUris).toEqual(['http://127.0.0.1:3001/ui/', 'http://127.0.0.1:3001/ui/operator/']);
    expect(backoffice.attributes['post.logout.redirect.uris']).toBe('http://127.0.0.1:3001/ui/');
    expect(backoffice.defaultClientScopes).toContain('simpul');
  });

  it('registers the machine clients for client credentials, each with its role, and secrets only as placeholders', () => {
    const machines: Record<string, string> = { 'simpul-portal': 'portal', 'simpul-monitoring': 'monitoring' };
    for (const f of Object.values(DEMO_FACILITIES)) machines[`facility-${f.id}`] = 'facility';
    for (const [id, role] of Object.entries(machines)) {
      expect(client(id)).toMatchObject({ publicClient: false, serviceAccountsEnabled: true, standardFlowEnabled: false, defaultClientScopes: ['simpul'] });
      expect(client(id).secret).toMatch(/^\$\{SIMPUL_[A-Z_]+\}$/);
      expect(realm.users.find((u) => u.serviceAccountClientId === id)?.realmRoles).toEqual([role]);
    }
  });

  it('fixes each facility client\'s facility_id in its registration (a hard-coded claim, not a request parameter)', () => {
    for (const f of Object.values(DEMO_FACILITIES)) {
      const fixed = client(`facility-${f.id}`).protocolMappers?.find((m) => m.protocolMapper === 'oidc-hardcoded-claim-mapper');
      expect(fixed?.config).toMatchObject({ 'claim.name': 'facility_id', 'claim.value': f.id, 'access.token.claim': 'true' });
    }
  });

  it('maps every claim Simpul reads into the access token', () => {
    expect(mapper('oidc-sub-mapper')?.config['access.token.claim']).toBe('true');
    expect(mapper('oidc-audience-mapper')?.config['included.custom.audience']).toBe(config.auth.audience);
    expect(mapper('oidc-usermodel-realm-role-mapper')?.config['claim.name']).toBe('realm_access.roles');
    expect(mapper('oidc-acr-mapper')?.config['access.token.claim']).toBe('true');
    for (const claim of ['agency', 'region', 'mall_id', 'facility_id']) {
      expect(mapper('oidc-usermodel-attribute-mapper', claim)?.config).toMatchObject({ 'claim.name': claim, 'access.token.claim': 'true' });
    }
    // Simpul's two assurance levels, as Keycloak levels of authentication (step-up asks for acr_values=<high>).
    expect(JSON.parse(realm.attributes['acr.loa.map'])).toEqual({ [config.auth.acr.basic]: 1, [config.auth.acr.high]: 2 });
  });

  it('gives regional officers their agency and region, counter officers their mall', () => {
    const officer = realm.users.find((u) => u.username === 'officer-social-aid-3273');
    expect(officer).toMatchObject({ realmRoles: ['officer'], attributes: { agency: ['social-aid'], region: ['3273'] } });
    const counter = realm.users.find((u) => u.username === 'counter-mpp-kota-bandung');
    expect(counter).toMatchObject({ realmRoles: ['counter-officer'], attributes: { mall_id: ['mpp-kota-bandung'] } });
  });
});
