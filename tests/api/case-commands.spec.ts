// Commands over HTTP: the workflow's refusals become 400 (bad data, naming the field) or 409 (wrong phase).
import { postJson, sampleReport, postReport, getJson } from '../support/reports';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('case-commands', { api: {} });

it('runs a case through HTTP commands and answers refusals with 400 or 409', async () => {
  const { body: report } = await postReport(h.api.url, sampleReport());
  const caseUrl = `${h.api.url}/cases/${report.caseId}`;
  const view = await eventually(
    async () => {
      const r = await getJson(caseUrl);
      return r.status === 200 && r.body.reportIds.length === 1 ? r.body : undefined;
    },
    { what: 'the case to be readable' },
  );
  expect(view).toMatchObject({ phase: 'intake', policyVersion: 'statutory-2025.1' });
  expect(view.openTasks.map((t: any) => t.kind)).toEqual(['urgency-assessment']);

  // Wrong phase: 409 with the reason.
  const early = await postJson(`${caseUrl}/commands/submit-assessment`, { actor: 'radgiver', conclusion: 'no-measures', summary: 'x' });
  expect(early.status).toBe(409);
  expect(early.body).toMatchObject({ error: 'WrongPhase', message: 'Submitting the assessment is not possible in phase intake' });

  // Bad data: 400 naming the field.
  const bad = await postJson(`${caseUrl}/commands/record-urgency-assessment`, {
    actor: 'radgiver',
    childInDanger: 'maybe',
    acuteHelpNeeded: false,
  });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toBe('childInDanger must be true or false');
  expect((await postJson(`${caseUrl}/commands/record-urgency-assessment`, '[1]')).status).toBe(400);

  // Accepted: 200 with the new state.
  const ok = await postJson(`${caseUrl}/commands/record-urgency-assessment`, {
    actor: 'radgiver',
    childInDanger: false,
    acuteHelpNeeded: false,
  });
  expect(ok.status).toBe(200);
  expect(ok.body.urgency).toMatchObject({ childInDanger: false, onTime: true });
  const triage = await postJson(`${caseUrl}/commands/decide-triage`, { actor: 'radgiver', decision: 'close', reason: 'Ingen bekymring' });
  expect(triage.body.phase).toBe('closed');

  // Unknown things: 404; malformed ids: 400.
  expect((await postJson(`${caseUrl}/commands/fly-away`, { actor: 'x' })).status).toBe(404);
  expect((await getJson(`${h.api.url}/cases/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  expect((await getJson(`${h.api.url}/cases/not-a-uuid`)).body).toMatchObject({ statusCode: 400, message: 'caseId must be a UUID' });
});
