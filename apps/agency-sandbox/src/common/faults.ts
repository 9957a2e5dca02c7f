import { HttpException, Injectable } from '@nestjs/common';

export interface FaultSettings {
  /** Answer this status to the next N calls, then recover. */
  failNext?: number;
  failStatus?: number;
  /** Added delay per call. */
  latencyMs?: number;
  /** Only calls whose path contains this are affected (e.g. "cancellation"). */
  pathContains?: string;
  /** Only calls of one application flow (its X-Correlation-Id) are affected. */
  correlationId?: string;
  /** Asynchronous agencies: how long before the callback, and how many copies of it (duplicates). */
  callbackDelayMs?: number;
  duplicateCallbacks?: number;
  /** Answer 503 to every call until this many milliseconds after the fault was set (an outage window). */
  outageForMs?: number;
  /** Fraction of calls (0-1) that fail with failStatus, at random. */
  errorRate?: number;
  /** Hold the answer of the next call this long after the agency committed it (a crash window for the caller). */
  responseDelayMs?: number;
  /** Fraction of calls (0-1) whose connection is dropped after the agency committed the act: the answer is lost. */
  dropAfterCommitRate?: number;
}

const DEFAULT_CALLBACK_DELAY_MS = 300;

const MAX_TRACKED_FLOWS = 10_000;

/** Fault injection per agency, set at run time through the admin API. */
@Injectable()
export class FaultInjector {
  private readonly faults = new Map<string, FaultSettings>();
  private readonly calls = new Map<string, number>();
  /** Calls per correlation id and agency, so a test can count its own application's calls among other traffic. */
  private readonly flows = new Map<string, Record<string, number>>();

  private readonly outageUntil = new Map<string, number>();
  /** Answers lost on purpose after the commit, per agency (reported by the duplicate test). */
  private readonly dropped = new Map<string, number>();

  set(agency: string, settings: FaultSettings): void {
    this.faults.set(agency, { ...settings });
    if (settings.outageForMs) this.outageUntil.set(agency, Date.now() + settings.outageForMs);
    else this.outageUntil.delete(agency);
  }

  /** A one-time delay of the answer after the agency committed, for the next matching call. */
  takeResponseDelay(agency: string, correlationId: string): number {
    const fault = this.faults.get(agency);
    if (!fault?.responseDelayMs || (fault.correlationId && fault.correlationId !== correlationId)) return 0;
    const delay = fault.responseDelayMs;
    fault.responseDelayMs = 0;
    return delay;
  }

  /** True when this call's answer is to be lost after the commit (dropAfterCommitRate); counted per agency. */
  takeDropAfterCommit(agency: string, correlationId: string): boolean {
    const fault = this.faults.get(agency);
    if (!fault?.dropAfterCommitRate || (fault.correlationId && fault.correlationId !== correlationId)) return false;
    if (Math.random() >= fault.dropAfterCommitRate) return false;
    this.dropped.set(agency, (this.dropped.get(agency) ?? 0) + 1);
    return true;
  }

  callbackPlan(agency: string): { delayMs: number; copies: number } {
    const fault = this.faults.get(agency);
    return { delayMs: fault?.callbackDelayMs ?? DEFAULT_CALLBACK_DELAY_MS, copies: 1 + (fault?.duplicateCallbacks ?? 0) };
  }

  clear(agency?: string): void {
    if (agency) {
      this.faults.delete(agency);
      this.outageUntil.delete(agency);
    } else {
      this.faults.clear();
      this.outageUntil.clear();
    }
  }

  snapshot(): Record<string, { faults: FaultSettings; calls: number; droppedAfterCommit: number }> {
    const out: Record<string, { faults: FaultSettings; calls: number; droppedAfterCommit: number }> = {};
    for (const agency of new Set([...this.faults.keys(), ...this.calls.keys()])) {
      out[agency] = { faults: this.faults.get(agency) ?? {}, calls: this.calls.get(agency) ?? 0, droppedAfterCommit: this.dropped.get(agency) ?? 0 };
    }
    return out;
  }

  /** Called at the start of every agency call: counts it, delays it, or fails it as configured. */
  callsOf(correlationId: string): Record<string, number> {
    return this.flows.get(correlationId) ?? {};
  }

  async apply(agency: string, path = '', correlationId = ''): Promise<void> {
    this.calls.set(agency, (this.calls.get(agency) ?? 0) + 1);
    if (correlationId) {
      const flow = this.flows.get(correlationId) ?? {};
      flow[agency] = (flow[agency] ?? 0) + 1;
      if (!this.flows.has(correlationId) && this.flows.size >= MAX_TRACKED_FLOWS) this.flows.delete(this.flows.keys().next().value as string);
      this.flows.set(correlationId, flow);
    }
    const fault = this.faults.get(agency);
    if (!fault || (fault.pathContains && !path.includes(fault.pathContains))) return;
    if (fault.correlationId && fault.correlationId !== correlationId) return;
    if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if ((this.outageUntil.get(agency) ?? 0) > Date.now()) throw new HttpException({ errorCode: 'SERVICE_UNAVAILABLE', injected: 'outage' }, 503);
    if (fault.errorRate && Math.random() < fault.errorRate) throw new HttpException({ errorCode: 'SERVICE_UNAVAILABLE', injected: 'error-rate' }, fault.failStatus ?? 503);
    if (fault.failNext && fault.failNext > 0) {
      fault.failNext -= 1;
      const status = fault.failStatus ?? 503;
      const body = status === 422
        ? { errorCode: 'INJECTED_REFUSAL', injected: true, message: { id: 'Ditolak oleh sistem instansi (uji).', en: 'Refused by the agency system (injected).' } }
        : { errorCode: 'SERVICE_UNAVAILABLE', injected: true };
      throw new HttpException(body, status);
    }
  }
}
