export { lifeEventWorkflow, officerDecisionUpdate, resolveIncidentUpdate } from './life-event.workflow';
