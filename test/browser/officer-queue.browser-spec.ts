import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { DEMO_FAMILIES, birthApplication } from '@simpul/testing';
import { BACKOFFICE, PORTAL, http, submit, waitForApplication, type ApplicationView } from '../support/api';
import { COUNTER_VIEWPORT, launchBrowser, screenshot } from '../support/browser';
import { eventually, token } from '../support/env';

/**
 * The officer's part of the done-when scenario, in a real headless Chromium against the running system: sign in with
 * a token, find the birth in the queue, claim it, ask the citizen for information; the citizen answers through
 * portal-api; the officer sees the answer, claims again and approves; the application completes.
 */
const step = (a: ApplicationView, id: string) => a.steps.find((s) => s.stepId === id);

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: COUNTER_VIEWPORT });
});
afterAll(async () => {
  await browser?.close();
});

/** Reloads the task page until the probe holds (the read model follows the workflow within a moment). */
async function taskPageUntil(taskId: string, probe: () => Promise<boolean>, what: string): Promise<void> {
  await eventually(async () => {
    await page.goto(`${BACKOFFICE}/ui/#/tasks/${encodeURIComponent(taskId)}`);
    await page.reload();
    await page.waitForSelector('[data-testid=task-status]', { timeout: 10_000 });
    return (await probe()) ? true : undefined;
  }, what, 60_000);
}

describe('officer work queue in the browser', () => {
  it('claims, asks the citizen, reads the answer and approves until the birth is COMPLETED', async () => {
    const citizen = await token('citizen', DEMO_FAMILIES.eligible.mother.nik);
    const officer = await token('officer', 'officer-browser', 'social-aid');
    const accepted = await submit(citizen, birthApplication('birth-officer', `Bintang ${randomUUID().replace(/[^a-f]/g, '').slice(0, 6)}`));
    expect(accepted.status).toBe(202);
    const appId = accepted.body.id;
    const taskId = `${appId}:assess-family`;
    await waitForApplication(citizen, appId, (a) => step(a, 'assess-family')?.status === 'WAITING_FOR_OFFICER', 'the officer task');

    // Sign in by pasting the token; the page is served by the back office with a strict CSP.
    const res = await page.goto(`${BACKOFFICE}/ui/`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.fill('[data-testid=token]', officer);
    await screenshot(page, '01-sign-in');
    await page.click('[data-testid=sign-in] button[type=submit]');

    // The queue lists the task (most urgent first, 20 a page), with its due time: the officer pages on until it shows,
    // however many tasks earlier suites left open.
    await eventually(async () => {
      for (let offset = 0; offset <= 2000; offset += 20) {
        await page.goto(`${BACKOFFICE}/ui/#/queue?lifeEvent=BIRTH&offset=${offset}`);
        await page.reload();
        await page.waitForSelector('[data-testid=queue], [data-testid=queue-empty]');
        if ((await page.locator(`[data-task="${taskId}"]`).count()) > 0) return true;
        if ((await page.locator('[data-task]').count()) < 20) return undefined;
      }
      return undefined;
    }, 'the task in the queue page');
    await screenshot(page, '02-queue');
    await page.click(`[data-task="${taskId}"] a`);
    await page.waitForSelector('[data-testid=task-data]');
    expect(await page.textContent('[data-testid=field-kkNumber]')).toBe('************0001');
    expect(await page.locator('[data-testid=task-data] dt').allTextContents()).toEqual(['kkNumber', 'childNik']);
    await screenshot(page, '03-task');

    // Claim, then a rejection without a reason is refused with the field named; then ask the citizen.
    await page.click('[data-testid=claim]');
    await page.waitForSelector('[data-testid=decision-form]');
    await page.selectOption('[data-testid=outcome]', 'REJECT');
    await page.click('[data-testid=decide]');
    await page.locator('[data-testid=decision-errors]', { hasText: 'reason' }).waitFor();
    await screenshot(page, '04-validation');
    await page.selectOption('[data-testid=outcome]', 'REQUEST_INFORMATION');
    await page.fill('[data-testid=message]', 'Please send the hospital birth letter number.');
    await page.click('[data-testid=decide]');
    await taskPageUntil(taskId, async () => (await page.textContent('[data-testid=task-status]')) === 'WAITING_FOR_CITIZEN', 'the task to wait for the citizen');
    await screenshot(page, '05-waiting-for-citizen');

    // The citizen answers through portal-api.
    const answered = await http('POST', `${PORTAL}/v1/applications/${appId}/responses`, {
      token: citizen,
      body: { message: 'Hospital letter RS-BDG-2026-0415.' },
      headers: { 'Idempotency-Key': `browser-${randomUUID()}` },
    });
    expect(answered.status).toBe(200);

    // Back in the queue with the answer; claim again and approve.
    await taskPageUntil(taskId, async () => (await page.textContent('[data-testid=task-status]')) === 'WAITING_FOR_OFFICER' && (await page.locator('[data-testid=response]').count()) > 0, 'the answer on the task page');
    expect(await page.textContent('[data-testid=response]')).toBe('Hospital letter RS-BDG-2026-0415.');
    await screenshot(page, '06-answered');
    await page.click('[data-testid=claim]');
    await page.waitForSelector('[data-testid=decision-form]');
    await page.selectOption('[data-testid=outcome]', 'APPROVE');
    await page.fill('[data-testid=reason]', 'birth letter checked');
    await page.click('[data-testid=decide]');
    const done = await waitForApplication(citizen, appId, (a) => ['COMPLETED', 'REJECTED', 'FAILED'].includes(a.status), 'the application to finish');
    expect(done.status).toBe('COMPLETED');
    await taskPageUntil(taskId, async () => (await page.textContent('[data-testid=task-status]')) === 'COMPLETED', 'the completed task');
    await screenshot(page, '07-completed');
  });
});
