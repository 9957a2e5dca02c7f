import type { Browser, Page, Response } from 'playwright-core';
import { DEMO_FAMILIES } from '@simpul/testing';
import { CITIZEN_PORTAL } from '../support/api';
import { launchBrowser, screenshot, signInAs } from '../support/browser';

/**
 * The reference citizen portal in a real headless Chromium on a phone-sized screen, against the running system: sign
 * in at the identity provider's page, file a birth whose family card is pre-filled from the civil registry, and watch
 * the timeline reach COMPLETED without reloading. axe-core checks every page; screenshots in both languages.
 */
const PHONE = { width: 390, height: 844 };
const MOTHER = DEMO_FAMILIES.member.mother;
const FIRST_PAGE_BUDGET = 150 * 1024;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  // axe-core is injected as a script, which the pages' CSP (scripts from their own origin only) would refuse.
  page = await browser.newPage({ viewport: PHONE, bypassCSP: true, locale: 'id-ID' });
});
afterAll(async () => {
  await browser?.close();
});

/** axe-core's serious and critical violations on the page as it is now (none is the goal). */
async function seriousViolations(): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as { violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Screenshots of the page in Indonesian and in English (and back to Indonesian). */
async function bothLanguages(name: string, ready: string): Promise<void> {
  await screenshot(page, `portal-${name}-id`);
  await page.click('[data-testid=lang-switch]');
  await page.locator(ready).waitFor();
  await screenshot(page, `portal-${name}-en`);
  expect(await seriousViolations()).toEqual([]);
  await page.click('[data-testid=lang-switch]');
  await page.locator(ready).waitFor();
}

describe('the citizen portal', () => {
  it('signs a mother in, files a birth with her family card filled in, and follows it live to COMPLETED', async () => {
    // The first page, as a phone on a slow connection loads it: everything it fetched, as transferred (compressed).
    const firstLoad: Response[] = [];
    const onResponse = (r: Response) => void (r.url().startsWith(CITIZEN_PORTAL) && firstLoad.push(r));
    page.on('response', onResponse);
    await page.goto(`${CITIZEN_PORTAL}/ui/`);
    await page.locator('[data-testid=signed-out]').waitFor();
    page.off('response', onResponse);
    const sizes = await Promise.all(firstLoad.map(async (r) => (await r.request().sizes()).responseBodySize));
    const transferred = sizes.reduce((a, b) => a + b, 0);
    expect(transferred).toBeGreaterThan(0);
    expect(transferred).toBeLessThan(FIRST_PAGE_BUDGET);
    expect(await seriousViolations()).toEqual([]);
    await screenshot(page, 'portal-sign-in-id');

    await signInAs(page, MOTHER.nik);
    await page.locator('[data-testid=apply-BIRTH]').waitFor();
    await bothLanguages('home', '[data-testid=apply-BIRTH]');

    await page.click('[data-testid=apply-BIRTH]');
    await page.locator('[data-testid=prefill-note]').waitFor();
    // Once only: the family card's number and the mother's NIK come from the civil registry, not from her.
    expect(await page.inputValue('[data-path=kkNumber]')).toBe(DEMO_FAMILIES.member.kkNumber);
    expect(await page.inputValue('[data-path=motherNik]')).toBe(MOTHER.nik);
    await bothLanguages('form', '[data-testid=submit]');

    // A form sent incomplete is refused, the field named where it is.
    await page.click('[data-testid=submit]');
    await page.locator('[data-path="child.name"][aria-invalid=true]').waitFor();

    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.fill('[data-path="child.name"]', 'Laras Wijaya');
    await page.selectOption('[data-path="child.sex"]', 'F');
    await page.fill('[data-path="child.birthDate"]', yesterday);
    await page.fill('[data-path="child.birthPlace"]', 'Jakarta Selatan');
    await page.check('#consent-enrol-newborn');
    await page.check('#consent-assess-family');
    await page.click('[data-testid=submit]');

    // The timeline follows the application live (Server-Sent Events), without a reload, to its end.
    await page.waitForURL(/#\/applications\/[0-9a-f-]{36}$/);
    const navigations: string[] = [];
    page.on('framenavigated', (f) => void (f === page.mainFrame() && navigations.push(f.url())));
    await page.locator('[data-testid=status][data-status=COMPLETED]').waitFor({ timeout: 180_000 });
    expect(navigations).toEqual([]);
    expect(await page.textContent('[data-testid=references]')).toMatch(/\d{4}-LU-\d+|[A-Z0-9-]{6,}/);
    await bothLanguages('application', '[data-testid=timeline]');
  });
});
