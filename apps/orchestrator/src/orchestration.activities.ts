import type { Producer } from 'kafkajs';
import { Topics, type OrchestrationActivities, type StatusEvent } from '@simpul/contracts';

/** Activities of the orchestration queue; they own their dependencies so the workflow sandbox never sees them. */
export function createOrchestrationActivities(producer: Producer): OrchestrationActivities {
  return {
    async publishStatus(event: StatusEvent): Promise<void> {
      await producer.send({
        topic: Topics.status,
        acks: -1,
        messages: [{ key: event.applicationId, value: JSON.stringify(event), headers: { 'x-correlation-id': event.correlationId } }],
      });
    },
  };
}
