import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { JsonLogger, type ContextLogger } from '@simpul/observability';
import { DraftsService } from './drafts.service';

const EVERY_MS = 15 * 60_000;

/**
 * Expires unconfirmed drafts and deletes their data, every 15 minutes in every portal-api replica: the update is
 * idempotent, so replicas running it at once do no harm and need no lock.
 */
@Injectable()
export class DraftExpiryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private readonly log: ContextLogger;

  constructor(
    private readonly drafts: DraftsService,
    logger: JsonLogger,
  ) {
    this.log = logger.child('draft-expiry');
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async runOnce(): Promise<void> {
    try {
      const { expired } = await this.drafts.expire();
      if (expired > 0) this.log.info('expired unconfirmed drafts', { expired });
    } catch (err) {
      this.log.warn('draft expiry failed; tried again at the next run', { error: err });
    }
  }
}
