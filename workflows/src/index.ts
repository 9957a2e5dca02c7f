export { lifeEventWorkflow, officerDecisionUpdate, resolveIncidentUpdate } from './life-event.workflow';
export { cancelApplicationUpdate, retryStepUpdate } from './operator-controls';
export { familyCardWorkflow } from './family-card.workflow';
