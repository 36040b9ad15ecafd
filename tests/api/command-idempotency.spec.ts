// Commands over HTTP are idempotent and serialised: a retry with the same Idempotency-Key gets the
// first answer and changes nothing; two concurrent commands that conflict give one effect and one
// refusal; oversized or malformed input is refused at the edge and leaves the case running and unchanged.
import { randomUUID } from 'node:crypto';
import { sql } from '../support/database';
import { postJson, sampleReport, postReport, getJson } from '../support/reports';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('command-idempotency', { api: {} });

const send = (url: string, body: unknown, key?: string) => postJson(url, body, key ? { 'idempotency-key': key } : {});
const events = (caseId: string, type: string) =>
  sql<{ data: any }>('SELECT data FROM case_events WHERE case_id = $1 AND type = $2', [caseId, type]);

async function newCase(): Promise<{ caseId: string; url: string }> {
  const { body } = await postReport(h.api.url, sampleReport());
  const url = `${h.api.url}/cases/${body.caseId}`;
  await eventually(async () => (await getJson(url)).body.reportIds?.length === 1, { what: 'the case to be readable' });
  return { caseId: body.caseId, url };
}

it('applies a command sent twice, concurrently or after each other, with one key once', async () => {
  const { caseId, url } = await newCase();

  // Twice at the same moment, same key: one assignment, the same answer to both.
  const key = `assign-${randomUUID()}`;
  const assign = { actor: 'leder-lis', coordinatorId: 'radgiver-anna', teamId: 'team-a' };
  const [a, b] = await Promise.all([
    send(`${url}/commands/assign-coordinator`, assign, key),
    send(`${url}/commands/assign-coordinator`, assign, key),
  ]);
  expect([a.status, b.status]).toEqual([200, 200]);
  expect(b.body.result).toEqual(a.body.result);

  // Again later, same key: the first answer again, nothing new.
  const urgency = { actor: 'radgiver-anna', childInDanger: false, acuteHelpNeeded: false };
  const first = await send(`${url}/commands/record-urgency-assessment`, urgency, 'urgency-0001');
  const again = await send(`${url}/commands/record-urgency-assessment`, urgency, 'urgency-0001');
  expect([first.status, again.status]).toEqual([200, 200]);
  expect(again.body.result).toEqual(first.body.result);
  // The same command with a new key is a new command: refused now, as nothing waits for an urgency assessment.
  expect((await send(`${url}/commands/record-urgency-assessment`, urgency, 'urgency-0002')).status).toBe(409);

  // Two triage decisions at the same moment with different keys: one effect, one refusal.
  const triage = { actor: 'radgiver-anna', decision: 'assessment', reason: 'Bekymring for trivsel' };
  const both = await Promise.all([
    send(`${url}/commands/decide-triage`, triage, 'triage-0001'),
    send(`${url}/commands/decide-triage`, triage, 'triage-0002'),
  ]);
  expect(both.map((r) => r.status).sort()).toEqual([200, 409]);

  await eventually(async () => (await events(caseId, 'triage.decided')).length === 1, { what: 'the triage event' });
  expect(await events(caseId, 'case.coordinator-assigned')).toHaveLength(1);
  expect(await events(caseId, 'urgency-assessment.recorded')).toHaveLength(1);
  const tasks = await sql<{ kind: string }>("SELECT kind FROM tasks WHERE case_id = $1 AND kind = 'assessment'", [caseId]);
  expect(tasks).toHaveLength(1);

  // A measure proposed twice with one key is one decision with one approval task; two approvals at once are one.
  await send(`${url}/commands/record-child-conversation`, { actor: 'radgiver-anna' });
  await send(`${url}/commands/submit-assessment`, { actor: 'radgiver-anna', conclusion: 'measures-needed', summary: 'Behov for støtte' });
  await send(`${url}/commands/record-child-conversation`, { actor: 'radgiver-anna' });
  const measure = {
    type: 'familiebehandling',
    ladderStep: 3,
    provider: 'Familiehuset',
    monthlyCost: 14000,
    startDate: new Date().toISOString(),
    plannedEnd: new Date(Date.now() + 180 * 86_400_000).toISOString(),
    goalIds: [],
  };
  const proposals = await Promise.all([
    send(`${url}/commands/propose-measure`, { actor: 'radgiver-anna', measure }, 'propose-0001'),
    send(`${url}/commands/propose-measure`, { actor: 'radgiver-anna', measure }, 'propose-0001'),
  ]);
  expect(proposals.map((p) => p.status)).toEqual([200, 200]);
  expect(proposals[1].body.result.decisionId).toBe(proposals[0].body.result.decisionId);
  const { decisionId, measureId } = proposals[0].body.result;
  const approvals = await Promise.all(
    ['leder-lis', 'leder-bo'].map((actor, i) =>
      send(`${url}/commands/decide-approval`, { actor, decisionId, approved: true, reason: 'Godkendt' }, `approve-000${i}`),
    ),
  );
  expect(approvals.map((r) => r.status).sort()).toEqual([200, 409]);
  await eventually(async () => (await sql('SELECT id FROM measures WHERE id = $1', [measureId])).length === 1, { what: 'the measure' });
  expect(await events(caseId, 'decision.proposed')).toHaveLength(1);
  expect(await sql("SELECT id FROM tasks WHERE case_id = $1 AND kind = 'approval'", [caseId])).toHaveLength(1);
  expect((await events(caseId, 'measure.started')).length).toBe(1);
});

it('tells the family of a new contact person once, however often the change is sent', async () => {
  const contactEmail = `familie.${randomUUID().slice(0, 8)}@example.dk`;
  const created = await send(`${h.api.url}/families`, {
    actor: 'leder-lis',
    coordinatorId: 'radgiver-anna',
    teamId: 'team-a',
    contactEmail,
  });
  expect(created.status).toBe(201);
  const url = `${h.api.url}/families/${created.body.familyId}`;
  const change = { actor: 'leder-lis', coordinatorId: 'radgiver-bo', teamId: 'team-a', reason: 'Ny kontaktperson' };
  const sent = await Promise.all([
    send(`${url}/commands/set-coordinator`, change, 'contact-0001'),
    send(`${url}/commands/set-coordinator`, change, 'contact-0001'),
    send(`${url}/commands/set-coordinator`, change, 'contact-0002'),
  ]);
  // The same key twice shares one fate; the other key, arriving second, finds the change already made (409).
  expect(sent[0].status).toBe(sent[1].status);
  expect(sent.map((r) => r.status).sort()).toEqual(sent[2].status === 200 ? [200, 409, 409] : [200, 200, 409]);
  await eventually(async () => (await h.mail.messagesTo(contactEmail)).length >= 1, { what: 'the mail to the family' });
  expect((await getJson(url)).body).toMatchObject({ coordinatorId: 'radgiver-bo', coordinatorChanges: 1 });
  const told = await sql("SELECT id FROM case_events WHERE family_id = $1 AND type = 'family.told-new-contact'", [created.body.familyId]);
  expect(told).toHaveLength(1);
  expect(await h.mail.messagesTo(contactEmail)).toHaveLength(1);
});

it('refuses oversized and malformed input at the edge, and the case runs on unchanged', async () => {
  const { url } = await newCase();
  const before = (await getJson(url)).body;
  const huge = 'x'.repeat(500_000);
  for (let i = 0; i < 2; i++) {
    const r = await send(`${url}/commands/assign-coordinator`, { actor: huge, coordinatorId: 'radgiver-anna', teamId: 'team-a' });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('actor must be at most 100 characters');
  }
  const tooBig = await send(`${url}/commands/assign-coordinator`, { actor: 'x'.repeat(2_000_000) });
  expect(tooBig.status).toBe(413);
  expect((await send(`${url}/commands/assign-coordinator`, '{"actor": ')).status).toBe(400);
  const badKey = await send(`${url}/commands/assign-coordinator`, { actor: 'a', coordinatorId: 'b', teamId: 'c' }, 'no spaces allowed');
  expect(badKey.status).toBe(400);
  expect(badKey.body.message).toMatch(/^Idempotency-Key /);
  const unknown = await send(`${url}/commands/assign-coordinator`, { actor: 'a', coordinatorId: 'b', teamId: 'c', cpr: '0101011234' });
  expect(unknown.body).toMatchObject({ statusCode: 400, message: 'cpr is not a known field' });

  const after = await getJson(url);
  expect(after.status).toBe(200);
  expect(after.body).toMatchObject({ phase: before.phase, coordinatorChanges: 0, openTasks: before.openTasks });
  expect(after.body.coordinatorId).toBeUndefined();
});

it('publishes each command with its own request body in OpenAPI', async () => {
  const doc = (await getJson(`${h.api.url}/docs-json`)).body;
  const assign = doc.paths['/cases/{caseId}/commands/assign-coordinator'].post;
  expect(assign.requestBody.content['application/json'].schema).toMatchObject({
    type: 'object',
    required: expect.arrayContaining(['actor', 'coordinatorId', 'teamId']),
    additionalProperties: false,
    properties: { actor: { type: 'string', maxLength: 100 } },
  });
  expect(assign.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['caseId', 'Idempotency-Key']));
  expect(doc.paths['/measures/{measureId}/commands/record-follow-up'].post.requestBody).toBeDefined();
  expect(doc.paths['/families/{familyId}/commands/add-appointment'].post.requestBody).toBeDefined();
  expect(doc.paths['/cases/{caseId}/commands/{command}']).toBeUndefined();
});
