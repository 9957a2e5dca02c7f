import { Context } from '@temporalio/activity';
import { GroupSender, type MessagePublisher } from '@simpul/messaging';
import { metrics } from '@simpul/observability';
import { Topics, type OrchestrationActivities, type StatusEvent } from '@simpul/contracts';
import { sealField, type KeyRing } from '@simpul/crypto';

/** Activities of the orchestration queue; they own their dependencies so the workflow sandbox never sees them. */
export function createOrchestrationActivities(producer: MessagePublisher, dataKeys: KeyRing): OrchestrationActivities {
  // Status events of many workflows go out together while a request is in flight (docs/benchmarks.md, tuning log).
  const sender = new GroupSender(producer);
  const message = (event: StatusEvent) => {
    if (event.type === 'StepSlaBreached' && Context.current().info.attempt === 1) metrics.slaBreaches.inc({ agency: event.payload.agency });
    // A step's outputs carry personal data (the child's NIK, the KK number): sealed for Kafka, opened by the projector.
    if (event.type === 'StepStatusChanged' && event.payload.outputs && Object.keys(event.payload.outputs).length > 0) {
      event = { ...event, payload: { ...event.payload, outputs: sealField(dataKeys, event.payload.outputs) as unknown as Record<string, string> } };
    }
    return { key: event.applicationId, value: JSON.stringify(event), headers: { 'x-correlation-id': event.correlationId } };
  };
  return {
    publishStatus: (event) => sender.send(Topics.status, message(event)),
    // In this order, in one request when nothing else is in flight (one key, so one partition: the order holds).
    publishStatuses: (events) => sender.sendAll(Topics.status, events.map(message)),
  };
}
