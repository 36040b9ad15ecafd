/// <reference lib="dom" />
// The coordinator's inbox in a real browser: anna signs in through the OpenID provider's login page,
// finds a new report's urgency assessment in her inbox, and watches a task turn overdue and escalated
// when its deadline passes, without reloading the page. Checked with axe-core, in Danish and English.
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { checkAndCapture, useBrowserSessions } from '../support/browser';
import { openCase } from '../support/cases';
import { fastRule, testPolicy } from '../support/test-policy';

const h = useBrowserSessions('browser-inbox', ['anna', 'sofie']);
const { as, cases } = h;

it('signs anna in through the OpenID login page and shows a new report in her inbox, by due time, in Danish', async () => {
  const caseId = await cases.reportedCase();
  const { page } = await h.signedInPage('anna', { returnTo: '/app' });
  // /app sends a coordinator to her inbox.
  await page.waitForURL(`${h.api.url}/app/inbox`);
  expect(await page.getAttribute('html', 'lang')).toBe('da');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Indbakke');
  // Sorted by due time: the due times down the page never go back.
  const due = await page.locator('#inbox-region tbody time').evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('datetime')!)));
  expect(due).toEqual([...due].sort((a, b) => a - b));
  await checkAndCapture(page, 'inbox');
  // Her inbox holds it as the intake team's unassigned urgency assessment, with its legal basis. (Other
  // test files' tasks share the database, and a page holds 50: the inbox narrowed to this case finds it.)
  await page.goto(`${h.api.url}/app/inbox?caseId=${caseId}`);
  const row = page.locator(`tr:has(a[href="/app/cases/${caseId}"])`);
  await row.first().waitFor();
  expect(await row.first().textContent()).toContain('Vurdering inden for 24 timer');
  expect(await row.first().textContent()).toContain('Barnets Lov § 136');
  expect(await row.first().textContent()).toContain('Ikke tildelt (rådgiver)');
});

it('marks a task overdue and escalated when its deadline passes, and updates the counts without a reload', async () => {
  // Due in 40 s: the page shows it on time first, then the workflow's timer fires.
  const policy = testPolicy({ urgencyAssessment: fastRule(40, { remind: false, escalateEvery: 60 }) });
  const { caseId } = await openCase(h.client, h.taskQueue, policy);
  const assigned = await as.sofie.post(`/cases/${caseId}/commands/assign-coordinator`, {
    coordinatorId: DEMO_IDS.anna,
    teamId: 'team-north',
  });
  expect(assigned.status).toBe(200);
  const { page } = await h.signedInPage('anna', { returnTo: `/app/inbox?caseId=${caseId}` });
  const row = page.locator(`tr:has(a[href="/app/cases/${caseId}"])`);
  await row.first().waitFor();
  // On time when the page was opened; then the deadline passes while it stays open.
  expect(await row.first().textContent()).not.toContain('Overskredet');
  const overdueBefore = Number(await page.locator('[data-count="overdue"] strong').textContent());
  // Marks the document: a reload would lose the mark.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  await page.waitForFunction(
    (id) => document.querySelector(`tr:has(a[href="/app/cases/${id}"])`)?.textContent?.includes('Overskredet'),
    caseId,
    { timeout: 120_000 },
  );
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  // The counts came along with the list: this task is now among the overdue.
  expect(Number(await page.locator('[data-count="overdue"] strong').textContent())).toBeGreaterThanOrEqual(Math.max(1, overdueBefore));
  expect(await row.first().textContent()).toMatch(/Eskaleret niveau 1/);
  expect(await row.first().getAttribute('class')).toContain('overdue');
}, 240_000);
