/// <reference lib="dom" />
// The family page in a real browser: anna registers a family with herself as contact person and
// mikkel as deputy, links a child's case, then on the page registers an inquiry (henvendelse), adds
// two appointments that overlap (a conflict task appears), resolves the conflict and answers the
// inquiry on time. Checked with axe-core, in Danish and English.
import type { Page } from 'playwright-core';
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { checkAndCapture, useBrowserSessions } from '../support/browser';
import { eventually } from '../support/test-env';

const h = useBrowserSessions('browser-family', ['anna', 'sofie']);
const { as, cases } = h;

/** Reloads the page until the check holds (the workflow and the read model answer soon after a command). */
async function untilShown(page: Page, check: () => Promise<boolean>, what: string): Promise<void> {
  await eventually(
    async () => {
      if (await check()) return true;
      await page.reload();
      return undefined;
    },
    { what, timeoutMs: 60_000, intervalMs: 500 },
  );
}

/** A datetime-local value `hours` from now, in the browser's zone as typed by a person. */
function local(hours: number): string {
  const d = new Date(Date.now() + hours * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

it("shows a family's contact person, cases, inquiries and appointments, and works them through the page's forms", async () => {
  const created = await as.anna.post('/families', { coordinatorId: DEMO_IDS.anna, teamId: 'team-north', deputyId: DEMO_IDS.mikkel });
  expect(created.status).toBe(201);
  const familyId = created.body.familyId as string;
  const caseId = await cases.caseOf('anna', 'team-north', 'sofie');
  const linked = await as.anna.post(`/families/${familyId}/commands/link-child-case`, { caseId });
  expect(linked.status).toBe(200);

  const { page } = await h.signedInPage('anna', { returnTo: `/app/families/${familyId}` });
  await page.waitForURL(`${h.api.url}/app/families/${familyId}`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Familie ${familyId.slice(0, 8)}`);
  expect(await page.locator('[data-field="coordinator"]').textContent()).toBe('Anna Kjær');
  expect(await page.locator('[data-field="deputy"]').textContent()).toBe('Mikkel Dahl');
  // The child's case, with its phase from the read model.
  const caseRow = page.locator(`#family-cases tr[data-case="${caseId}"]`);
  await untilShown(
    page,
    async () => (await caseRow.count()) > 0 && !!(await caseRow.locator('[data-phase]').getAttribute('data-phase')),
    'the case row',
  );
  expect(await caseRow.locator(`a[href="/app/cases/${caseId}"]`).count()).toBe(1);

  // An inquiry by email, registered through the page: due by the end of the next weekday.
  const inquiryForm = page.locator('#family-new-inquiry');
  await inquiryForm.getByLabel('Kanal').selectOption('email');
  await Promise.all([page.waitForEvent('load'), inquiryForm.getByRole('button', { name: 'Registrér henvendelsen' }).click()]);
  const inquiry = page.locator('#family-inquiries tr[data-inquiry]');
  await untilShown(page, async () => (await inquiry.count()) === 1, 'the inquiry');
  expect(await inquiry.textContent()).toContain('E-mail');
  expect(await inquiry.locator('time').count()).toBeGreaterThanOrEqual(2);

  // Two appointments of different departments that overlap: a conflict to resolve.
  const addAppointment = async (department: string, from: number, to: number) => {
    const form = page.locator('#family-new-appointment');
    await form.locator('input[name="department"]').fill(department);
    await form.locator('input[name="start"]').fill(local(from));
    await form.locator('input[name="end"]').fill(local(to));
    await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: 'Tilføj aftalen' }).click()]);
  };
  await addAppointment('jobcenter', 48, 49);
  await untilShown(page, async () => (await page.locator('#family-appointments tr[data-appointment]').count()) === 1, 'the appointment');
  await addAppointment('sundhedspleje', 48.5, 50);
  const conflict = page.locator('#family-conflicts tr[data-kind="appointment-conflict"]');
  await untilShown(page, async () => (await conflict.count()) === 1, 'the conflict');
  expect(await conflict.textContent()).toContain('Overlappende aftaler');
  expect(await page.locator('#family-appointments tr[data-appointment]').count()).toBe(2);

  await checkAndCapture(page, 'family');

  // The conflict resolved, the inquiry answered: on time.
  await Promise.all([page.waitForEvent('load'), conflict.getByRole('button', { name: 'Markér som løst' }).click()]);
  await untilShown(page, async () => (await page.locator('#family-conflicts').count()) === 0, 'the conflict resolved');
  await Promise.all([page.waitForEvent('load'), inquiry.getByRole('button', { name: 'Registrér som besvaret' }).click()]);
  await untilShown(page, async () => ((await inquiry.textContent()) ?? '').includes('Besvaret'), 'the inquiry answered');
  expect(await inquiry.textContent()).toContain('Til tiden');
}, 300_000);

it('answers 404 for a family out of reach', async () => {
  const created = await as.anna.post('/families', { coordinatorId: DEMO_IDS.anna, teamId: 'team-north' });
  expect(created.status).toBe(201);
  const { page } = await h.signedInPage('freja', { returnTo: `/app/families/${created.body.familyId}` });
  const res = await page.goto(`${h.api.url}/app/families/${created.body.familyId}`);
  expect(res?.status()).toBe(404);
}, 120_000);
