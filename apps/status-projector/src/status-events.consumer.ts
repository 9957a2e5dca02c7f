import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { SIMPUL_CONFIG, type SimpulConfig } from '@simpul/config';
import { Topics } from '@simpul/contracts';
import { loadKeyRing } from '@simpul/crypto';
import type { ConsumerExtras, InboundMessage } from '@simpul/messaging';
import { StatusProjection } from './status-projection';


/**
 * `applications.status.v1` → the read model (consumer group `<prefix>.status-projector`). A batch of consecutive
 * events of one partition is applied in one transaction; when it fails, the transport hands them over one at a time.
 */
@Controller()
export class StatusEventsConsumer {
  private readonly projection: StatusProjection;

  constructor(@Inject(SIMPUL_CONFIG) config: SimpulConfig, ds: DataSource) {
    this.projection = new StatusProjection(ds, loadKeyRing(config));
  }

  @EventPattern(Topics.status, { group: 'status-projector', batch: true } satisfies ConsumerExtras)
  apply(@Payload() messages: InboundMessage[]): Promise<void> {
    return this.projection.handleMany(messages);
  }
}
