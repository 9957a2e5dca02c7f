import type { Browser, Page, Response } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { DEMO_FACILITIES, DEMO_FAMILIES, birthApplication, facilityBirthBundle } from '@simpul/testing';
import { CITIZEN_PORTAL, PORTAL, claimAndDecide, submit, waitForApplication } from '../support/api';
import { launchBrowser, screenshot, signInAs } from '../support/browser';
import { facilityToken, testConfig, token } from '../support/env';

/**
 * The reference citizen portal in a real headless Chromium on a phone-sized screen, against the running system: sign
 * in at the identity provider's page, file a birth whose family card is pre-filled from the civil registry, and watch
 * the timeline reach COMPLETED without reloading; confirm a clinic's draft; answer an officer's request for
 * information while the officer decides; sign out; then a counter officer of a public service mall files a birth for the
 * mother who is present, with the one-time code the provider sent her. axe-core checks every page; screenshots in both
 * languages.
 */
const PHONE = { width: 390, height: 844 };
const MOTHER = DEMO_FAMILIES.member.mother;
const FIRST_PAGE_BUDGET = 150 * 1024;

const ISSUER = testConfig().auth.issuer;
const COUNTER_OFFICER = 'counter-mpp-kota-bandung';

let browser: Browser;
let page: Page;
/** Every refresh token the page got from the provider, newest last. */
const refreshTokens: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  // axe-core is injected as a script, which the pages' CSP (scripts from their own origin only) would refuse.
  page = await browser.newPage({ viewport: PHONE, bypassCSP: true, locale: 'id-ID' });
  page.on('response', (r) => {
    if (r.url() === `${ISSUER}/token` && r.ok()) void r.json().then((b: { refresh_token?: string }) => b.refresh_token && refreshTokens.push(b.refresh_token), () => undefined);
  });
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

/** The newest one-time code the development provider "sent" to the citizen (its dev mailbox, as a phone would show it). */
async function codeSentTo(nik: string): Promise<string> {
  const res = await fetch(`${ISSUER}/dev/mailbox?to=${nik}`, { headers: { Accept: 'application/json' } });
  const body = (await res.json()) as { messages: Array<{ body: string }> };
  const code = /: (\d{6})\./.exec(body.messages[0]?.body ?? '')?.[1];
  if (!code) throw new Error('no code in the mailbox');
  return code;
}

/** Signs out at the provider (RP-initiated, confirmed on its page) and waits for the portal's signed-out page. */
async function signOut(): Promise<void> {
  await page.click('[data-testid=sign-out]');
  await page.click('button[name=logout][value=yes]');
  await page.waitForURL(`${CITIZEN_PORTAL}/ui/`);
  await page.locator('[data-testid=signed-out]').waitFor();
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
    await bothLanguages('sign-in', '[data-testid=signed-out]');

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

  it("shows a clinic's record of a birth as a draft the mother completes and confirms", async () => {
    const bundle = facilityBirthBundle({ motherNik: MOTHER.nik });
    const notified = await fetch(`${PORTAL}/v1/health-facility-events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await facilityToken(DEMO_FACILITIES.clinic.id)}`, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(bundle),
    });
    expect(notified.status).toBe(201);
    const { id } = (await notified.json()) as { id: string };
    await page.goto(`${CITIZEN_PORTAL}/ui/#/`);
    await page.locator(`[data-testid=draft-${id}]`).click();
    await page.locator('[data-testid=prefill-note]').waitFor();
    // The clinic's record and the family card: the child's sex, date and place, the mother, the card's number.
    expect(await page.inputValue('[data-path=kkNumber]')).toBe(DEMO_FAMILIES.member.kkNumber);
    expect(await page.inputValue('[data-path="child.birthPlace"]')).toBe(DEMO_FACILITIES.clinic.city);
    await bothLanguages('draft', '[data-testid=submit]');
    await page.fill('[data-path="child.name"]', 'Sekar Wijaya');
    await page.check('#consent-enrol-newborn');
    await page.click('[data-testid=submit]');
    await page.waitForURL(new RegExp(`#/applications/${id}$`));
    await page.locator('[data-testid=status][data-status=COMPLETED]').waitFor({ timeout: 180_000 });
  });

  it("answers an officer's request for information in the portal while the officer decides", async () => {
    const family = DEMO_FAMILIES.eligible;
    const citizen = await token('citizen', family.mother.nik);
    const accepted = await submit(citizen, birthApplication('birth-officer', 'Bunga Santoso'));
    expect(accepted.status).toBe(202);
    const appId = accepted.body.id as string;
    const taskId = `${appId}:assess-family`;
    await waitForApplication(citizen, appId, (a) => a.steps.some((st) => st.stepId === 'assess-family' && st.status === 'WAITING_FOR_OFFICER'), 'the officer task');
    const officer = await token('officer', 'officer-social-aid-3273', 'social-aid', { region: '3273' });
    expect((await claimAndDecide(officer, taskId, { outcome: 'REQUEST_INFORMATION', message: 'Mohon kirim nomor surat keterangan lahir.' })).status).toBe(200);

    // The mother signs in (a new browser, as on her own phone) and answers where the application shows the request.
    const own = await browser.newPage({ viewport: PHONE, bypassCSP: true });
    try {
      await own.goto(`${CITIZEN_PORTAL}/ui/#/applications/${appId}`);
      await own.locator('[data-testid=sign-in]').click();
      await own.waitForURL(/\/interaction\//);
      await own.check('input[name=method][value=password]');
      await own.click(`button[name=subject][value="${family.mother.nik}"]`);
      await own.locator('[data-testid=answer-form]').waitFor({ timeout: 60_000 });
      await own.fill('#answer', `SKL-${randomUUID().slice(0, 8)}`);
      await own.click('[data-testid=send-answer]');
      // Delivered (the note says so, or the live timeline already took the request away as the workflow went on).
      await own.waitForFunction('!document.querySelector("[data-testid=answer-form]") || document.querySelector("[data-testid=answer-note]").textContent !== ""');
      const note = await own.locator('[data-testid=answer-note]').textContent().catch(() => null);
      expect([null, 'Jawaban terkirim.']).toContain(note);
      await waitForApplication(citizen, appId, (a) => a.steps.some((st) => st.stepId === 'assess-family' && st.status === 'WAITING_FOR_OFFICER'), 'the task back with the officer');
      expect((await claimAndDecide(officer, taskId, { outcome: 'APPROVE', message: 'Terverifikasi.' })).status).toBe(200);
      await own.locator('[data-testid=status][data-status=COMPLETED]').waitFor({ timeout: 180_000 });
      await screenshot(own, 'portal-answered-id');
      await own.click('[data-testid=lang-switch]');
      await own.locator('[data-testid=status][data-status=COMPLETED]').waitFor();
      await screenshot(own, 'portal-answered-en');
    } finally {
      await own.close();
    }
  });

  it('signs the citizen out at the identity provider: the page is signed out and the tokens it held are not used again', async () => {
    await page.goto(`${CITIZEN_PORTAL}/ui/#/`);
    await page.locator('h2', { hasText: 'Permohonan saya' }).waitFor();
    const signedOutCalls: string[] = [];
    page.on('request', (r) => void (r.url().startsWith(PORTAL) && r.headers().authorization && signedOutCalls.push(r.url())));
    await signOut();
    // A reload finds no session at the provider: still signed out, and no API call carried a token after sign-out.
    await page.goto(`${CITIZEN_PORTAL}/ui/#/applications`);
    await page.locator('[data-testid=signed-out]').waitFor();
    expect(await page.locator('[data-testid=who]').count()).toBe(0);
    expect(signedOutCalls).toEqual([]);
    await bothLanguages('signed-out', '[data-testid=signed-out]');
    // The last refresh token the page held was revoked: the provider refuses it.
    expect(refreshTokens.length).toBeGreaterThan(0);
    const refused = await fetch(`${ISSUER}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'simpul-citizen-portal', refresh_token: refreshTokens.at(-1) as string }).toString(),
    });
    expect(refused.status).toBe(400);
  });

  it('lets a counter officer file a birth for the mother who is present, with the code the provider sent her', async () => {
    await signInAs(page, COUNTER_OFFICER);
    await page.locator('[data-testid=counter-start]').waitFor();
    expect(await page.textContent('[data-testid=counter-mall]')).toContain('mpp-kota-bandung');
    await bothLanguages('counter-start', '[data-testid=counter-start]');

    // A NIK the provider has no account for is refused at the field.
    await page.fill('#counter-nik', '3273014506950009');
    await page.click('[data-testid=counter-start]');
    await page.locator('#counter-nik[aria-invalid=true]').waitFor();
    await page.fill('#counter-nik', MOTHER.nik);
    await page.click('[data-testid=counter-start]');
    await page.locator('[data-testid=counter-check]').waitFor();
    await bothLanguages('counter-check', '[data-testid=counter-check]');
    const code = await codeSentTo(MOTHER.nik);

    // The same form as the citizen's, empty at the counter (the family card is read for the citizen themselves only).
    await page.click('[data-testid=apply-BIRTH]');
    await page.locator('[data-testid=counter-presence]').waitFor();
    expect(await page.inputValue('[data-path=kkNumber]')).toBe('');
    expect(await page.inputValue('[data-path=motherNik]')).toBe('');
    await page.locator('[data-testid=counter-consent-note]').waitFor();
    await bothLanguages('counter-form', '[data-testid=submit]');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.fill('[data-path=kkNumber]', DEMO_FAMILIES.member.kkNumber);
    await page.fill('[data-path=motherNik]', MOTHER.nik);
    await page.fill('[data-path="child.name"]', `Loket ${randomUUID().replace(/[^a-f]/g, '').slice(0, 6)}`);
    await page.selectOption('[data-path="child.sex"]', 'M');
    await page.fill('[data-path="child.birthDate"]', yesterday);
    await page.fill('[data-path="child.birthPlace"]', 'Kota Bandung');
    await page.check('#consent-enrol-newborn');

    // A wrong code is refused at the code's field; the one the mother reads out files the application.
    await page.fill('#presence-code', code === '000000' ? '111111' : '000000');
    await page.click('[data-testid=submit]');
    await page.locator('#presence-code[aria-invalid=true]').waitFor();
    await page.fill('#presence-code', code);
    await page.click('[data-testid=submit]');
    await page.waitForURL(/#\/applications\/[0-9a-f-]{36}$/);
    const receipt = page.locator('[data-testid=counter-receipt]');
    await receipt.waitFor();
    expect(await receipt.textContent()).toContain(`${COUNTER_OFFICER} · mpp-kota-bandung · MPP_COUNTER`);
    await bothLanguages('counter-application', '[data-testid=counter-receipt]');

    // The application records the officer and the mall from the sign-in, and the officer follows it live to its end.
    const appId = /applications\/([0-9a-f-]{36})$/.exec(page.url())?.[1] as string;
    const view = await waitForApplication(await token('citizen', MOTHER.nik), appId, () => true, 'the counter filing');
    expect(view).toMatchObject({ channel: 'MPP_COUNTER', assistedBy: { officerId: COUNTER_OFFICER, mallId: 'mpp-kota-bandung' } });
    await page.locator('[data-testid=status][data-status=COMPLETED]').waitFor({ timeout: 180_000 });
    await signOut();
  });
});
