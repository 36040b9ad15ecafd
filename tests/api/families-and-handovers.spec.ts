// The family and handover endpoints, and the case's outcome, over real HTTP: registering a family
// (idempotent by key), inquiries by any channel, appointment conflicts resolved, references that must
// exist, a handover that reports what it could not move, and a closed case that answers 409.
import { randomUUID } from 'node:crypto';
import { sql } from '../support/database';
import { postJson, sampleReport, getJson } from '../support/reports';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('families-and-handovers', { api: {} });

const post = (path: string, body: unknown, key?: string) => postJson(`${h.api.url}${path}`, body, key ? { 'idempotency-key': key } : {});

async function familyCount(): Promise<number> {
  return (await h.client.workflow.count(`TaskQueue = '${h.taskQueue}' AND WorkflowType = 'familyWorkflow'`)).count;
}

/** A case opened the way a reporter opens one, readable through the API. */
async function newCase(): Promise<string> {
  const { body } = await postJson(`${h.api.url}/reports`, sampleReport());
  await eventually(async () => (await getJson(`${h.api.url}/cases/${body.caseId}`)).body.reportIds?.length === 1, {
    what: 'the case to be readable',
  });
  return body.caseId;
}

/** Closes a case at triage (no further action), over HTTP. */
async function closeAtTriage(caseId: string): Promise<void> {
  const url = `/cases/${caseId}/commands`;
  expect((await post(`${url}/record-urgency-assessment`, { actor: 'radgiver', childInDanger: false, acuteHelpNeeded: false })).status).toBe(
    200,
  );
  const closed = await post(`${url}/decide-triage`, { actor: 'radgiver', decision: 'close', reason: 'Ingen bekymring' });
  expect(closed.body.phase).toBe('closed');
}

it('registers a family once per Idempotency-Key, and refuses a contact person without a team before anything is created', async () => {
  // Refused first, while this API has created no family yet: nothing may be left behind.
  const half = await post('/families', { actor: 'leder', coordinatorId: 'radgiver-lise' }, `family-${randomUUID()}`);
  expect(half.status).toBe(400);
  expect(half.body.message).toMatch(/coordinatorId/);
  const badMail = await post('/families', { actor: 'leder', contactEmail: 'not-an-address' });
  expect(badMail.status).toBe(400);
  expect(badMail.body.message).toMatch(/^contactEmail/);

  const key = `family-${randomUUID()}`;
  const body = { actor: 'leder', coordinatorId: 'radgiver-lise', teamId: 'team-a', deputyId: 'radgiver-per' };
  const created = await post('/families', body, key);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ coordinatorId: 'radgiver-lise', teamId: 'team-a', deputyId: 'radgiver-per', coordinatorChanges: 0 });
  const again = await post('/families', body, key);
  expect(again.status).toBe(201);
  expect(again.body.familyId).toBe(created.body.familyId);
  expect(again.body.coordinatorChanges).toBe(0);
  const read = await getJson(`${h.api.url}/families/${created.body.familyId}`);
  expect(read).toMatchObject({ status: 200, body: { familyId: created.body.familyId, coordinatorId: 'radgiver-lise' } });

  // Once the family that was created is visible, it is the only one: the refusal started none.
  await eventually(async () => (await familyCount()) >= 1, { what: 'the family in the visibility store' });
  expect(await familyCount()).toBe(1);
  const [row] = await sql<{ coordinator_id: string; coordinator_changes: number }>(
    'SELECT coordinator_id, coordinator_changes FROM families WHERE id = $1',
    [created.body.familyId],
  );
  expect(row).toEqual({ coordinator_id: 'radgiver-lise', coordinator_changes: 0 });
});

it('registers an inquiry by letter with its response task, and refuses a bad channel or an unknown family', async () => {
  const { body: family } = await post('/families', { actor: 'leder', coordinatorId: 'radgiver-lise', teamId: 'team-a' });
  const key = `inquiry-${randomUUID()}`;
  const registered = await post(`/families/${family.familyId}/inquiries`, { channel: 'letter' }, key);
  expect(registered.status).toBe(202);
  expect(registered.body).toMatchObject({ familyId: family.familyId, channel: 'letter' });
  const { inquiryId } = registered.body;
  expect((await post(`/families/${family.familyId}/inquiries`, { channel: 'letter' }, key)).body.inquiryId).toBe(inquiryId);

  const view = await eventually(
    async () => {
      const r = await getJson(`${h.api.url}/families/${family.familyId}`);
      return r.body.inquiries?.length ? r.body : undefined;
    },
    { what: 'the inquiry on the family' },
  );
  expect(view.inquiries).toEqual([expect.objectContaining({ inquiryId, channel: 'letter' })]);
  expect(view.openTasks).toEqual([
    expect.objectContaining({ kind: 'inquiry-response', subjectId: inquiryId, assigneeId: 'radgiver-lise' }),
  ]);

  const pigeon = await post(`/families/${family.familyId}/inquiries`, { channel: 'pigeon' });
  expect(pigeon.status).toBe(400);
  expect(pigeon.body.message).toMatch(/^channel/);
  expect((await post(`/families/${randomUUID()}/inquiries`, { channel: 'phone' })).status).toBe(404);
  expect((await post('/families/not-a-uuid/inquiries', { channel: 'phone' })).body).toMatchObject({
    statusCode: 400,
    message: 'familyId must be a UUID',
  });
  expect((await getJson(`${h.api.url}/families/${family.familyId}`)).body.inquiries).toHaveLength(1);
});

it('resolves an appointment conflict, due before the clash, with complete-task', async () => {
  const { body: family } = await post('/families', { actor: 'leder', coordinatorId: 'radgiver-lise', teamId: 'team-a' });
  const url = `/families/${family.familyId}/commands`;
  const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const start = at(90);
  expect(
    (await post(`${url}/add-appointment`, { actor: 'x', appointmentId: 'praktik', department: 'jobcenter', start, end: at(150) })).status,
  ).toBe(200);
  const clash = await post(`${url}/add-appointment`, {
    actor: 'x',
    appointmentId: 'samvaer',
    department: 'børn og familie',
    start: at(100),
    end: at(160),
  });
  expect(clash.status).toBe(200);
  const task = clash.body.openTasks.find((t: any) => t.kind === 'appointment-conflict');
  expect(task).toMatchObject({ assigneeId: 'radgiver-lise', subjectId: 'samvaer' });
  expect(Date.parse(task.dueAt)).toBeLessThanOrEqual(Date.parse(start));

  const done = await post(`${url}/complete-task`, { actor: 'radgiver-lise', taskId: task.taskId, note: 'Flyttet' });
  expect(done.status).toBe(200);
  expect(done.body.openTasks).toEqual([]);
  const twice = await post(`${url}/complete-task`, { actor: 'radgiver-lise', taskId: task.taskId });
  expect(twice.status).toBe(400);
  expect(twice.body.message).toMatch(/^taskId/);
  expect((await post(`${url}/complete-task`, { actor: 'radgiver-lise', taskId: 'nope' })).body.message).toBe('taskId must be a UUID');
});

it('links only real cases, by UUID', async () => {
  const { body: family } = await post('/families', { actor: 'leder' });
  const url = `/families/${family.familyId}/commands/link-child-case`;
  const unknown = await post(url, { actor: 'leder', caseId: randomUUID() });
  expect(unknown.status).toBe(400);
  expect(unknown.body.message).toMatch(/^caseId .* is not a known case$/);
  const malformed = await post(url, { actor: 'leder', caseId: 'not-a-uuid' });
  expect(malformed.status).toBe(400);
  expect(malformed.body.message).toBe('caseId must be a UUID');
  const caseId = await newCase();
  const linked = await post(url, { actor: 'leder', caseId });
  expect(linked.status).toBe(200);
  expect(linked.body.childCaseIds).toEqual([caseId]);
});

it('answers the outcome of a case once it is closed, and refuses commands on a closed case with 409', async () => {
  const caseId = await newCase();
  await eventually(async () => (await sql('SELECT id FROM cases WHERE id = $1', [caseId])).length === 1, { what: 'the case row' });
  const early = await getJson(`${h.api.url}/cases/${caseId}/outcome`);
  expect(early.status).toBe(409);
  expect(early.body.message).toMatch(/not closed/);

  await closeAtTriage(caseId);
  const outcome = await eventually(
    async () => {
      const r = await getJson(`${h.api.url}/cases/${caseId}/outcome`);
      return r.status === 200 ? r.body : undefined;
    },
    { what: 'the outcome' },
  );
  expect(outcome).toMatchObject({ caseId, reason: 'Ingen bekymring', outcome: { triage: 'close', measures: [], reports: 1 } });
  expect(outcome.closedAt).toBeTruthy();

  const late = await post(`/cases/${caseId}/commands/assign-coordinator`, {
    actor: 'leder',
    coordinatorId: 'radgiver-x',
    teamId: 'team-a',
  });
  expect(late.status).toBe(409);
  expect(late.body.message).toMatch(/closed/);
  expect((await getJson(`${h.api.url}/cases/${randomUUID()}/outcome`)).status).toBe(404);
});

it('starts a handover over HTTP and reports the case it could not move, also on the family', async () => {
  const leaving = `radgiver-${randomUUID()}`;
  const next = `radgiver-${randomUUID()}`;
  const { body: family } = await post('/families', { actor: 'leder', coordinatorId: leaving, teamId: 'team-a' });
  const caseId = await newCase();
  await closeAtTriage(caseId);
  expect((await post(`/families/${family.familyId}/commands/link-child-case`, { actor: 'leder', caseId })).status).toBe(200);
  await eventually(
    async () => {
      const [f] = await sql<{ coordinator_id: string }>('SELECT coordinator_id FROM families WHERE id = $1', [family.familyId]);
      return f?.coordinator_id === leaving && (await sql('SELECT id FROM cases WHERE family_id = $1', [family.familyId])).length === 1;
    },
    { what: 'the family and its case in the read model' },
  );

  const body = { actor: 'leder', fromCoordinatorId: leaving, toCoordinatorId: next, teamId: 'team-b', reason: 'Fratrædelse' };
  expect((await post('/handovers', { ...body, toCoordinatorId: leaving })).status).toBe(400);
  const started = await post('/handovers', body, `handover-${randomUUID()}`);
  expect(started.status).toBe(202);
  expect(started.body.statusUrl).toBe(`/handovers/${started.body.handoverId}`);
  const status = await eventually(
    async () => {
      const r = await getJson(`${h.api.url}${started.body.statusUrl}`);
      return r.status === 200 && r.body.status === 'completed' ? r.body : undefined;
    },
    { what: 'the handover to complete' },
  );
  expect(status).toEqual({
    handoverId: started.body.handoverId,
    status: 'completed',
    families: 1,
    cases: 0,
    refused: [{ caseId, reason: 'the case is closed' }],
  });
  const view = (await getJson(`${h.api.url}/families/${family.familyId}`)).body;
  expect(view.coordinatorId).toBe(next);
  expect(view.handoverRefusals).toEqual([expect.objectContaining({ caseId, reason: 'the case is closed' })]);
  await eventually(
    async () =>
      (await sql("SELECT id FROM case_events WHERE family_id = $1 AND type = 'family.case-not-moved'", [family.familyId])).length === 1,
    { what: 'the refusal recorded' },
  );
  expect((await getJson(`${h.api.url}/handovers/${randomUUID()}`)).status).toBe(404);
  expect((await getJson(`${h.api.url}/handovers/not-a-uuid`)).status).toBe(400);
});
