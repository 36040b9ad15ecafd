/// <reference lib="dom" />
// The admin's pages in a real browser: every page passes axe-core in Danish and English; an absence
// with a stand-in is registered (and removed) through the form; a form the API refuses shows the
// Danish reason next to the field; a case's workflow link opens it in Temporal UI. And a coordinator
// chooses a daily digest on the notifications page.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { checkAndCapture, useBrowserSessions } from '../support/browser';

const h = useBrowserSessions('browser-admin', ['anna', 'admin', 'mikkel']);
const { as, cases } = h;

/** A fresh coordinator of Team Syd, so the test's absences touch nobody else. */
async function freshUser(): Promise<{ id: string; displayName: string }> {
  const tag = randomUUID().slice(0, 8);
  const displayName = `Web Test ${tag}`;
  const res = await as.admin.post('/admin/users', {
    username: `web-${tag}`,
    displayName,
    email: `web-${tag}@example.dk`,
    roles: ['coordinator'],
    teamId: 'team-south',
  });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, displayName };
}

/** A datetime-local value for the browser's own clock. */
const localInput = (page: Page, ms: number) =>
  page.evaluate((at) => {
    const d = new Date(at);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, ms);

it('shows every admin page accessibly, in Danish and English', async () => {
  const caseId = await cases.reportedCase();
  // A read of the case, so its audit has a record.
  expect((await as.anna.get(`/cases/${caseId}`)).status).toBe(200);
  const user = await freshUser();
  const { page } = await h.signedInPage('admin', { returnTo: '/app' });
  // /app sends an admin to the users.
  await page.waitForURL(`${h.api.url}/app/admin/users`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Brugere');
  const anna = page.locator(`tr[data-user="${DEMO_IDS.anna}"]`);
  expect(await anna.textContent()).toContain('Anna Kjær');
  expect(await anna.textContent()).toContain('Team Nord');
  expect(await page.locator(`tr[data-user="${DEMO_IDS.lene}"]`).textContent()).toContain('Jobcenter');
  await checkAndCapture(page, 'admin-users');

  await page.goto(`${h.api.url}/app/admin/teams`);
  const north = page.locator('tr[data-team="team-north"]');
  expect(await north.textContent()).toContain('Sofie Lund');
  expect(await north.textContent()).toContain('Mikkel Dahl');
  expect(await north.textContent()).toContain('Modtagelsesteam');
  await checkAndCapture(page, 'admin-teams');

  await page.goto(`${h.api.url}/app/admin/policies`);
  expect(await page.locator('tr[data-policy]').count()).toBeGreaterThan(0);
  // The reported case runs on a policy: at least one running case is counted.
  const running = await page.locator('tr[data-policy] td[data-running]').allTextContents();
  expect(running.map(Number).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  await checkAndCapture(page, 'admin-policies');

  await page.goto(`${h.api.url}/app/admin/dead-letters`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Fejlede opgaver');
  await checkAndCapture(page, 'admin-dead-letters');

  await page.goto(`${h.api.url}/app/admin/audit?caseId=${caseId}`);
  const read = page.locator('table#audit tbody tr', { hasText: 'case.read' });
  await read.first().waitFor();
  expect(await read.first().textContent()).toContain('Anna Kjær');
  await checkAndCapture(page, 'admin-audit');

  await page.goto(`${h.api.url}/app/admin/cases?caseId=${caseId}`);
  const row = page.locator(`tr[data-case="${caseId}"]`);
  expect(await row.locator('a[data-workflow-link]').getAttribute('href')).toMatch(
    new RegExp(`/namespaces/[^/]+/workflows/case-${caseId}$`),
  );
  expect(await row.getByRole('link', { name: /Adgangslog/ }).getAttribute('href')).toBe(`/app/admin/audit?caseId=${caseId}`);
  await checkAndCapture(page, 'admin-cases');

  await page.goto(`${h.api.url}/app/admin/users/${user.id}`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(user.displayName);
  await checkAndCapture(page, 'admin-user');
}, 240_000);

it('registers an absence with a stand-in through the form, shows it, and removes it', async () => {
  const user = await freshUser();
  const { page } = await h.signedInPage('admin', { returnTo: `/app/admin/users/${user.id}` });
  await page.waitForURL(`${h.api.url}/app/admin/users/${user.id}`);
  expect(await page.locator('#absent-now').textContent()).toContain('Ikke fraværende');
  const form = page.locator('#add-absence');
  await form.getByLabel('Fra').fill(await localInput(page, Date.now() - 3600_000));
  await form.getByLabel('Til').fill(await localInput(page, Date.now() + 3 * 86_400_000));
  await form.getByLabel('Stedfortræder').selectOption(DEMO_IDS.omar);
  await form.getByLabel('Årsag').fill('Kursus');
  await form.getByRole('button', { name: 'Registrér' }).click();
  // The page reloads with the absence listed, and the user absent now with Omar standing in.
  const absence = page.locator(`tr[data-absence]:has(td[data-stand-in="${DEMO_IDS.omar}"])`);
  await absence.waitFor({ timeout: 30_000 });
  expect(await absence.textContent()).toContain('Omar Haddad');
  expect(await absence.textContent()).toContain('Kursus');
  expect(await page.locator('#absent-now').textContent()).toContain('Omar Haddad');
  const listed = await as.admin.get(`/admin/users/${user.id}/absences`);
  expect(listed.body).toEqual([expect.objectContaining({ standInId: DEMO_IDS.omar, reason: 'Kursus' })]);

  // Removed with its button (DELETE): gone from the page and the API.
  await absence.getByRole('button', { name: 'Fjern' }).click();
  await page.locator('tr[data-absence]').first().waitFor({ state: 'detached', timeout: 30_000 });
  expect((await as.admin.get(`/admin/users/${user.id}/absences`)).body).toEqual([]);
}, 120_000);

it("shows the API's refusal in Danish next to the field, and keeps what was typed", async () => {
  const tag = randomUUID().slice(0, 8);
  const { page } = await h.signedInPage('admin', { returnTo: '/app/admin/users' });
  await page.waitForURL(`${h.api.url}/app/admin/users`);
  const form = page.locator('#create-user');
  await form.getByLabel('Brugernavn').fill(`web-${tag}`);
  await form.getByLabel('Navn', { exact: true }).fill(`Web Afvist ${tag}`);
  await form.getByLabel('E-mail').fill('ikke-en-mail');
  await form.getByLabel('rådgiver', { exact: true }).check();
  await form.getByRole('button', { name: 'Opret' }).click();
  const email = form.locator('input[name="email"]');
  const error = form.locator('.field:has(input[name="email"]) .field-error');
  await error.waitFor({ state: 'visible', timeout: 30_000 });
  expect(await error.textContent()).toBe('Har ikke den rigtige form');
  expect(await email.getAttribute('aria-invalid')).toBe('true');
  expect(await email.inputValue()).toBe('ikke-en-mail');
  // Nothing was created.
  const users = await as.admin.get('/admin/users');
  expect(users.body.map((u: { username: string }) => u.username)).not.toContain(`web-${tag}`);
}, 120_000);

// Only where the stack has a Temporal Web UI: `npm test` sets CLOSER_TEMPORAL_UI=1 on the CLI's dev
// server; the real server (CLOSER_TEMPORAL=server) has none, and there this test is skipped.
const withTemporalUi = process.env.CLOSER_TEMPORAL_UI === '1' ? it : it.skip;

withTemporalUi(
  "opens a case's workflow in Temporal UI from the admin's case list",
  async () => {
    const caseId = await cases.reportedCase();
    const { page } = await h.signedInPage('admin', { returnTo: `/app/admin/cases?caseId=${caseId}` });
    await page.waitForURL(`${h.api.url}/app/admin/cases?caseId=${caseId}`);
    await page.locator(`tr[data-case="${caseId}"] a[data-workflow-link]`).click();
    await page.waitForURL((u) => !u.toString().startsWith(h.api.url), { timeout: 30_000 });
    // Temporal UI is a single-page app: the workflow id appears once it has loaded the workflow.
    await page.waitForFunction((id) => document.body?.innerText.includes(id), `case-${caseId}`, { timeout: 90_000 });
  },
  180_000,
);

it('lets a coordinator choose a daily digest at 07:30 and shows it chosen after a reload', async () => {
  const { page } = await h.signedInPage('mikkel', { returnTo: '/app/notifications' });
  try {
    await page.waitForURL(`${h.api.url}/app/notifications`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Notifikationer');
    const form = page.locator('#notification-settings');
    await form.getByLabel('Én samlet mail om dagen (dagligt overblik)').check();
    await form.getByLabel('Tidspunkt for det daglige overblik').fill('07:30');
    await form.getByRole('button', { name: 'Gem' }).click();
    // Saved, then the page reloads with the choice.
    await page.waitForFunction(() => document.querySelector('#notification-choice')?.getAttribute('data-mode') === 'digest', null, {
      timeout: 30_000,
    });
    await page.reload();
    expect(await page.locator('#notification-choice').getAttribute('data-digest-time')).toBe('07:30');
    expect(await page.locator('#notification-choice').textContent()).toContain('dagligt overblik kl. 07:30');
    expect(await page.locator('#mode-digest').isChecked()).toBe(true);
    expect(await page.locator('#mode-immediate').isChecked()).toBe(false);
    expect(await form.getByLabel('Tidspunkt for det daglige overblik').inputValue()).toBe('07:30');
    await checkAndCapture(page, 'notifications');
  } finally {
    // Mikkel hears of his tasks at once again, as the other tests expect.
    await as.mikkel.put('/me/notification-settings', { mode: 'immediate' });
  }
}, 120_000);
