import type { Browser, Page } from 'playwright-core';
import { manualScenarioApplication } from '@simpul/testing';
import { BACKOFFICE, submit, waitForApplication } from '../support/api';
import { COUNTER_VIEWPORT, launchBrowser, screenshot, signInAs } from '../support/browser';
import { token } from '../support/env';

/**
 * Phased integration in the browser (docs/phased-integration.md): the operator reads the connection registry and the
 * progress (table and inline SVG chart) on the console's Integration page and changes a mode (and a profile) there; the officer of
 * Dinas Sosial Kota Jayapura (a MANUAL office in the demo data) finds the birth's welfare step among their manual
 * tasks and records the document number, and the application completes.
 */
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: COUNTER_VIEWPORT });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
});
afterAll(async () => {
  await browser?.close();
});

describe('phased integration in the browser', () => {
  it('the operator reads the progress and changes a mode; the Jayapura officer records a manual step', async () => {
    const portal = await token('portal', 'portal-phased-browser');
    const accepted = await submit(portal, manualScenarioApplication('birth-manual-region', 'Maria Browser'));
    expect(accepted.status).toBe(202);
    const id = accepted.body.id;
    await waitForApplication(portal, id, (a) => a.steps.some((s) => s.stepId === 'assess-family' && s.ruleVersion === 'manual-lane'), 'the welfare step in the manual lane');

    await page.goto(`${BACKOFFICE}/ui/`);
    await signInAs(page, 'operator-1');
    await page.waitForURL(/\/ui\/operator\//);
    await page.goto(`${BACKOFFICE}/ui/operator/#/integration`);
    const jayapura = page.locator('[data-testid=integration-row][data-agency=social-aid][data-region="9171"]');
    await jayapura.waitFor();
    expect(await jayapura.textContent()).toContain('MANUAL');
    await page.locator('[data-testid=chart] svg').waitFor();
    await page.selectOption('[data-testid=connection-agency]', 'social-aid');
    await page.fill('[data-testid=connection-region]', '9106');
    await page.selectOption('[data-testid=connection-mode]', 'MANUAL');
    await page.fill('[data-testid=connection-reason]', 'browser test');
    await page.click('[data-testid=connection-save]');
    await page.locator('#op-toast', { hasText: '→ MANUAL' }).waitFor();
    await page.locator('[data-testid=integration-row][data-agency=social-aid][data-region="9106"]', { hasText: 'MANUAL' }).waitFor();
    await page.locator('[data-testid=chart] svg').waitFor();
    // Connected through the gateway: the profile goes with an API row (the select is enabled for API only).
    await page.selectOption('[data-testid=connection-agency]', 'social-aid');
    await page.fill('[data-testid=connection-region]', '9106');
    await page.selectOption('[data-testid=connection-mode]', 'API');
    await page.selectOption('[data-testid=connection-profile]', 'GATEWAY');
    await page.fill('[data-testid=connection-reason]', 'browser test: through SPLP');
    await page.click('[data-testid=connection-save]');
    await page.locator('#op-toast', { hasText: '→ API (GATEWAY)' }).waitFor();
    await page.locator('[data-testid=integration-row][data-agency=social-aid][data-region="9106"] [data-testid=integration-profile]', { hasText: 'GATEWAY' }).waitFor();
    await screenshot(page, 'phased-01-integration');

    // The officer in a browser of their own (a fresh session at the identity provider).
    page = await browser.newPage({ viewport: COUNTER_VIEWPORT });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${BACKOFFICE}/ui/#/manual`);
    await signInAs(page, 'officer-social-aid-9171');
    await page.goto(`${BACKOFFICE}/ui/#/manual`);
    await page.locator('[data-testid=manual-task-row]').first().waitFor();
    const tasks = (await (await fetch(`${BACKOFFICE}/v1/manual-tasks?limit=200`, { headers: { Authorization: `Bearer ${await token('officer', 'officer-social-aid-9171', 'social-aid', { region: '9171' })}` } })).json()) as { items: Array<{ id: string; applicationId: string }> };
    const task = tasks.items.find((t) => t.applicationId === id);
    expect(task).toBeDefined();
    await page.goto(`${BACKOFFICE}/ui/#/manual/${task?.id}`);
    await page.locator('[data-testid=manual-document]').fill('DINSOS-JPR/BROWSER/1');
    await page.click('[data-testid=manual-record]');
    await page.locator('[data-testid=manual-record-done]').waitFor();
    await screenshot(page, 'phased-02-manual-task-recorded');
    const done = await waitForApplication(portal, id, (a) => a.status === 'COMPLETED', 'the application to complete', 120_000);
    expect(done.steps.find((s) => s.stepId === 'assess-family')?.reference).toBe('DINSOS-JPR/BROWSER/1');
    expect(pageErrors).toEqual([]);
  });
});
