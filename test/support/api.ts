import { randomUUID } from 'node:crypto';
import { TEST_PORTS } from '../../scripts/apps';
import { eventually } from './env';

export const PORTAL = `http://127.0.0.1:${TEST_PORTS.portalApi}`;
export const BACKOFFICE = `http://127.0.0.1:${TEST_PORTS.backoffice}`;
export const CITIZEN_PORTAL = `http://127.0.0.1:${TEST_PORTS.citizenPortal}`;
export const SANDBOX = `http://127.0.0.1:${TEST_PORTS.agencySandbox}`;

export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function http<T = Record<string, unknown>>(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T };
}

export interface StepView {
  stepId: string;
  agency: string;
  status: string;
  reference: string | null;
  references: Record<string, string>;
  message: { id: string; en: string };
  startedAt: string | null;
  completedAt: string | null;
  escalatedAt: string | null;
  definitionVersion: number;
  ruleVersion: string | null;
}
export interface ApplicationView {
  id: string;
  lifeEvent: string;
  definitionVersion: number;
  status: string;
  reason: { code: string; id: string; en: string } | null;
  steps: StepView[];
}

export async function submit(
  token: string,
  body: unknown,
  key = `test-${randomUUID()}`,
  correlationId?: string,
): Promise<HttpAnswer<{ id: string; statusUrl: string }>> {
  const headers: Record<string, string> = { 'Idempotency-Key': key };
  if (correlationId) headers['X-Correlation-Id'] = correlationId;
  return http('POST', `${PORTAL}/v1/applications`, { token, body, headers });
}

export function waitForApplication(token: string, id: string, done: (a: ApplicationView) => boolean, what: string, timeoutMs = 90_000): Promise<ApplicationView> {
  return eventually(async () => {
    const res = await http<ApplicationView>('GET', `${PORTAL}/v1/applications/${id}`, { token });
    return res.status === 200 && done(res.body) ? res.body : undefined;
  }, what, timeoutMs);
}

export const sandboxAdmin = (adminKey: string) => ({
  setFault: (agency: string, fault: Record<string, number | string>) =>
    http('PUT', `${SANDBOX}/admin/faults/${agency}`, { body: fault, headers: { 'X-Admin-Key': adminKey } }),
  clearFaults: () => http('DELETE', `${SANDBOX}/admin/faults`, { headers: { 'X-Admin-Key': adminKey } }),
  faults: () => http<Record<string, { calls: number }>>('GET', `${SANDBOX}/admin/faults`, { headers: { 'X-Admin-Key': adminKey } }),
  /** Calls of one application flow, by the X-Correlation-Id it was submitted with: immune to other traffic. */
  callsOf: (correlationId: string) => http<Record<string, number>>('GET', `${SANDBOX}/admin/calls/${correlationId}`, { headers: { 'X-Admin-Key': adminKey } }),
  records: () => http<Record<string, Record<string, number>>>('GET', `${SANDBOX}/admin/records`, { headers: { 'X-Admin-Key': adminKey } }),
});

/** An officer's decision as the back office takes it: claim the task first (only the claim holder decides). */
export async function claimAndDecide(token: string, taskId: string, body: unknown): Promise<HttpAnswer> {
  await http('POST', `${BACKOFFICE}/v1/tasks/${taskId}/claim`, { token });
  return http('POST', `${BACKOFFICE}/v1/tasks/${taskId}/decision`, { token, body });
}
