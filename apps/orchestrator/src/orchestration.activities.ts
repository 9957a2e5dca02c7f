import { Context } from '@temporalio/activity';
import type { Producer } from 'kafkajs';
import { metrics } from '@simpul/observability';
import { Topics, type OrchestrationActivities, type StatusEvent } from '@simpul/contracts';

/** Activities of the orchestration queue; they own their dependencies so the workflow sandbox never sees them. */
export function createOrchestrationActivities(producer: Producer): OrchestrationActivities {
  return {
    async publishStatus(event: StatusEvent): Promise<void> {
      if (event.type === 'StepSlaBreached' && Context.current().info.attempt === 1) metrics.slaBreaches.inc({ agency: event.payload.agency });
      await producer.send({
        topic: Topics.status,
        acks: -1,
        messages: [{ key: event.applicationId, value: JSON.stringify(event), headers: { 'x-correlation-id': event.correlationId } }],
      });
    },
  };
}
