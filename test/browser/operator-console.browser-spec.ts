import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { birthApplication } from '@simpul/testing';
import { BACKOFFICE, sandboxAdmin, submit, waitForApplication, type ApplicationView } from '../support/api';
import { COUNTER_VIEWPORT, chooseAccount, launchBrowser, screenshot, signInAs } from '../support/browser';
import { eventually, testConfig, token } from '../support/env';

/**
 * The operator's part of the done-when scenario, in a real headless Chromium against the running system: a birth
 * whose BPJS enrolment fails on purpose (the sandbox answers 400, a contract error) is found by search, its timeline
 * and decoded workflow history are read, the cause is fixed, and the step is retried from the page until the
 * application is COMPLETED; then the dashboard's charts and the dead letters page. The operator signs in at the
 * identity provider's page with a password (the basic level); unmasking personal data asks for step-up, and works
 * after signing in again with the digital identity (the high level).
 */
const admin = sandboxAdmin(testConfig().sandbox.adminKey);
const step = (a: ApplicationView, id: string) => a.steps.find((s) => s.stepId === id);

let browser: Browser;
let page: Page;
/** Errors on the operator console's pages (the shell's officer queue, shown after sign-in, is not an operator's page). */
const pageErrors: string[] = [];
const onOperatorPage = () => page.url().includes('/ui/operator/');

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: COUNTER_VIEWPORT });
  page.on('pageerror', (e) => {
    if (onOperatorPage()) pageErrors.push(String(e));
  });
  page.on('console', (m) => {
    if (onOperatorPage() && m.type() === 'error' && !m.location().url.includes('favicon')) pageErrors.push(`${m.text()} (${m.location().url})`);
  });
});
afterAll(async () => {
  await admin.setFault('bpjs-health', {});
  await browser?.close();
});

describe('operator console in the browser', () => {
  it('finds a failed application, reads its history and retries its step to completion', async () => {
    const portal = await token('portal', `portal-operator-browser-${randomUUID()}`);
    const correlationId = `corr-browser-${randomUUID()}`;
    await admin.setFault('bpjs-health', { failNext: 1000, failStatus: 400, correlationId });
    const accepted = await submit(portal, birthApplication('birth-auto', `Bulan ${randomUUID().replace(/[^a-f]/g, '').slice(0, 6)}`), undefined, correlationId);
    expect(accepted.status).toBe(202);
    const id = accepted.body.id;
    await waitForApplication(portal, id, (a) => a.status === 'ACTION_REQUIRED' && step(a, 'enrol-newborn')?.status === 'FAILED', 'the enrolment to fail and hold the application');

    // Sign in at the provider from the shell (a password: the basic level); an operator's home is the console (an
    // officer's is the work queue), served by the back office with a strict CSP.
    await page.goto(`${BACKOFFICE}/ui/`);
    await signInAs(page, 'operator-1');
    await page.waitForURL(/\/ui\/operator\//);
    const res = await page.goto(`${BACKOFFICE}/ui/operator/`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('[data-testid=who]', { hasText: 'operator' }).waitFor();

    // Search: failed step, held application, at BPJS Kesehatan.
    await page.selectOption('[data-testid=search-form] select[name=status]', 'ACTION_REQUIRED');
    await page.selectOption('[data-testid=search-form] select[name=stepStatus]', 'FAILED');
    await page.selectOption('[data-testid=search-form] select[name=agency]', 'bpjs-health');
    await page.click('[data-testid=search-submit]');
    const row = page.locator(`[data-testid=result-row][data-id="${id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('enrol-newborn: FAILED');
    await screenshot(page, 'operator-01-search');
    // Indonesian first; the header's switch shows the same page in English (and back).
    await page.click('[data-testid=lang-switch]');
    await page.locator('h1', { hasText: 'Applications' }).waitFor();
    await row.waitFor();
    await screenshot(page, 'operator-01-search-en');
    await page.click('[data-testid=lang-switch]');
    await page.locator('h1', { hasText: 'Permohonan' }).waitFor();

    // The application page: steps, timeline with the failed agency call, decoded history, masked data.
    await row.locator('[data-testid=open-application]').click();
    await page.waitForSelector('[data-testid=step-row][data-step=enrol-newborn][data-status=FAILED]');
    expect(await page.textContent('[data-testid=masked-state]')).toBe('Data pribadi disamarkan');
    expect(await page.textContent('[data-testid=facts]')).toContain('[masked]');
    const failedCall = page.locator('[data-testid=timeline] li[data-kind=agency-call][data-step=enrol-newborn]');
    expect(await failedCall.first().textContent()).toContain('answered 400');
    await page.locator('[data-testid=history-event][data-type=EVENT_TYPE_ACTIVITY_TASK_FAILED]').first().waitFor();
    const started = page.locator('[data-testid=history-event][data-type=EVENT_TYPE_WORKFLOW_EXECUTION_STARTED]');
    await started.locator('summary').click();
    const input = await started.locator('pre').textContent();
    expect(input).toContain(`"applicationId": "${id}"`);
    expect(input).toContain('"motherNik": "************');
    expect(await page.getAttribute('[data-testid=temporal-ui-link]', 'href')).toContain(`/workflows/application-${id}`);
    await screenshot(page, 'operator-02-application-failed');

    // The fix (the agency accepts our requests again), then the retry, with a reason.
    await admin.setFault('bpjs-health', {});
    await page.fill('[data-testid=retry-enrol-newborn-reason]', 'BPJS API key rotated; retrying (ticket OPS-77)');
    await page.click('[data-testid=retry-enrol-newborn]');
    const done = await waitForApplication(portal, id, (a) => a.status === 'COMPLETED', 'the retried application to complete');
    expect(step(done, 'enrol-newborn')?.status).toBe('COMPLETED');
    await eventually(async () => {
      await page.goto(`${BACKOFFICE}/ui/operator/#/applications/${id}`);
      await page.reload();
      await page.waitForSelector('[data-testid=step-row][data-step=enrol-newborn]');
      return (await page.getAttribute('[data-testid=step-row][data-step=enrol-newborn]', 'data-status')) === 'COMPLETED' ? true : undefined;
    }, 'the page to show the completed step');
    expect(await page.locator('[data-testid=timeline] li[data-kind=operator-action]').first().textContent()).toContain('RETRY_STEP enrol-newborn by operator-1: ACCEPTED');
    await screenshot(page, 'operator-03-application-completed');

    // The dashboard draws its charts as inline SVG; the dead letters page lists what reached the DLQ.
    await page.goto(`${BACKOFFICE}/ui/operator/#/dashboard`);
    await page.locator('[data-testid=chart] svg rect.bar').first().waitFor();
    expect(await page.locator('[data-testid=chart] svg').count()).toBe(4);
    expect(await page.locator('[data-testid=chart] svg[aria-label="Waktu per langkah (median, p95)"] rect[data-label="BIRTH · enrol-newborn"]').count()).toBe(2);
    await screenshot(page, 'operator-04-dashboard');
    await page.goto(`${BACKOFFICE}/ui/operator/#/dead-letters`);
    await page.waitForSelector('[data-testid=dead-letters] table');
    await screenshot(page, 'operator-05-dead-letters');

    expect(pageErrors).toEqual([]);

    // Unmasking needs the high assurance level: the page asks to step up; after signing in again with the digital
    // identity, the same action shows the personal data.
    await page.goto(`${BACKOFFICE}/ui/operator/#/applications/${id}`);
    await page.fill('[data-testid=unmask-reason]', 'citizen called the help desk (ticket OPS-78)');
    await page.click('[data-testid=unmask]');
    await page.locator('[data-testid=step-up]').waitFor();
    await screenshot(page, 'operator-06-step-up');
    await page.click('[data-testid=step-up-sign-in]');
    await page.waitForURL(/\/interaction\//);
    expect(await page.textContent('[role=alert]')).toContain('tingkat jaminan tinggi');
    await chooseAccount(page, 'operator-1', 'digital-id');
    await page.waitForURL(new RegExp(`/ui/operator/#/applications/${id}$`));
    await page.locator('[data-testid=who]', { hasText: 'IKD' }).waitFor();
    await page.fill('[data-testid=unmask-reason]', 'citizen called the help desk (ticket OPS-78)');
    await page.click('[data-testid=unmask]');
    await page.locator('[data-testid=masked-state]', { hasText: 'Data pribadi ditampilkan' }).waitFor();
    expect(await page.textContent('[data-testid=facts]')).not.toContain('[masked]');
    await screenshot(page, 'operator-07-unmasked');
  });
});
