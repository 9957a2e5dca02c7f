import type { AuditTrail } from '@simpul/audit';
import type { Principal } from '@simpul/auth';
import type { ConnectionRegistry } from '@simpul/persistence';
import type { DataSource } from 'typeorm';
import { ConnectionsService, effectiveProfile, type PhasedSettings, type SetConnectionDto } from './connections.controller';

/**
 * The profile rules of PUT /v1/operator/connections that the stack's e2e cannot reach (its back office always has the
 * sandbox's gateway): GATEWAY while no gateway is configured is the operator's error, a 422 naming `profile`.
 */
const settings = (gatewayConfigured: boolean): PhasedSettings => ({ regionalAgencies: ['civil-registry', 'social-aid'], defaultProfiles: { 'social-aid': 'DIRECT' }, gatewayConfigured });
const service = (s: PhasedSettings) => new ConnectionsService({} as ConnectionRegistry, {} as AuditTrail, {} as DataSource, s);
const operator = { subject: 'operator-1', role: 'operator' } as Principal;
const fieldsOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => [],
    (err: { getStatus(): number; getResponse(): { errors: Array<{ field: string }> } }) => [err.getStatus(), ...err.getResponse().errors.map((e) => e.field)],
  );

describe('connection profile rules', () => {
  it('refuses GATEWAY when no gateway is configured, naming the field', async () => {
    const dto = { agency: 'social-aid', region: '9110', mode: 'API', profile: 'GATEWAY' } as SetConnectionDto;
    expect(await fieldsOf(service(settings(false)).set(operator, dto))).toEqual([422, 'profile']);
  });

  it('refuses a profile on a row that is not API, naming the field', async () => {
    const dto = { agency: 'social-aid', region: '9110', mode: 'UNAVAILABLE', profile: 'DIRECT' } as SetConnectionDto;
    expect(await fieldsOf(service(settings(true)).set(operator, dto))).toEqual([422, 'profile']);
  });

  it("resolves an API row without a profile to the agency worker's configured one", () => {
    expect(effectiveProfile('API', null, 'social-aid', { ...settings(true), defaultProfiles: { 'social-aid': 'GATEWAY' } })).toBe('GATEWAY');
    expect(effectiveProfile('API', 'DIRECT', 'social-aid', settings(true))).toBe('DIRECT');
    expect(effectiveProfile('MANUAL', null, 'social-aid', settings(true))).toBeNull();
  });
});
