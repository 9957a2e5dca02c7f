/**
 * The connection registry at work (docs/phased-integration.md): every step's first call asks which mode its agency's
 * office in the application's region has, records it with the step (`step_lanes`, so a running step is never
 * switched), and then
 * - API: makes the agency call, directly or through the gateway as the registry's profile says (else the worker's
 *   configuration); the profile is recorded with the mode, so the step's retries and polls keep it;
 * - MANUAL: opens a task for that office's officers and answers PENDING with the task as ticket; the workflow polls it
 *   (`<agency>.checkManualTask`) like any agency that answers later, until the officer records the outcome;
 * - UNAVAILABLE: holds the call and answers PENDING; each check (`<agency>.checkConnection`) reads the registry again
 *   and, once the office is connected (or works by hand), makes the call (or opens the task).
 * The workflow is unchanged: it sees an agency that answers later, through the polling it already has.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { AgencyProfile } from '@simpul/config';
import { AGENCY_REJECTION, DEFINITIONS, type AgencyId, type AgencyStepRequest, type AgencyStepResult } from '@simpul/contracts';
import type { ContextLogger } from '@simpul/observability';
import { ApplicationContextRepository, ConnectionRegistry, ManualTasksRepository, StepLanesRepository, type ConnectionMode, type ManualTask, type StepLane } from '@simpul/persistence';
import { officeName } from '@simpul/regions';
import type { AgencyActivities } from '../adapters';
import type { ProfiledActivities } from '../agency-activities';
import { agencyRejection, contractError, sha256 } from '../agency-http.client';
import { applicationFacts, type ApplicationFacts } from './lane-facts';
import { manualDoneMessage, manualMessage, manualRejectedMessage, manualUndoMessage, unavailableMessage, unavailableSkippedMessage } from './lane-texts';

export const MANUAL_LANE_RULE_VERSION = 'manual-lane';
const UUID = /^[0-9a-f-]{36}$/i;

/** A step's own calls (its action, the follow-up after an officer's decision) choose a lane; compensations undo one. */
const STEP_ACTIONS = new Set(DEFINITIONS.flatMap((d) => d.steps.flatMap((s) => [s.action, s.officerDecision?.followUpAction]).filter((a): a is string => !!a)));
const COMPENSATIONS = new Set(DEFINITIONS.flatMap((d) => d.steps.map((s) => s.compensation?.action).filter((a): a is string => !!a)));

export interface LaneSettings {
  /** Agencies whose offices are regional (Disdukcapil, Dinas Sosial): their mode is per region. */
  regionalAgencies: readonly string[];
  /** Length of an SLA hour in ms (the workflow's SLA clock): a manual task is due at the step's SLA. */
  hourMs: number;
  /** The profile of an API step whose registry row names none (SIMPUL_AGENCY_<ID>_MODE). */
  defaultProfile: AgencyProfile;
  /** Whether this worker can reach its agency through the gateway (one is configured). */
  gatewayConfigured: boolean;
}

/** What the registry decides for a step starting now: the mode, and for API the profile its calls use. */
interface Decision {
  mode: ConnectionMode;
  profile: AgencyProfile | null;
}

type Run = ProfiledActivities[string];

interface HeldCall {
  action: string;
  request: AgencyStepRequest;
}

export class ConnectionLanes {
  constructor(
    private readonly agency: AgencyId,
    private readonly applications: ApplicationContextRepository,
    private readonly registry: ConnectionRegistry,
    private readonly lanes: StepLanesRepository,
    private readonly tasks: ManualTasksRepository,
    private readonly settings: LaneSettings,
    private readonly log: ContextLogger,
  ) {}

  /** The adapter's activities with lanes in front, plus the two checks of the manual and the waiting lane. */
  wrap(activities: ProfiledActivities): AgencyActivities {
    const wrapped: AgencyActivities = {};
    for (const [name, run] of Object.entries(activities)) {
      if (STEP_ACTIONS.has(name)) wrapped[name] = (request) => this.stepCall(name, request, run);
      else if (COMPENSATIONS.has(name)) wrapped[name] = (request) => this.compensation(request, run);
      else wrapped[name] = (request) => this.followUp(request, run);
    }
    wrapped[`${this.agency}.checkManualTask`] = (request) => this.checkManualTask(request);
    wrapped[`${this.agency}.checkConnection`] = (request) => this.checkConnection(request, activities);
    return wrapped;
  }

  private async stepCall(action: string, request: AgencyStepRequest, run: Run): Promise<AgencyStepResult> {
    const facts = await applicationFacts(this.applications, request.applicationId, request.stepId);
    if (!facts) return run(request);
    const lane = await this.laneOf(action, request, facts);
    if (lane.mode === 'MANUAL') return this.manualPending(await this.openTask(lane, action, facts));
    if (lane.mode === 'UNAVAILABLE') return (await this.skippable(lane, facts)) ? this.unavailableSkipped(lane, facts) : this.unavailablePending(lane, facts);
    return this.ending(request, () => run(request, this.profileOf(lane)));
  }

  /** Skipped only where the office itself is UNAVAILABLE, never because of a GATEWAY row this worker cannot serve. */
  private async skippable(lane: StepLane, facts: ApplicationFacts): Promise<boolean> {
    return facts.step?.whenUnavailable === 'SKIP' && (await this.registry.effective(this.agency, lane.region_code)).mode === 'UNAVAILABLE';
  }

  /** A call of a step that is not its first (a status check of a ticket): the profile the step was started with. */
  private async followUp(request: AgencyStepRequest, run: Run): Promise<AgencyStepResult> {
    const lane = UUID.test(request.applicationId) ? await this.lanes.find(request.applicationId, request.stepId) : undefined;
    return this.ending(request, () => run(request, lane ? this.profileOf(lane) : undefined));
  }

  private profileOf(lane: StepLane): AgencyProfile {
    return lane.profile ?? this.settings.defaultProfile;
  }

  /**
   * The registry's mode and profile for a step starting now. An API row naming GATEWAY where this worker has no
   * gateway cannot be served: the step waits as for an UNAVAILABLE office (re-checked with timers, going on once the
   * row or the worker's configuration is fixed) and the log says why. The back office refuses such a row when it can
   * tell (it reads the same gateway settings), so this is the worker-side guard.
   */
  private async decide(region: string, stepId: string): Promise<Decision> {
    const { mode, profile } = await this.registry.effective(this.agency, region);
    if (mode !== 'API') return { mode, profile: null };
    const chosen = profile ?? this.settings.defaultProfile;
    if (chosen === 'GATEWAY' && !this.settings.gatewayConfigured) {
      this.log.error('the connection registry sends this step through the gateway, but this agency worker has no gateway configured (SIMPUL_GATEWAY_URL); the step waits until the row or the configuration is fixed', {
        agency: this.agency, region: region || 'ALL', stepId,
      });
      return { mode: 'UNAVAILABLE', profile: null };
    }
    return { mode, profile: chosen };
  }

  /** The step's recorded lane, or a new one in the mode its office has now (the first call of the step decides). */
  private async laneOf(action: string, request: AgencyStepRequest, facts: ApplicationFacts): Promise<StepLane> {
    const recorded = await this.lanes.find(request.applicationId, request.stepId);
    if (recorded) return recorded;
    const region = this.regionOf(facts);
    const { mode, profile } = await this.decide(region, request.stepId);
    const held: HeldCall = { action, request };
    return this.lanes.start({
      id: randomUUID(), application_id: request.applicationId, step_id: request.stepId, agency: this.agency, region_code: region, mode, profile,
      ...(mode === 'UNAVAILABLE' ? { request: { ...held } } : {}),
    });
  }

  private regionOf(facts: ApplicationFacts): string {
    return this.settings.regionalAgencies.includes(this.agency) ? facts.regencyCode : '';
  }

  private openTask(lane: StepLane, action: string, facts: ApplicationFacts | undefined): Promise<ManualTask> {
    const slaHours = facts?.step?.slaHours ?? 24;
    return this.tasks.open({
      id: randomUUID(),
      application_id: lane.application_id,
      step_id: lane.step_id,
      action,
      agency: this.agency,
      region_code: lane.region_code,
      office: officeName(this.agency, lane.region_code),
      due_at: new Date(Date.now() + slaHours * this.settings.hourMs),
    });
  }

  private async manualPending(task: ManualTask): Promise<AgencyStepResult> {
    const facts = await applicationFacts(this.applications, task.application_id, task.step_id);
    return {
      outcome: 'PENDING',
      reference: task.id,
      outputs: {},
      message: manualMessage(facts?.step, task.office, new Date(task.due_at)),
      ruleVersion: MANUAL_LANE_RULE_VERSION,
      pending: { ticket: task.id, checkAction: `${this.agency}.checkManualTask` },
    };
  }

  private unavailablePending(lane: StepLane, facts: ApplicationFacts | undefined): AgencyStepResult {
    return {
      outcome: 'PENDING',
      reference: lane.id,
      outputs: {},
      message: unavailableMessage(facts?.step, officeName(this.agency, lane.region_code)),
      pending: { ticket: lane.id, checkAction: `${this.agency}.checkConnection` },
    };
  }

  /** A step its definition lets go when the office is not connected: SKIPPED now, the citizen told where to go. */
  private async unavailableSkipped(lane: StepLane, facts: ApplicationFacts): Promise<AgencyStepResult> {
    await this.lanes.finished(lane.application_id, lane.step_id, 'SKIPPED');
    return { outcome: 'SKIPPED', outputs: {}, message: unavailableSkippedMessage(facts.step, officeName(this.agency, lane.region_code)) };
  }

  /** One check of a manual task: still open is PENDING; the officer's outcome ends the step like an agency's answer. */
  private async checkManualTask(request: AgencyStepRequest): Promise<AgencyStepResult> {
    const task = await this.tasks.byId(String(request.input.ticket ?? ''));
    if (!task || task.agency !== this.agency) throw contractError(`no manual task ${String(request.input.ticket)} at ${this.agency}`);
    if (task.status === 'OPEN') return this.manualPending(task);
    await this.lanes.finished(task.application_id, task.step_id, task.status);
    const entered = { status: task.status, documentNumber: task.document_number, outputs: task.outputs, reason: task.reason, decidedBy: task.decided_by };
    const evidence = {
      requestSha256: sha256(JSON.stringify({ task: task.id, action: task.action, stepId: task.step_id })),
      responseSha256: sha256(JSON.stringify(entered)),
      httpStatus: 200,
      requestedAt: new Date(task.created_at).toISOString(),
      respondedAt: new Date(task.decided_at ?? Date.now()).toISOString(),
      via: 'manual' as const,
      enteredBy: task.decided_by ?? undefined,
      ...(task.document_number ? { reference: task.document_number } : {}),
    };
    if (task.status === 'REJECTED') throw agencyRejection('MANUAL_REJECTED', manualRejectedMessage(task.office, task.reason ?? ''), evidence);
    const facts = await applicationFacts(this.applications, task.application_id, task.step_id);
    const documentNumber = task.document_number ?? '';
    return {
      outcome: 'COMPLETED',
      reference: documentNumber,
      outputs: { ...(task.outputs ?? {}), documentNumber, manualTaskId: task.id },
      message: manualDoneMessage(facts?.step, task.office, documentNumber),
      ruleVersion: MANUAL_LANE_RULE_VERSION,
      evidence,
    };
  }

  /** One check of a step waiting for an unavailable office: the registry decides again, and the held call goes on. */
  private async checkConnection(request: AgencyStepRequest, activities: ProfiledActivities): Promise<AgencyStepResult> {
    const lane = await this.lanes.byId(String(request.input.ticket ?? ''));
    if (!lane || lane.agency !== this.agency) throw contractError(`no waiting step ${String(request.input.ticket)} at ${this.agency}`);
    const held = lane.request as unknown as HeldCall | null;
    const facts = await applicationFacts(this.applications, lane.application_id, lane.step_id);
    const { mode, profile } = lane.mode === 'UNAVAILABLE' ? await this.decide(lane.region_code, lane.step_id) : { mode: lane.mode, profile: this.profileOf(lane) };
    if (mode === 'UNAVAILABLE') return this.unavailablePending(lane, facts);
    if (!held) throw contractError(`the call held for step ${lane.step_id} is gone`);
    await this.lanes.started(lane.id, mode, profile);
    if (mode === 'MANUAL') return this.manualPending(await this.openTask(lane, held.action, facts));
    const run = activities[held.action];
    if (!run) throw contractError(`agency ${this.agency} has no action ${held.action}`);
    return this.ending(held.request, () => run(held.request, profile ?? undefined));
  }

  /**
   * A step done by hand is undone by hand: an incident for a person, with the office named. Any other undo is a new
   * call to the agency, made with the profile the registry has for its office now (the step's own call has ended).
   */
  private async compensation(request: AgencyStepRequest, run: Run): Promise<AgencyStepResult> {
    const lane = UUID.test(request.applicationId) ? await this.lanes.find(request.applicationId, request.stepId) : undefined;
    if (lane?.mode === 'MANUAL') throw agencyRejection('MANUAL_COMPENSATION', manualUndoMessage(officeName(this.agency, lane.region_code)));
    if (!lane) return run(request);
    const { profile } = await this.registry.effective(this.agency, lane.region_code);
    const chosen = profile ?? this.settings.defaultProfile;
    return run(request, chosen === 'GATEWAY' && !this.settings.gatewayConfigured ? this.settings.defaultProfile : chosen);
  }

  /** Runs a call and, when it ends the step (an answer other than PENDING, or a business rejection), records the end. */
  private async ending(request: AgencyStepRequest, call: () => Promise<AgencyStepResult>): Promise<AgencyStepResult> {
    const known = UUID.test(request.applicationId);
    try {
      const result = await call();
      if (known && result.outcome !== 'PENDING') await this.lanes.finished(request.applicationId, request.stepId, result.outcome);
      return result;
    } catch (err) {
      if (known && err instanceof ApplicationFailure && err.type === AGENCY_REJECTION) await this.lanes.finished(request.applicationId, request.stepId, 'REJECTED');
      throw err;
    }
  }
}
