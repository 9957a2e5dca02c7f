import { HttpException, Injectable } from '@nestjs/common';

export interface FaultSettings {
  /** Answer this status to the next N calls, then recover. */
  failNext?: number;
  failStatus?: number;
  /** Added delay per call. */
  latencyMs?: number;
}

/** Fault injection per agency, set at run time through the admin API. */
@Injectable()
export class FaultInjector {
  private readonly faults = new Map<string, FaultSettings>();
  private readonly calls = new Map<string, number>();

  set(agency: string, settings: FaultSettings): void {
    this.faults.set(agency, { ...settings });
  }

  clear(agency?: string): void {
    if (agency) this.faults.delete(agency);
    else this.faults.clear();
  }

  snapshot(): Record<string, { faults: FaultSettings; calls: number }> {
    const out: Record<string, { faults: FaultSettings; calls: number }> = {};
    for (const agency of new Set([...this.faults.keys(), ...this.calls.keys()])) {
      out[agency] = { faults: this.faults.get(agency) ?? {}, calls: this.calls.get(agency) ?? 0 };
    }
    return out;
  }

  /** Called at the start of every agency call: counts it, delays it, or fails it as configured. */
  async apply(agency: string): Promise<void> {
    this.calls.set(agency, (this.calls.get(agency) ?? 0) + 1);
    const fault = this.faults.get(agency);
    if (!fault) return;
    if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (fault.failNext && fault.failNext > 0) {
      fault.failNext -= 1;
      throw new HttpException({ errorCode: 'SERVICE_UNAVAILABLE', injected: true }, fault.failStatus ?? 503);
    }
  }
}
