/// <reference lib="dom" />
// The supervisor's board in a real browser: sofie signs in through the OpenID login page, opens her
// team's board, watches a report's urgency assessment turn overdue without reloading, and decides a
// plan (barnets plan) from the board's approval queue: a refusal without a reason is refused beside
// the reason field in Danish, an approval with one is recorded on the case. Checked with axe-core.
import { randomUUID } from 'node:crypto';
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { checkAndCapture, useBrowserSessions } from '../support/browser';
import { openCase, sampleMeasure } from '../support/cases';
import { sql } from '../support/database';
import { bornYearsAgo } from '../support/dates';
import { eventually } from '../support/test-env';
import { fastRule, testPolicy } from '../support/test-policy';

const h = useBrowserSessions('browser-board', ['anna', 'sofie', 'admin']);
const { as, cases } = h;

const measure = () => sampleMeasure({ goalIds: ['g1'], childBirthDate: bornYearsAgo(11) });

it('sends sofie from /app/board to her team board, and shows a report turning overdue without a reload', async () => {
  // Due in 40 s: the board shows it on time first, then the workflow's timer fires.
  const policy = testPolicy({ urgencyAssessment: fastRule(40, { remind: false, escalateEvery: 60 }) });
  const { caseId } = await openCase(h.client, h.taskQueue, policy);
  const assigned = await as.sofie.post(`/cases/${caseId}/commands/assign-coordinator`, {
    coordinatorId: DEMO_IDS.anna,
    teamId: 'team-north',
  });
  expect(assigned.status).toBe(200);
  const { page } = await h.signedInPage('sofie', { returnTo: '/app/board' });
  await page.waitForURL(`${h.api.url}/app/teams/team-north/board`);
  expect(await page.getAttribute('html', 'lang')).toBe('da');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tavle – Team Nord');
  expect(await page.getAttribute('nav a[aria-current="page"]', 'href')).toBe('/app/teams/team-north/board');
  // The board narrowed to this case (other test files' overdue tasks share Team Nord's lists, capped at 50).
  await page.goto(`${h.api.url}/app/teams/team-north/board?caseId=${caseId}`);
  // Waiting for its urgency assessment, on time, with the hours left; not among the overdue.
  const waiting = page.locator(`#board-urgency tr:has(a[href="/app/cases/${caseId}"])`);
  await eventually(
    async () => {
      if ((await waiting.count()) > 0) return true;
      await page.reload();
      return undefined;
    },
    { what: 'the case among the reports awaiting assessment' },
  );
  expect(await waiting.first().textContent()).not.toContain('Overskredet');
  expect(Number(await waiting.first().locator('[data-remaining-hours]').getAttribute('data-remaining-hours'))).toBeGreaterThan(0);
  expect(await page.locator(`#board-overdue a[href="/app/cases/${caseId}"]`).count()).toBe(0);
  // The caseload shows anna against her target, by name.
  expect(await page.locator(`#board-caseload tr[data-coordinator="${DEMO_IDS.anna}"]`).textContent()).toContain('Anna Kjær');

  // The deadline passes while the page stays open: a reload would lose the mark.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  await page.waitForFunction(
    (id) => !!document.querySelector(`#board-overdue tr:has(a[href="/app/cases/${id}"])`)?.textContent?.includes('Overskredet'),
    caseId,
    { timeout: 150_000 },
  );
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  const late = page.locator(`#board-overdue tr:has(a[href="/app/cases/${caseId}"])`).first();
  expect(await late.textContent()).toContain('Vurdering inden for 24 timer');
  expect(await late.textContent()).toContain('Barnets Lov § 136');
  expect(await late.getAttribute('class')).toContain('overdue');
}, 300_000);

it('lets sofie refuse only with a reason, and approve a plan from the board', async () => {
  // anna drives her case to a plan waiting for approval; sofie approves the measure through the API.
  const caseId = await cases.caseOf('anna', 'team-north', 'sofie');
  const url = `/cases/${caseId}/commands`;
  const proposed = await cases.proposedMeasure(caseId, measure());
  const measureApproved = await as.sofie.post(`${url}/decide-approval`, {
    decisionId: proposed.decisionId,
    approved: true,
    reason: 'Godkendt',
  });
  expect(measureApproved.status).toBe(200);
  const plan = await as.anna.post(`${url}/submit-plan`, {
    goals: [{ goalId: 'g1', description: 'Barnet trives i skolen', ownerDepartment: 'skole', successMeasure: 'Fremmøde over 90 %' }],
  });
  expect(plan.status).toBe(200);
  const decisionId = plan.body.result.decisionId as string;

  const { page } = await h.signedInPage('sofie', { returnTo: `/app/teams/team-north/board?caseId=${caseId}` });
  const card = page.locator(`#board-approvals article[data-subject="${decisionId}"]`);
  await eventually(
    async () => {
      if ((await card.count()) > 0) return true;
      await page.reload();
      return undefined;
    },
    { what: 'the plan in the approval queue' },
  );
  expect(await card.locator(`a[href="/app/cases/${caseId}"]`).count()).toBe(1);
  await checkAndCapture(page, 'board');

  // Refused without a reason: the API's refusal in Danish beside the reason field, and nothing decided.
  await card.getByRole('button', { name: 'Afvis' }).click();
  const reasonError = card.locator('.field:has(textarea[name="reason"]) .field-error');
  await reasonError.waitFor({ state: 'visible' });
  expect(await reasonError.textContent()).toBe('Skal udfyldes');
  expect(await card.locator('textarea[name="reason"]').getAttribute('aria-invalid')).toBe('true');
  const pending = await as.sofie.get(`/cases/${caseId}`);
  expect(pending.body.decisions.find((d: { decisionId: string }) => d.decisionId === decisionId).status).toBe('pending');

  // Approved with a reason: the page reloads and the plan has left the queue.
  await card.locator('textarea[name="reason"]').fill('Planen er konkret og realistisk');
  await Promise.all([page.waitForEvent('load'), card.getByRole('button', { name: 'Godkend' }).click()]);
  const decided = await eventually(
    async () => {
      const view = await as.sofie.get(`/cases/${caseId}`);
      const d = view.body.decisions.find((x: { decisionId: string }) => x.decisionId === decisionId);
      return d.status === 'approved' ? d : undefined;
    },
    { what: 'the plan approved' },
  );
  expect(decided).toMatchObject({ kind: 'plan', decidedBy: DEMO_IDS.supervisorNorth });
  await eventually(
    async () => {
      if ((await page.locator(`#board-approvals article[data-subject="${decisionId}"]`).count()) === 0) return true;
      await page.reload();
      return undefined;
    },
    { what: 'the plan to leave the queue' },
  );
}, 300_000);

it("lets sofie reassign one of a case's open tasks to another coordinator of the team, with a reason", async () => {
  const caseId = await cases.caseOf('anna', 'team-north', 'sofie');
  const { page } = await h.signedInPage('sofie', { returnTo: `/app/teams/team-north/board?caseId=${caseId}` });
  const row = page.locator(`#board-tasks tr[data-kind="urgency-assessment"]:has(a[href="/app/cases/${caseId}"])`);
  await eventually(
    async () => {
      if ((await row.count()) > 0) return true;
      await page.reload();
      return undefined;
    },
    { what: "the case's urgency task among the team's open tasks" },
  );
  const taskId = (await row.first().getAttribute('data-task'))!;
  expect(await row.first().textContent()).toContain('Anna Kjær');
  await row.first().locator('summary').click();
  const form = row.first().locator('form');
  await form.getByLabel('Ny rådgiver').selectOption(DEMO_IDS.mikkel);
  // Without a reason: refused beside the reason field.
  await form.locator('button[type="submit"]').click();
  const error = form.locator('.field:has(textarea[name="reason"]) .field-error');
  await error.waitFor({ state: 'visible' });
  expect(await error.textContent()).toBe('Skal udfyldes');
  await form.locator('textarea[name="reason"]').fill('Anna er på kursus');
  await Promise.all([page.waitForEvent('load'), form.locator('button[type="submit"]').click()]);
  await eventually(async () => (await sql('SELECT assignee_id FROM tasks WHERE id = $1', [taskId]))[0]?.assignee_id === DEMO_IDS.mikkel, {
    what: 'the task reassigned to mikkel',
  });
  const moved = page.locator(`#board-tasks tr[data-task="${taskId}"]`);
  await eventually(
    async () => {
      if (((await moved.textContent()) ?? '').includes('Mikkel Dahl')) return true;
      await page.reload();
      return undefined;
    },
    { what: 'the board to show mikkel' },
  );
}, 180_000);

it("offers the head of department every team's board, and keeps coordinators and other teams' supervisors out", async () => {
  const head = await h.signedInPage('hanne', { returnTo: '/app/board' });
  await head.page.waitForURL(`${h.api.url}/app/board`);
  expect(await head.page.locator('main a[href="/app/teams/team-north/board"]').textContent()).toBe('Team Nord');
  expect(await head.page.locator('main a[href="/app/teams/team-south/board"]').textContent()).toBe('Team Syd');
  for (const [who, status] of [
    ['anna', 403],
    ['jonas', 404],
  ] as const) {
    const { page } = await h.signedInPage(who, { returnTo: '/app/inbox' });
    const res = await page.goto(`${h.api.url}/app/teams/team-north/board`);
    expect({ who, status: res?.status() }).toEqual({ who, status });
  }
}, 180_000);

/** A coordinator of this test's own in Team Nord, added by the admin: handing their caseload over moves nobody else's. */
async function newCoordinator(): Promise<{ id: string; name: string }> {
  const tag = randomUUID().slice(0, 8);
  const name = `Rådgiver ${tag}`;
  const res = await as.admin.post('/admin/users', {
    username: `board-${tag}`,
    displayName: name,
    email: `board-${tag}@closer.test`,
    roles: ['coordinator'],
    teamId: 'team-north',
  });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, name };
}

it("hands a coordinator's families over from the board and shows how the handover went", async () => {
  const from = await newCoordinator();
  const to = await newCoordinator();
  const family = await as.sofie.post('/families', { coordinatorId: from.id, teamId: 'team-north' });
  expect(family.status).toBe(201);
  const familyId = family.body.familyId as string;
  const { page } = await h.signedInPage('sofie', { returnTo: '/app/teams/team-north/board' });
  const form = page.locator('#handover-form');
  await form.getByLabel('Fra rådgiver').selectOption(from.id);
  await form.getByLabel('Til rådgiver').selectOption(to.id);
  await form.getByLabel('Årsag').selectOption('sick-leave');
  await form.getByLabel('Begrundelse').fill('Langtidssygemelding');
  await Promise.all([
    page.waitForURL(/\/app\/teams\/team-north\/board\?handover=/),
    form.getByRole('button', { name: 'Start overdragelsen' }).click(),
  ]);
  // The progress is part of the live region: it turns to done without a reload.
  await page.waitForFunction(
    () => document.querySelector('#board-handover-progress')?.getAttribute('data-status') === 'completed',
    undefined,
    { timeout: 90_000 },
  );
  expect(await page.locator('#board-handover-progress').textContent()).toContain('1 familier og 0 sager flyttet');
  await eventually(async () => (await as.sofie.get(`/families/${familyId}`)).body?.coordinatorId === to.id, {
    what: 'the family with its new contact person',
  });
}, 180_000);
