/** What the operator console needs from the configuration (read once at start by libs/config). */
export interface OperatorSettings {
  temporalUiUrl: string;
  temporalNamespace: string;
}
export const OPERATOR_SETTINGS = Symbol('OPERATOR_SETTINGS');

/** The same workflow in the Temporal UI. */
export function temporalUiLink(settings: OperatorSettings, workflowId: string): string {
  return `${settings.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(settings.temporalNamespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
