import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { DEMO_FAMILIES, birthApplication } from '@simpul/testing';
import { BACKOFFICE, PORTAL, http, submit, waitForApplication, type ApplicationView } from '../support/api';
import { COUNTER_VIEWPORT, launchBrowser, screenshot, signInAs } from '../support/browser';
import { eventually, testConfig, token } from '../support/env';

/**
 * The officer's part of the done-when scenario, in a real headless Chromium against the running system: sign in at the
 * identity provider's page (authorization code + PKCE), find the birth in the queue, claim it, ask the citizen for
 * information; the citizen answers through portal-api; the officer sees the answer, claims again and approves; the
 * application completes; the officer signs out and is refused afterwards.
 */
const OFFICER = 'officer-social-aid-3273'; // Dinas Sosial Kota Bandung: the eligible family lives in Bandung (3273)
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
    const accepted = await submit(citizen, birthApplication('birth-officer', `Bintang ${randomUUID().replace(/[^a-f]/g, '').slice(0, 6)}`));
    expect(accepted.status).toBe(202);
    const appId = accepted.body.id;
    const taskId = `${appId}:assess-family`;
    await waitForApplication(citizen, appId, (a) => step(a, 'assess-family')?.status === 'WAITING_FOR_OFFICER', 'the officer task');

    // The page (strict CSP) finds no session at the provider and offers to sign in; the provider's page signs in.
    const refreshTokens: string[] = [];
    page.on('response', (r) => {
      if (r.url() === `${testConfig().auth.issuer}/token` && r.ok()) void r.json().then((b: { refresh_token?: string }) => b.refresh_token && refreshTokens.push(b.refresh_token), () => undefined);
    });
    const res = await page.goto(`${BACKOFFICE}/ui/`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('[data-testid=signed-out]').waitFor();
    await screenshot(page, '01-sign-in');
    await signInAs(page, OFFICER);
    expect(await page.textContent('[data-testid=who]')).toContain('social-aid · 3273');
    // No token in web storage (the page keeps them in memory): evaluated in the page, so written as a string.
    expect(await page.evaluate('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })')).not.toMatch(/eyJ/);

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
    // Indonesian first; the header's switch shows the same page in English (and back).
    await page.click('[data-testid=lang-switch]');
    await page.locator('h1', { hasText: 'Work queue' }).waitFor();
    await page.locator(`[data-task="${taskId}"]`).waitFor();
    await screenshot(page, '02-queue-en');
    await page.click('[data-testid=lang-switch]');
    await page.locator('h1', { hasText: 'Antrean kerja' }).waitFor();
    await page.locator(`[data-task="${taskId}"]`).waitFor();
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
    // On a phone the header wraps: who is signed in and the sign-out stay on screen.
    await page.setViewportSize({ width: 390, height: 844 });
    const box = await page.locator('[data-testid=sign-out]').boundingBox();
    expect(box && box.x + box.width <= 390).toBe(true);
    await screenshot(page, '07-completed-phone');

    // Sign out (RP-initiated, confirmed on the provider's page): back on the back office, signed out; a reload does
    // not sign in again (no session at the provider), and the last refresh token the page held is refused.
    await page.click('[data-testid=sign-out]');
    await page.click('button[name=logout][value=yes]');
    await page.waitForURL(`${BACKOFFICE}/ui/`);
    await page.locator('[data-testid=signed-out]').waitFor();
    await page.goto(`${BACKOFFICE}/ui/#/tasks/${encodeURIComponent(taskId)}`);
    await page.locator('[data-testid=signed-out]').waitFor();
    await screenshot(page, '08-signed-out');
    expect(refreshTokens.length).toBeGreaterThan(0);
    const refused = await fetch(`${testConfig().auth.issuer}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'simpul-backoffice', refresh_token: refreshTokens.at(-1) as string }).toString(),
    });
    expect(refused.status).toBe(400);
  });
});
