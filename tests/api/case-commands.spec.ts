// Commands over HTTP: the workflow's refusals become 400 (bad data, naming the field) or 409 (wrong phase).
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { caseEvents } from '../support/cases';
import { eventually } from '../support/test-env';
import { useSignedInApi } from '../support/workflow-harness';

const h = useSignedInApi('case-commands', ['anna']);
const { as } = h;
const { reportedCase } = h.cases;

it('runs a case through HTTP commands and answers refusals with 400 or 409', async () => {
  // A new report's case belongs to the intake team until it is assigned: anna works there.
  const caseId = await reportedCase();
  const caseUrl = `/cases/${caseId}`;
  const view = await eventually(
    async () => {
      const r = await as.anna.get(caseUrl);
      return r.status === 200 && r.body.reportIds.length === 1 ? r.body : undefined;
    },
    { what: 'the case to be readable' },
  );
  expect(view).toMatchObject({ phase: 'intake', policyVersion: 'statutory-2025.1' });
  expect(view.openTasks.map((t: any) => t.kind)).toEqual(['urgency-assessment']);

  // Wrong phase: 409 with the reason.
  const early = await as.anna.post(`${caseUrl}/commands/submit-assessment`, { conclusion: 'no-measures', summary: 'x' });
  expect(early.status).toBe(409);
  expect(early.body).toMatchObject({ error: 'WrongPhase', message: 'Submitting the assessment is not possible in phase intake' });

  // Bad data: 400 naming the field.
  const bad = await as.anna.post(`${caseUrl}/commands/record-urgency-assessment`, { childInDanger: 'maybe', acuteHelpNeeded: false });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toBe('childInDanger must be true or false');
  // The field and the kind of problem besides the sentence: the web pages say it next to the field, in Danish.
  expect(bad.body).toMatchObject({ field: 'childInDanger', problem: 'type' });
  const long = await as.anna.post(`${caseUrl}/commands/decide-triage`, { decision: 'maybe', reason: 'x' });
  expect(long.body).toMatchObject({
    statusCode: 400,
    field: 'decision',
    problem: 'one-of',
    values: ['close', 'screening', 'assessment', 'acute-measure'],
  });
  expect((await as.anna.post(`${caseUrl}/commands/record-urgency-assessment`, '[1]')).status).toBe(400);

  // Accepted: 200 with the new state, recorded as done by the person signed in.
  const ok = await as.anna.post(`${caseUrl}/commands/record-urgency-assessment`, { childInDanger: false, acuteHelpNeeded: false });
  expect(ok.status).toBe(200);
  expect(ok.body.urgency).toMatchObject({ childInDanger: false, onTime: true });
  const triage = await as.anna.post(`${caseUrl}/commands/decide-triage`, { decision: 'close', reason: 'Ingen bekymring' });
  expect(triage.body.phase).toBe('closed');
  const recorded = await eventually(async () => (await caseEvents(caseId)).find((e) => e.type === 'urgency-assessment.recorded'), {
    what: 'the urgency assessment in the read model',
  });
  expect(recorded.actor).toBe(DEMO_IDS.anna);

  // Unknown things: 404; malformed ids: 400.
  expect((await as.anna.post(`${caseUrl}/commands/fly-away`, {})).status).toBe(404);
  expect((await as.anna.get('/cases/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  expect((await as.anna.get('/cases/not-a-uuid')).body).toMatchObject({ statusCode: 400, message: 'caseId must be a UUID' });
});
