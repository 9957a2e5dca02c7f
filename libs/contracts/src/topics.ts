/** Kafka topics, fixed names (docs/architecture.md). Key = application id on every topic. */
export const Topics = {
  submitted: 'applications.submitted.v1',
  status: 'applications.status.v1',
  notifications: 'notifications.citizen.v1',
  deadLetters: 'applications.dlq.v1',
} as const;
export type TopicName = (typeof Topics)[keyof typeof Topics];

export const TaskQueues = {
  orchestration: 'orchestration',
  agency: (agency: string): string => `agency.${agency}`,
} as const;

export const WORKFLOW_TYPE = 'lifeEventWorkflow';
export const workflowIdFor = (applicationId: string): string => `application-${applicationId}`;

/** Search attributes carry no personal data: only the life event and the status. */
export const SearchAttributes = {
  lifeEvent: 'SimpulLifeEvent',
  status: 'SimpulApplicationStatus',
} as const;

/**
 * The search attributes a life-event workflow starts with. The status is IN_PROGRESS from the start: the workflow runs
 * from then on, and a workflow started this way need not upsert it in its first task (one command less per
 * application, see the lean-history patch in workflows/). Workflows started with SUBMITTED upsert IN_PROGRESS.
 */
export function initialSearchAttributes(lifeEvent: string): Record<string, string[]> {
  return { [SearchAttributes.lifeEvent]: [lifeEvent], [SearchAttributes.status]: ['IN_PROGRESS'] };
}
