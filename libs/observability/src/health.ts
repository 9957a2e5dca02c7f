import { Controller, Get, HttpCode, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '@simpul/auth';

/** A dependency the process needs to be ready: PostgreSQL, Kafka, Temporal, a consumer or worker loop. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
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
  async ready(): Promise<{ status: 'ok'; checks: Record<string, string> }> {
    const results: Record<string, string> = {};
    let ok = true;
    await Promise.all(
      this.registry.all().map(async (c) => {
        try {
          await withTimeout(c.check(), 3000);
          results[c.name] = 'ok';
        } catch (err) {
          ok = false;
          results[c.name] = err instanceof Error ? err.message.slice(0, 200) : 'failed';
        }
      }),
    );
    if (!ok) throw new ServiceUnavailableException(`not ready: ${JSON.stringify(results)}`);
    return { status: 'ok', checks: results };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
