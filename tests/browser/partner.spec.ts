/// <reference lib="dom" />
// A partner's page in a real browser: lene (jobcenter) signs in through the OpenID login page, sees
// the agreed action (aftalt handling) a follow-up meeting gave her department, marks it done, and it
// shows done. The case itself stays out of her reach: its page answers 404. Checked with axe-core.
import { randomUUID } from 'node:crypto';
import { checkAndCapture, useBrowserSessions } from '../support/browser';
import { sampleMeasure } from '../support/cases';
import { sql } from '../support/database';
import { eventually } from '../support/test-env';

const h = useBrowserSessions('browser-partner', ['anna', 'sofie']);
const { as, cases } = h;

/** A case driven to an approved measure, and a follow-up meeting that agrees an action with the jobcenter. */
async function jobcenterAction(description: string): Promise<{ caseId: string; actionId: string }> {
  const caseId = await cases.caseOf('anna', 'team-north', 'sofie');
  const url = `/cases/${caseId}/commands`;
  const proposed = await cases.proposedMeasure(caseId, sampleMeasure());
  const approved = await as.sofie.post(`${url}/decide-approval`, {
    decisionId: proposed.decisionId,
    approved: true,
    reason: 'ok',
  });
  expect(approved.status).toBe(200);
  const measureId = proposed.measureId;
  await eventually(async () => (await as.anna.get(`/measures/${measureId}`)).status === 200, { what: 'the measure' });
  const followUp = await as.anna.post(`/measures/${measureId}/commands/record-follow-up`, {
    scores: [],
    decision: 'continue',
    agreedActions: [
      { description, owner: 'partner-jobcenter' },
      { description: `Skolen følger fremmøde ${description}`, owner: 'partner-school' },
    ],
  });
  expect(followUp.status).toBe(200);
  const actionId = await eventually(
    async () =>
      (await sql<{ id: string }>('SELECT id FROM agreed_actions WHERE measure_id = $1 AND owner = $2', [measureId, 'partner-jobcenter']))[0]
        ?.id,
    { what: "the jobcenter's action in the read model", timeoutMs: 60_000 },
  );
  return { caseId, actionId };
}

it("shows lene the jobcenter's agreed action, lets her mark it done, and keeps the case out of her reach", async () => {
  const description = `Tilbyde mor et forløb i jobcentret ${randomUUID().slice(0, 8)}`;
  const { caseId, actionId } = await jobcenterAction(description);
  const { page } = await h.signedInPage('lene', { returnTo: '/app' });
  // /app sends a partner to her agreed actions.
  await page.waitForURL(`${h.api.url}/app/partner`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mine aftalte handlinger');
  const row = page.locator(`tr[data-action="${actionId}"]`);
  await row.waitFor();
  expect(await row.textContent()).toContain(description);
  expect(await row.getAttribute('data-status')).toBe('open');
  expect(await row.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  // Only her department's: the school's action of the same meeting is not shown.
  expect(await page.locator('body').textContent()).not.toContain(`Skolen følger fremmøde ${description}`);
  await checkAndCapture(page, 'partner');

  await row.getByRole('button', { name: 'Marker som udført' }).click();
  // The page reloads after the answer; the read model follows the workflow.
  await eventually(
    async () => {
      if ((await row.getAttribute('data-status').catch(() => null)) === 'done') return true;
      await page.reload();
      return (await row.getAttribute('data-status')) === 'done';
    },
    { what: 'the action shown done', timeoutMs: 60_000, intervalMs: 1000 },
  );
  expect(await row.textContent()).toContain('Udført');
  expect(await row.getByRole('button').count()).toBe(0);

  // Nothing else of the case: its page is out of her reach.
  const casePage = await page.goto(`${h.api.url}/app/cases/${caseId}`);
  expect(casePage?.status()).toBe(404);
}, 240_000);
