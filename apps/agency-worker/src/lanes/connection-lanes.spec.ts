import { randomUUID } from 'node:crypto';
import type { AgencyProfile } from '@simpul/config';
import type { AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import type { ContextLogger } from '@simpul/observability';
import type { ApplicationContextRepository, ConnectionRegistry, EffectiveConnection, ManualTasksRepository, StepLane, StepLanesRepository } from '@simpul/persistence';
import { ConnectionLanes } from './connection-lanes';

/**
 * The connection profile per step (docs/phased-integration.md): the registry's profile at the step's first call is
 * recorded with its lane and every later call of the step (a ticket check) keeps it; a row naming GATEWAY where the
 * worker has no gateway makes the step wait, with a log line. Repositories are in-memory fakes of their interfaces.
 */
function harness(options: { gatewayConfigured: boolean; defaultProfile?: AgencyProfile }) {
  let effective: EffectiveConnection = { mode: 'API' };
  const lanes = new Map<string, StepLane>();
  const errors: string[] = [];
  const calls: Array<{ action: string; profile?: AgencyProfile }> = [];
  const registry = { effective: async () => effective } as unknown as ConnectionRegistry;
  const applications = { laneRow: async () => ({ life_event: 'BIRTH', definition_version: 3, regency: '9171' }) } as unknown as ApplicationContextRepository;
  const stepLanes = {
    find: async (applicationId: string, stepId: string) => lanes.get(`${applicationId}|${stepId}`),
    byId: async (id: string) => [...lanes.values()].find((l) => l.id === id),
    start: async (lane: StepLane) => {
      const key = `${lane.application_id}|${lane.step_id}`;
      if (!lanes.has(key)) lanes.set(key, { ...lane, started_at: new Date(), mode_at: new Date(), finished_at: null, outcome: null, request: (lane.request as StepLane['request']) ?? null });
      return lanes.get(key);
    },
    started: async (id: string, mode: StepLane['mode'], profile: AgencyProfile | null) => {
      const lane = [...lanes.values()].find((l) => l.id === id);
      if (lane) Object.assign(lane, { mode, profile, request: null });
    },
    finished: async () => undefined,
  } as unknown as StepLanesRepository;
  const log = { error: (msg: string) => errors.push(msg), warn: () => undefined, info: () => undefined } as unknown as ContextLogger;
  const settings = { regionalAgencies: ['civil-registry', 'social-aid'], hourMs: 1000, defaultProfile: options.defaultProfile ?? 'DIRECT', gatewayConfigured: options.gatewayConfigured };
  const lanesUnderTest = new ConnectionLanes('social-aid', applications, registry, stepLanes, {} as ManualTasksRepository, settings, log);
  const answer = (outcome: AgencyStepResult['outcome']) => async (request: AgencyStepRequest, profile?: AgencyProfile): Promise<AgencyStepResult> => {
    calls.push({ action: request.input.ticket ? 'check' : 'assess', profile });
    return { outcome, outputs: {}, message: { id: 'x', en: 'x' }, ...(outcome === 'PENDING' ? { pending: { ticket: 'TKT-1', checkAction: 'social-aid.checkProposal' } } : {}) };
  };
  const activities = lanesUnderTest.wrap({ 'social-aid.assessFamily': answer('PENDING'), 'social-aid.checkProposal': answer('COMPLETED') });
  return { activities, calls, errors, lanes, set: (e: EffectiveConnection) => (effective = e) };
}

const request = (applicationId: string, input: Record<string, unknown> = {}): AgencyStepRequest =>
  ({ applicationId, stepId: 'assess-family', correlationId: 'corr-1', input }) as unknown as AgencyStepRequest;

describe('connection profile per step', () => {
  it('sends a step through the profile its office has at the first call, and keeps it for the checks after a change', async () => {
    const h = harness({ gatewayConfigured: true });
    const first = randomUUID();
    h.set({ mode: 'API', profile: 'DIRECT' });
    await h.activities['social-aid.assessFamily'](request(first));
    h.set({ mode: 'API', profile: 'GATEWAY' });
    await h.activities['social-aid.checkProposal'](request(first, { ticket: 'TKT-1' }));
    const next = randomUUID();
    await h.activities['social-aid.assessFamily'](request(next));
    expect(h.calls).toEqual([{ action: 'assess', profile: 'DIRECT' }, { action: 'check', profile: 'DIRECT' }, { action: 'assess', profile: 'GATEWAY' }]);
    expect([...h.lanes.values()].map((l) => l.profile)).toEqual(['DIRECT', 'GATEWAY']);
  });

  it("uses the worker's configured profile where the row names none, and records it", async () => {
    const h = harness({ gatewayConfigured: true, defaultProfile: 'GATEWAY' });
    h.set({ mode: 'API' });
    await h.activities['social-aid.assessFamily'](request(randomUUID()));
    expect(h.calls).toEqual([{ action: 'assess', profile: 'GATEWAY' }]);
  });

  it('makes a step wait (and says why in the log) when the row names GATEWAY but no gateway is configured', async () => {
    const h = harness({ gatewayConfigured: false });
    h.set({ mode: 'API', profile: 'GATEWAY' });
    const id = randomUUID();
    const result = await h.activities['social-aid.assessFamily'](request(id));
    expect(result).toMatchObject({ outcome: 'PENDING', pending: { checkAction: 'social-aid.checkConnection' } });
    expect(h.calls).toEqual([]);
    expect(h.errors.join()).toContain('no gateway configured');
    // Fixed by the operator (the row back to DIRECT): the next check makes the held call directly.
    h.set({ mode: 'API', profile: 'DIRECT' });
    await h.activities['social-aid.checkConnection'](request(id, { ticket: result.pending?.ticket }));
    expect(h.calls).toEqual([{ action: 'assess', profile: 'DIRECT' }]);
    expect([...h.lanes.values()][0]).toMatchObject({ mode: 'API', profile: 'DIRECT' });
  });
});
