/// <reference lib="dom" />
// The way in and out, and the keyboard: the start page and the error pages pass axe-core in both
// languages; signing out goes through the provider's sign-out and leaves no session behind; and a
// step of a case is recorded with the keyboard alone (Tab to the form, type to choose, Enter to send).
import type { Page } from 'playwright-core';
import { checkAndCapture, useBrowserSessions } from '../support/browser';
import { eventually } from '../support/test-env';

const h = useBrowserSessions('browser-signout', ['anna']);
const { as, cases } = h;

/** Presses Tab until the element matching `selector` has the focus, as a keyboard user would reach it. */
async function tabTo(page: Page, selector: string, maxPresses = 80): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} was not reached with ${maxPresses} presses of Tab`);
}

it('signs anna out through the provider: the start page follows, and the pages ask her to sign in again', async () => {
  const { page } = await h.signedInPage('anna', { returnTo: '/app/inbox' });
  await page.getByRole('button', { name: 'Log ud' }).click();
  // The provider asks to confirm, then sends the browser back to Closer's start page.
  await page.getByRole('button', { name: /Ja, log mig ud/ }).click();
  await page.waitForURL(`${h.api.url}/`);
  expect(await page.getByRole('link', { name: 'Log ind' }).count()).toBe(1);
  await checkAndCapture(page, 'start');
  // No session is left: a page sends her to sign in (the provider's login page).
  await page.goto(`${h.api.url}/app/inbox`);
  await page.getByLabel(/Brugernavn/).waitFor();
  expect(new URL(page.url()).origin).not.toBe(h.api.url);
});

it("shows a page, not JSON, for a case out of reach, in the person's language", async () => {
  const { page } = await h.signedInPage('lene', { returnTo: '/app' });
  const caseId = await cases.reportedCase();
  const res = await page.goto(`${h.api.url}/app/cases/${caseId}`);
  expect(res?.status()).toBe(404);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('findes ikke');
  await checkAndCapture(page, 'not-found');
});

it('records the urgency assessment with the keyboard alone', async () => {
  const caseId = await cases.reportedCase();
  const { page } = await h.signedInPage('anna', { returnTo: `/app/cases/${caseId}` });
  await page.waitForURL(`${h.api.url}/app/cases/${caseId}`);
  await tabTo(page, '#step-urgency select[name="childInDanger"]');
  await page.keyboard.type('Nej');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement).name)).toBe('acuteHelpNeeded');
  await page.keyboard.type('Nej');
  await tabTo(page, '#step-urgency button[type="submit"]');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  const urgency = await eventually(
    async () => (await as.anna.get(`/cases/${caseId}`)).body?.urgency as { childInDanger: boolean; acuteHelpNeeded: boolean } | undefined,
    { what: 'the urgency assessment recorded' },
  );
  expect(urgency).toMatchObject({ childInDanger: false, acuteHelpNeeded: false });
  expect(await page.locator('#step-urgency').count()).toBe(0);
});
