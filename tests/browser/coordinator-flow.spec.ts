/// <reference lib="dom" />
// A coordinator's case in a real browser, from the report to the first follow-up: anna signs in
// through the OpenID provider's login page, finds the new report in her inbox, opens the case page
// and takes each step through its form (the forms post JSON to the same API endpoints API clients
// use). Refused forms keep what was typed and say why beside the field. Sofie approves through her
// API client where four eyes are needed. A partner opening the case gets the 404 page.
import type { Locator, Page } from 'playwright-core';
import { checkAndCapture, useBrowserSessions } from '../support/browser';
import { eventually } from '../support/test-env';

const h = useBrowserSessions('browser-case', ['anna', 'sofie']);
const { as, cases } = h;

const STEP_TIMEOUT = 60_000;

/** Submits a form (with `button`, or its submit button) and waits for the page to reload; a refusal fails with its text. */
async function submit(page: Page, form: Locator, button?: Locator): Promise<void> {
  const loaded = page.waitForEvent('load', { timeout: STEP_TIMEOUT });
  await (button ?? form.locator('button[type="submit"]').first()).click();
  const shown = form.locator('.form-error:not([hidden]), .field-error:not([hidden])').first();
  const refused = shown.waitFor({ timeout: STEP_TIMEOUT }).then(async () => {
    const field = await shown.evaluate((e) => e.closest('.field')?.querySelector('[name]')?.getAttribute('name') ?? '(the form)');
    throw new Error(`the form ${await form.getAttribute('aria-label')} was refused: ${field} ${await shown.textContent()}`);
  });
  loaded.catch(() => undefined);
  refused.catch(() => undefined);
  await Promise.race([loaded, refused]);
}

/** Submits a form and waits for the page it reloads to show `shown`. */
async function submitAndSee(page: Page, form: Locator, shown: string): Promise<void> {
  await submit(page, form);
  await page.locator(shown).first().waitFor({ timeout: STEP_TIMEOUT });
}

/** Reloads the page until `selector` shows (the read model follows the workflows a moment later). */
async function reloadUntil(page: Page, selector: string, what: string): Promise<void> {
  await eventually(
    async () => {
      await page.reload();
      return (await page.locator(selector).count()) > 0;
    },
    { timeoutMs: STEP_TIMEOUT, intervalMs: 1000, what },
  );
}

it('takes a reported case from the inbox through assessment, measure, plan and follow-up on the case page, in Danish', async () => {
  const caseId = await cases.reportedCase();
  const { page } = await h.signedInPage('anna', { returnTo: '/app/inbox?kind=urgency-assessment' });
  // The inbox lists the new report's urgency assessment; its link opens the case page.
  // Other test files' reports share the list: the new one may be on a later page (by due time, it is among the last).
  const link = page.locator(`#inbox-region a[href="/app/cases/${caseId}"]`).first();
  await eventually(
    async () => {
      await page.goto(`${h.api.url}/app/inbox?kind=urgency-assessment`);
      for (;;) {
        if ((await link.count()) > 0) return true;
        const next = page.locator('#inbox-region .pager a', { hasText: 'Næste side' });
        if ((await next.count()) === 0) return false;
        await Promise.all([page.waitForEvent('load'), next.click()]);
      }
    },
    { timeoutMs: STEP_TIMEOUT, intervalMs: 1000, what: "the new report in anna's inbox" },
  );
  await Promise.all([page.waitForURL(`${h.api.url}/app/cases/${caseId}`), link.click()]);
  expect(await page.getAttribute('html', 'lang')).toBe('da');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Sag ${caseId.slice(0, 8)}`);
  expect(await page.locator('#case-phase').getAttribute('data-phase')).toBe('intake');
  expect(await page.locator('#next').textContent()).toContain('Vurdering inden for 24 timer');
  expect(await page.locator('#next').textContent()).toContain('Barnets Lov § 136');

  // The 24-hour urgency assessment (BL § 136).
  const urgency = page.locator('#step-urgency form');
  await urgency.getByLabel('Er barnet i fare?').selectOption('false');
  await urgency.getByLabel('Er der brug for akut hjælp?').selectOption('false');
  await submitAndSee(page, urgency, '#case-urgency');
  expect(await page.locator('#case-urgency').textContent()).toContain('Barnet i fare: Nej');
  expect(await page.locator('#step-urgency').count()).toBe(0);
  expect(await page.locator('#timeline').textContent()).toContain('Vurdering inden for 24 timer registreret');

  // Triage refused first: the reason is missing. The error stands beside the field, the choice stays.
  const triage = page.locator('#step-triage form');
  await triage.getByLabel('Beslutning').selectOption('assessment');
  await triage.locator('button[type="submit"]').click();
  const reasonError = triage.locator('.field:has(textarea[name="reason"]) .field-error');
  await reasonError.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  expect(await reasonError.textContent()).toBe('Skal udfyldes');
  expect(await triage.locator('textarea[name="reason"]').getAttribute('aria-invalid')).toBe('true');
  expect(await triage.getByLabel('Beslutning').inputValue()).toBe('assessment');
  // Then with the reason: the case moves to the child-welfare assessment.
  await triage.locator('textarea[name="reason"]').fill('Bekymring for trivsel i skolen');
  await submitAndSee(page, triage, '#case-triage');
  expect(await page.locator('#case-phase').getAttribute('data-phase')).toBe('assessment');
  expect(await page.locator('#case-triage').textContent()).toContain('Børnefaglig undersøgelse');

  // The assessment before the child conversation is refused (409): the Danish reason, nothing typed lost.
  const assessment = page.locator('#step-assessment form');
  await assessment.getByLabel('Konklusion').selectOption('measures-needed');
  await assessment.getByLabel('Sammenfatning').fill('Familien har brug for støtte i hverdagen');
  await assessment.locator('button[type="submit"]').click();
  const formError = assessment.locator('.form-error');
  await formError.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  expect(await formError.textContent()).toContain('Der skal først være holdt en børnesamtale');
  expect(await assessment.getByLabel('Sammenfatning').inputValue()).toBe('Familien har brug for støtte i hverdagen');
  expect(await assessment.getByLabel('Konklusion').inputValue()).toBe('measures-needed');

  // The child conversation (BL § 5), then the assessment goes through.
  await submitAndSee(page, page.locator('#step-conversation form'), '#timeline li[data-event="child-conversation.held"]');
  expect(await page.locator('#case-conversations').textContent()).toBe('1');
  const assessment2 = page.locator('#step-assessment form');
  await assessment2.getByLabel('Konklusion').selectOption('measures-needed');
  await assessment2.getByLabel('Sammenfatning').fill('Familien har brug for støtte i hverdagen');
  await submitAndSee(page, assessment2, '#case-assessment');
  expect(await page.locator('#case-phase').getAttribute('data-phase')).toBe('decision');
  expect(await page.locator('#step-assessment').count()).toBe(0);
  // A manual task: the case without a measure is closed or continued (here: continued, by hand).
  const closeOrContinue = page.locator('#next tr[data-kind="close-or-continue"]');
  expect(await closeOrContinue.count()).toBe(1);
  await submit(page, closeOrContinue.locator('form'));
  await page.locator('#timeline li[data-event="task.completed"]').first().waitFor({ timeout: STEP_TIMEOUT });
  expect(await page.locator('#next tr[data-kind="close-or-continue"]').count()).toBe(0);

  // A measure: the child heard again before the decision, then the proposal waits for a supervisor.
  await submitAndSee(page, page.locator('#step-conversation form'), '#case-conversations');
  expect(await page.locator('#case-conversations').textContent()).toBe('2');
  const measure = page.locator('#step-measure form');
  await measure.getByLabel('Type af foranstaltning').fill('familiebehandling');
  await measure.getByLabel('Trin på indsatstrappen').selectOption('3');
  await measure.getByLabel('Leverandør').fill('Familiehuset');
  await measure.getByLabel('Pris pr. måned i kroner').fill('12500');
  const end = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
  await measure.getByLabel('Planlagt slutdato').fill(end);
  await measure.getByLabel('Mål i barnets plan, som foranstaltningen tjener').fill('m1, m2');
  await submitAndSee(page, measure, '#decisions li[data-status="pending"]');
  const measureDecision = await page.locator('#decisions li[data-status="pending"]').first().getAttribute('data-decision');
  // anna proposed it: she sees no approval form (four eyes); sofie approves through the API.
  expect(await page.locator(`#approve-${measureDecision}`).count()).toBe(0);
  const approved = await as.sofie.post(`/cases/${caseId}/commands/decide-approval`, {
    decisionId: measureDecision,
    approved: true,
    reason: 'Godkendt',
  });
  expect(approved.status).toBe(200);
  await reloadUntil(page, 'article[data-measure] form[data-api$="/commands/record-follow-up"]', 'the measure and its follow-up');
  expect(await page.locator('#case-phase').getAttribute('data-phase')).toBe('measures');
  const card = page.locator('article[data-measure]').first();
  expect(await card.textContent()).toContain('12.500 kr.');
  expect(await card.textContent()).toContain('Trin 3');
  expect(await card.locator('.measure-tasks').textContent()).toContain('Opfølgning');
  expect(await card.locator('.measure-tasks').textContent()).toContain('Barnets Lov § 95');

  // The child's plan with two goals, the second added with the "add a goal" button.
  const plan = page.locator('#step-plan form');
  await plan.locator('[name="goals.0.description"]').fill('Barnet kommer i skole hver dag');
  await plan.locator('[name="goals.0.ownerDepartment"]').fill('Skole og PPR');
  await plan.locator('[name="goals.0.successMeasure"]').fill('Fremmøde over 95 %');
  await plan.getByRole('button', { name: 'Tilføj et mål' }).click();
  expect(await plan.locator('[name="goals.1.goalId"]').inputValue()).toBe('m2');
  await plan.locator('[name="goals.1.description"]').fill('Mor er i job eller uddannelse');
  await plan.locator('[name="goals.1.ownerDepartment"]').fill('Jobcenter');
  await plan.locator('[name="goals.1.successMeasure"]').fill('Ansat eller indskrevet');
  await submit(page, plan);
  await reloadUntil(page, '#plan-goals-table tr[data-goal="m2"]', 'the plan in the read model');
  expect(await page.locator('#plan-goals-table').textContent()).toContain('Mor er i job eller uddannelse');
  const planDecision = await page.locator('#decisions li[data-status="pending"]').first().getAttribute('data-decision');
  expect(
    (await as.sofie.post(`/cases/${caseId}/commands/decide-approval`, { decisionId: planDecision, approved: true, reason: 'Fin plan' }))
      .status,
  ).toBe(200);
  await page.reload();

  // The follow-up: a score per goal and an agreed action with the school; the chart shows.
  const followUp = page.locator('article[data-measure] form[data-api$="/commands/record-follow-up"]').first();
  await followUp.locator('[name="scores.0.score"]').fill('3');
  await followUp.locator('[name="scores.1.score"]').fill('5');
  await followUp.getByRole('button', { name: 'Tilføj en aftalt handling' }).click();
  await followUp.locator('[name="agreedActions.0.description"]').fill('Skolen følger fremmødet ugentligt');
  await followUp.locator('[name="agreedActions.0.owner"]').selectOption('partner-school');
  await submit(page, followUp);
  await reloadUntil(page, '#score-chart svg g[data-goal="m2"]', 'the scores in the chart');
  expect(await page.locator('#score-chart svg title').textContent()).toBe('Målopfyldelse over tid');
  expect(await page.locator('#score-table').textContent()).toContain('Mor er i job eller uddannelse');
  expect(await page.locator('article[data-measure] .agreed-actions').textContent()).toContain('Skolen følger fremmødet ugentligt');
  expect(await page.locator('article[data-measure] .agreed-actions').textContent()).toContain('Skole og PPR');
  // A second meeting scores the same goals (now known as the measure's): one line per goal over time.
  const second = page.locator('article[data-measure] form[data-api$="/commands/record-follow-up"]').first();
  expect(await second.locator('input[type="checkbox"][name^="scores."]').count()).toBe(0);
  await second.locator('[name="scores.0.score"]').fill('6');
  await second.locator('[name="scores.1.score"]').fill('7');
  await submit(page, second);
  await reloadUntil(page, '#score-chart svg g[data-goal="m2"] path', 'the lines of the chart');
  expect(await page.locator('#score-chart svg path').count()).toBe(2);
  expect(await page.locator('#plan-goals-table tr[data-goal="m1"] td').last().textContent()).toBe('6');

  await checkAndCapture(page, 'case');

  // The case list.
  await page.goto(`${h.api.url}/app/cases?closed=false`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sager');
  expect(await page.locator('a[aria-current="page"]').textContent()).toBe('Sager');
  await checkAndCapture(page, 'case-list');
}, 480_000);

it("lets the team's supervisor assign the coordinator and approve a proposed measure through the case page", async () => {
  const caseId = await cases.reportedCase();
  // anna takes the case to a proposed measure through the API.
  const proposed = await cases.proposedMeasure(caseId, {
    type: 'kontaktperson',
    ladderStep: 2,
    provider: 'Ungeindsatsen',
    monthlyCost: 8000,
    startDate: new Date().toISOString(),
    plannedEnd: new Date(Date.now() + 90 * 86_400_000).toISOString(),
    goalIds: ['m1'],
  });
  const decisionId = proposed.decisionId;

  const { page } = await h.signedInPage('sofie', { returnTo: `/app/cases/${caseId}` });
  await page.waitForURL(`${h.api.url}/app/cases/${caseId}`);
  // The coordinator, chosen among the team's coordinators.
  const assign = page.locator('#step-assign form');
  await assign.getByLabel('Rådgiver', { exact: true }).selectOption({ label: 'Anna Kjær' });
  await submitAndSee(page, assign, '#case-coordinator');
  expect(await page.locator('#case-coordinator').textContent()).toBe('Anna Kjær');

  // Refusing without a reason is refused beside the reason; then approval with one.
  const approval = page.locator(`#approve-${decisionId}`);
  await approval.getByRole('button', { name: 'Afvis' }).click();
  const reasonError = approval.locator('.field-error').first();
  await reasonError.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  expect(await reasonError.textContent()).toBe('Skal udfyldes');
  await approval.getByLabel('Begrundelse').fill('Velbegrundet forslag');
  await submit(page, approval, approval.getByRole('button', { name: 'Godkend' }));
  await page.locator(`#decisions li[data-decision="${decisionId}"][data-status="approved"]`).waitFor({ timeout: STEP_TIMEOUT });
  expect(await page.locator(`#approve-${decisionId}`).count()).toBe(0);
}, 240_000);

it('answers a partner who opens a case page with the 404 page', async () => {
  const caseId = await cases.reportedCase();
  const { page } = await h.signedInPage('lene', { returnTo: `/app/cases/${caseId}` });
  await page.waitForURL(`${h.api.url}/app/cases/${caseId}`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Siden findes ikke, eller du har ikke adgang til den');
  expect(await page.locator('#overview').count()).toBe(0);
}, 120_000);
