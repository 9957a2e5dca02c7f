/**
 * A steady load of birth applications, as a well-behaved portal sends them: each application has its own
 * Idempotency-Key, and a submission that got no answer, a 5xx or a 429 is retried with the same key until it is
 * accepted (202), so a request the API committed but could not answer is never filed twice.
 */
import { birthApplication } from '@simpul/testing';

export interface LoadOptions {
  portalUrl: string;
  token: string;
  /** Submissions started per second. */
  ratePerSecond: number;
  /** At most this many submissions in flight (retrying included). */
  maxInFlight: number;
  /** A submission gives up after this long (it is then reported as not accepted). */
  giveUpAfterMs: number;
  runId: string;
}

export interface Attempt {
  phase: string;
  outcome: string;
  /** When the answer (or the failure) came, ms since the epoch. */
  at: number;
}

export interface Submission {
  key: string;
  id?: string;
  attempts: number;
  /** The first answer that was neither 202 nor retryable, if any: a defect under load. */
  refused?: string;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const childName = (n: number): string => {
  let s = '';
  do {
    s = LETTERS[n % 26] + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `Anak ${s}`;
};

export class LoadGenerator {
  /** What the harness is doing now (e.g. "kafka down"), recorded with every attempt. */
  phase = 'steady';
  readonly submissions: Submission[] = [];
  readonly attempts: Attempt[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LoadOptions) {}

  start(): void {
    const tick = () => {
      if (this.inFlight.size < this.options.maxInFlight) {
        const task: Promise<void> = this.submit(this.submissions.length).finally(() => this.inFlight.delete(task));
        this.inFlight.add(task);
      }
      this.timer = setTimeout(tick, 1000 / this.options.ratePerSecond);
    };
    tick();
  }

  /** Stops starting new submissions and waits for those in flight to be accepted (or to give up). */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  accepted(): string[] {
    return this.submissions.filter((s) => s.id).map((s) => s.id as string);
  }

  private async submit(n: number): Promise<void> {
    const submission: Submission = { key: `chaos-${this.options.runId}-${n}`, attempts: 0 };
    this.submissions.push(submission);
    const body = JSON.stringify(birthApplication('birth-auto', childName(n)));
    const deadline = Date.now() + this.options.giveUpAfterMs;
    let backoff = 250;
    while (Date.now() < deadline) {
      submission.attempts += 1;
      const phase = this.phase;
      let outcome: string;
      try {
        const res = await fetch(`${this.options.portalUrl}/v1/applications`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${this.options.token}`, 'Content-Type': 'application/json', 'Idempotency-Key': submission.key },
          body,
          signal: AbortSignal.timeout(15_000),
        });
        const text = await res.text();
        outcome = String(res.status);
        if (res.status === 202) {
          submission.id = (JSON.parse(text) as { id: string }).id;
          this.attempts.push({ phase, outcome, at: Date.now() });
          return;
        }
        if (res.status < 500 && res.status !== 429) {
          submission.refused = `${res.status} ${text.slice(0, 300)}`;
          this.attempts.push({ phase, outcome, at: Date.now() });
          return;
        }
      } catch (err) {
        outcome = `network:${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name}`;
      }
      this.attempts.push({ phase, outcome, at: Date.now() });
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(2_000, backoff * 2);
    }
  }
}

/** Attempts per phase and outcome, e.g. { "kafka down": { "202": 14 } }. */
export function tally(attempts: Attempt[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const a of attempts) {
    const phase = (out[a.phase] ??= {});
    phase[a.outcome] = (phase[a.outcome] ?? 0) + 1;
  }
  return out;
}
