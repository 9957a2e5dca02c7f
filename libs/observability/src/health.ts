import { Controller, Get, HttpCode, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '@simpul/auth';

/** A dependency the process needs to be ready: PostgreSQL, Kafka, Temporal, a consumer or worker loop. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
  /**
   * A dependency the process works without for a while (it buffers, or resumes where it stopped): its failure is
   * reported as `degraded` and does not take the process out of service. Default: required.
   */
  optional?: boolean;
}

/** Components register what they depend on; /health/ready asks each. */
@Injectable()
export class ReadinessRegistry {
  private readonly checks: ReadinessCheck[] = [];
  register(check: ReadinessCheck): void {
    this.checks.push(check);
  }
  all(): readonly ReadinessCheck[] {
    return this.checks;
  }
}

@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: ReadinessRegistry) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok' | 'degraded'; checks: Record<string, string> }> {
    const results: Record<string, string> = {};
    let ok = true;
    let degraded = false;
    await Promise.all(
      this.registry.all().map(async (c) => {
        try {
          await withTimeout(c.check(), 3000);
          results[c.name] = 'ok';
        } catch (err) {
          const reason = err instanceof Error ? err.message.slice(0, 200) : 'failed';
          if (c.optional) {
            degraded = true;
            results[c.name] = `degraded: ${reason}`;
          } else {
            ok = false;
            results[c.name] = reason;
          }
        }
      }),
    );
    if (!ok) throw new ServiceUnavailableException(`not ready: ${JSON.stringify(results)}`);
    return { status: degraded ? 'degraded' : 'ok', checks: results };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
