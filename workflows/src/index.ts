export { lifeEventWorkflow, officerDecisionUpdate } from './life-event.workflow';
