/** Statistics of the benchmark: pure functions, unit-tested in test/unit/bench-stats.spec.ts. */

/** The p-th percentile (0-100) by nearest rank; undefined for no samples. */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Open-loop arrivals: the intended send times (ms from the start) of `ratePerSecond` for `durationMs`, evenly spaced.
 * Latency is measured from these intended times, not from when a request actually left, so a system that falls
 * behind is charged for the queueing it causes (no coordinated omission).
 */
export function openLoopSchedule(ratePerSecond: number, durationMs: number): number[] {
  const count = Math.floor((ratePerSecond * durationMs) / 1000);
  const gap = 1000 / ratePerSecond;
  return Array.from({ length: count }, (_, i) => Math.round(i * gap));
}

export interface StepResult {
  /** Offered load. */
  rate: number;
  offered: number;
  completed: number;
  /** Completions per second over the step's window (arrival window + grace). */
  throughput: number;
  p50?: number;
  p95?: number;
  p99?: number;
  errors: number;
  sustained: boolean;
  /** CPU seconds per completed item of each metered process over this step (its arrivals and its drain). */
  cpuPerItem?: Record<string, number>;
}

/**
 * A rate is sustained when every offered item completed within the grace after the arrival window, with no error, and
 * the p95 latency stayed under the bound: the system kept up rather than building a queue.
 */
export function summariseStep(rate: number, offered: number, latenciesMs: readonly number[], errors: number, windowMs: number, p95BoundMs: number): StepResult {
  const p95 = percentile(latenciesMs, 95);
  return {
    rate,
    offered,
    completed: latenciesMs.length,
    throughput: round((latenciesMs.length * 1000) / windowMs, 2),
    p50: percentile(latenciesMs, 50),
    p95,
    p99: percentile(latenciesMs, 99),
    errors,
    sustained: errors === 0 && latenciesMs.length === offered && p95 !== undefined && p95 <= p95BoundMs,
  };
}

/**
 * The highest rate every series sustained, and each series' CPU per item at it: the same rate, the same length of
 * step, so each process's fixed work (polling, timers, the servers' own housekeeping) weighs the same in each.
 */
export function atCommonRate(series: Record<string, readonly StepResult[]>): { rate: number; cpuPerItem: Record<string, Record<string, number>> } | undefined {
  const rates = Object.values(series).map((steps) => new Set(steps.filter((s) => s.sustained && s.cpuPerItem).map((s) => s.rate)));
  const common = [...(rates[0] ?? [])].filter((r) => rates.every((set) => set.has(r))).sort((a, b) => b - a)[0];
  if (common === undefined) return undefined;
  const cpuPerItem = Object.fromEntries(Object.entries(series).map(([name, steps]) => [name, steps.find((s) => s.rate === common)?.cpuPerItem ?? {}]));
  return { rate: common, cpuPerItem };
}

/** The highest sustained step (its offered rate is the sustainable throughput); undefined when none was. */
export function maxSustained(steps: readonly StepResult[]): StepResult | undefined {
  return steps.filter((s) => s.sustained).sort((a, b) => b.rate - a.rate)[0];
}

export const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;
