import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@simpul/contracts';
import type { ConsumerExtras, InboundMessage } from '@simpul/messaging';
import { OrchestratorService } from './orchestrator.service';

/** `applications.submitted.v1` → a workflow per application (consumer group `<prefix>.orchestrator`). */
@Controller()
export class SubmittedConsumer {
  constructor(private readonly orchestrator: OrchestratorService) {}

  @EventPattern(Topics.submitted, { group: 'orchestrator' } satisfies ConsumerExtras)
  handle(@Payload() message: InboundMessage): Promise<void> {
    return this.orchestrator.submitted.handle(message);
  }
}
