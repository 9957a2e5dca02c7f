import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Screenshots of the browser tests, kept as test artifacts (git-ignored). */
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

/** Debian's chromium (or SIMPUL_CHROMIUM), headless; scripts/ensure-deps.sh installs it when missing. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.SIMPUL_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** A laptop at a service counter. */
export const COUNTER_VIEWPORT = { width: 1280, height: 800 };

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Signs in on a back-office page as a person would: the page finds no session at the provider and offers the sign-in
 * button; the provider's page lists the demo accounts; choose the way to sign in, then the account. Waits until the
 * page is back and names who is signed in.
 */
export async function signInAs(page: Page, subject: string, method: 'password' | 'digital-id' = 'password'): Promise<void> {
  await page.locator('[data-testid=sign-in]').click();
  await chooseAccount(page, subject, method);
}

/** On the provider's sign-in page: the method, then the account's button. */
export async function chooseAccount(page: Page, subject: string, method: 'password' | 'digital-id'): Promise<void> {
  await page.waitForURL(/\/interaction\//);
  await page.check(`input[name=method][value=${method}]`);
  await page.click(`button[name=subject][value="${subject}"]`);
  await page.locator('[data-testid=who]', { hasText: '' }).waitFor();
}
