// The family and handover endpoints, and the case's outcome, over real HTTP: registering a family
// (idempotent by key), inquiries by any channel, appointment conflicts resolved, references that must
// exist, a handover that reports what it could not move, and a closed case that answers 409.
import { randomUUID } from 'node:crypto';
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import type { ApiClient } from '../support/auth';
import { sql } from '../support/database';
import { eventually } from '../support/test-env';
import { useSignedInApi } from '../support/workflow-harness';

const h = useSignedInApi('families-and-handovers', ['anna', 'mikkel', 'sofie', 'jonas', 'hanne', 'admin']);
const { as } = h;
const { reportedCase, caseOf } = h.cases;

/** A request as `who`, with an Idempotency-Key when one is given. */
const post = (who: ApiClient, path: string, body: unknown, key?: string) => who.post(path, body, key ? { 'idempotency-key': key } : {});
/** A family of Team Nord with anna as its contact person, registered by the team's supervisor. */
const annasFamily = async () => (await post(as.sofie, '/families', { coordinatorId: DEMO_IDS.anna, teamId: 'team-north' })).body;

async function familyCount(): Promise<number> {
  return (await h.client.workflow.count(`TaskQueue = '${h.taskQueue}' AND WorkflowType = 'familyWorkflow'`)).count;
}

/** A case opened the way a reporter opens one (the intake team's, Team Nord), readable through the API. */
async function newCase(): Promise<string> {
  const caseId = await reportedCase();
  await eventually(async () => (await as.anna.get(`/cases/${caseId}`)).body.reportIds?.length === 1, {
    what: 'the case to be readable',
  });
  return caseId;
}

/** Closes a case at triage (no further action), over HTTP, as anna of the intake team. */
async function closeAtTriage(caseId: string): Promise<void> {
  const url = `/cases/${caseId}/commands`;
  expect((await post(as.anna, `${url}/record-urgency-assessment`, { childInDanger: false, acuteHelpNeeded: false })).status).toBe(200);
  const closed = await post(as.anna, `${url}/decide-triage`, { decision: 'close', reason: 'Ingen bekymring' });
  expect(closed.body.phase).toBe('closed');
}

it('registers a family once per Idempotency-Key, and refuses a contact person without a team before anything is created', async () => {
  // Refused first, while this API has created no family yet: nothing may be left behind.
  const half = await post(as.sofie, '/families', { coordinatorId: DEMO_IDS.anna }, `family-${randomUUID()}`);
  expect(half.status).toBe(400);
  expect(half.body.message).toMatch(/coordinatorId/);
  const badMail = await post(as.sofie, '/families', { contactEmail: 'not-an-address' });
  expect(badMail.status).toBe(400);
  expect(badMail.body.message).toMatch(/^contactEmail/);
  // Only an active coordinator of the team holds a family; another coordinator than oneself is given by the team's lead.
  const notOfTeam = await post(as.sofie, '/families', { coordinatorId: DEMO_IDS.freja, teamId: 'team-north' }, `family-${randomUUID()}`);
  expect(notOfTeam.status).toBe(400);
  expect(notOfTeam.body.message).toMatch(/^coordinatorId .* is not an active coordinator of team team-north$/);
  const colleague = await post(as.anna, '/families', { coordinatorId: DEMO_IDS.mikkel, teamId: 'team-north' }, `family-${randomUUID()}`);
  expect(colleague.status).toBe(403);

  const key = `family-${randomUUID()}`;
  const body = { coordinatorId: DEMO_IDS.anna, teamId: 'team-north', deputyId: DEMO_IDS.mikkel };
  const created = await post(as.sofie, '/families', body, key);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    coordinatorId: DEMO_IDS.anna,
    teamId: 'team-north',
    deputyId: DEMO_IDS.mikkel,
    coordinatorChanges: 0,
  });
  const again = await post(as.sofie, '/families', body, key);
  expect(again.status).toBe(201);
  expect(again.body.familyId).toBe(created.body.familyId);
  expect(again.body.coordinatorChanges).toBe(0);
  const read = await as.anna.get(`/families/${created.body.familyId}`);
  expect(read).toMatchObject({ status: 200, body: { familyId: created.body.familyId, coordinatorId: DEMO_IDS.anna } });

  // Once the family that was created is visible, it is the only one: the refusal started none.
  await eventually(async () => (await familyCount()) >= 1, { what: 'the family in the visibility store' });
  expect(await familyCount()).toBe(1);
  const [row] = await sql<{ coordinator_id: string; coordinator_changes: number }>(
    'SELECT coordinator_id, coordinator_changes FROM families WHERE id = $1',
    [created.body.familyId],
  );
  expect(row).toEqual({ coordinator_id: DEMO_IDS.anna, coordinator_changes: 0 });
});

it('registers an inquiry by letter with its response task, and refuses a bad channel or an unknown family', async () => {
  const family = await annasFamily();
  const key = `inquiry-${randomUUID()}`;
  const registered = await post(as.anna, `/families/${family.familyId}/inquiries`, { channel: 'letter' }, key);
  expect(registered.status).toBe(202);
  expect(registered.body).toMatchObject({ familyId: family.familyId, channel: 'letter' });
  const { inquiryId } = registered.body;
  expect((await post(as.anna, `/families/${family.familyId}/inquiries`, { channel: 'letter' }, key)).body.inquiryId).toBe(inquiryId);

  const view = await eventually(
    async () => {
      const r = await as.anna.get(`/families/${family.familyId}`);
      return r.body.inquiries?.length ? r.body : undefined;
    },
    { what: 'the inquiry on the family' },
  );
  expect(view.inquiries).toEqual([expect.objectContaining({ inquiryId, channel: 'letter' })]);
  expect(view.openTasks).toEqual([expect.objectContaining({ kind: 'inquiry-response', subjectId: inquiryId, assigneeId: DEMO_IDS.anna })]);

  const pigeon = await post(as.anna, `/families/${family.familyId}/inquiries`, { channel: 'pigeon' });
  expect(pigeon.status).toBe(400);
  expect(pigeon.body.message).toMatch(/^channel/);
  expect((await post(as.anna, `/families/${randomUUID()}/inquiries`, { channel: 'phone' })).status).toBe(404);
  expect((await post(as.anna, '/families/not-a-uuid/inquiries', { channel: 'phone' })).body).toMatchObject({
    statusCode: 400,
    message: 'familyId must be a UUID',
  });
  expect((await as.anna.get(`/families/${family.familyId}`)).body.inquiries).toHaveLength(1);
});

it('resolves an appointment conflict, due before the clash, with complete-task', async () => {
  const family = await annasFamily();
  const url = `/families/${family.familyId}/commands`;
  const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const start = at(90);
  expect(
    (await post(as.anna, `${url}/add-appointment`, { appointmentId: 'praktik', department: 'jobcenter', start, end: at(150) })).status,
  ).toBe(200);
  const clash = await post(as.anna, `${url}/add-appointment`, {
    appointmentId: 'samvaer',
    department: 'børn og familie',
    start: at(100),
    end: at(160),
  });
  expect(clash.status).toBe(200);
  const task = clash.body.openTasks.find((t: any) => t.kind === 'appointment-conflict');
  expect(task).toMatchObject({ assigneeId: DEMO_IDS.anna, subjectId: 'samvaer' });
  expect(Date.parse(task.dueAt)).toBeLessThanOrEqual(Date.parse(start));

  const done = await post(as.anna, `${url}/complete-task`, { taskId: task.taskId, note: 'Flyttet' });
  expect(done.status).toBe(200);
  expect(done.body.openTasks).toEqual([]);
  const twice = await post(as.anna, `${url}/complete-task`, { taskId: task.taskId });
  expect(twice.status).toBe(400);
  expect(twice.body.message).toMatch(/^taskId/);
  expect((await post(as.anna, `${url}/complete-task`, { taskId: 'nope' })).body.message).toBe('taskId must be a UUID');
});

it('links only real cases, by UUID', async () => {
  // A family without a contact person yet: the intake team's, like a new case.
  const { body: family } = await post(as.anna, '/families', {});
  const url = `/families/${family.familyId}/commands/link-child-case`;
  const unknown = await post(as.anna, url, { caseId: randomUUID() });
  expect(unknown.status).toBe(400);
  expect(unknown.body.message).toMatch(/^caseId .* is not a known case$/);
  const malformed = await post(as.anna, url, { caseId: 'not-a-uuid' });
  expect(malformed.status).toBe(400);
  expect(malformed.body.message).toBe('caseId must be a UUID');
  // A real case the person cannot reach is no better than an unknown one.
  const frejas = await caseOf('freja', 'team-south', 'hanne');
  expect((await post(as.anna, url, { caseId: frejas })).body.message).toMatch(/^caseId .* is not a known case$/);
  const caseId = await newCase();
  const linked = await post(as.anna, url, { caseId });
  expect(linked.status).toBe(200);
  expect(linked.body.childCaseIds).toEqual([caseId]);
});

it('answers the outcome of a case once it is closed, and refuses commands on a closed case with 409', async () => {
  const caseId = await newCase();
  await eventually(async () => (await sql('SELECT id FROM cases WHERE id = $1', [caseId])).length === 1, { what: 'the case row' });
  const early = await as.anna.get(`/cases/${caseId}/outcome`);
  expect(early.status).toBe(409);
  expect(early.body.message).toMatch(/not closed/);

  await closeAtTriage(caseId);
  const outcome = await eventually(
    async () => {
      const r = await as.anna.get(`/cases/${caseId}/outcome`);
      return r.status === 200 ? r.body : undefined;
    },
    { what: 'the outcome' },
  );
  expect(outcome).toMatchObject({ caseId, reason: 'Ingen bekymring', outcome: { triage: 'close', measures: [], reports: 1 } });
  expect(outcome.closedAt).toBeTruthy();

  const late = await post(as.sofie, `/cases/${caseId}/commands/assign-coordinator`, { coordinatorId: DEMO_IDS.anna, teamId: 'team-north' });
  expect(late.status).toBe(409);
  expect(late.body.message).toMatch(/closed/);
  expect((await as.anna.get(`/cases/${randomUUID()}/outcome`)).status).toBe(404);
});

it('starts a handover over HTTP and reports the case it could not move, also on the family', async () => {
  // Two coordinators of this test's own: a handover moves everything the leaving one holds.
  const leaving = await newCoordinator('team-north');
  const next = await newCoordinator('team-north');
  const { body: family } = await post(as.sofie, '/families', { coordinatorId: leaving, teamId: 'team-north' });
  const caseId = await newCase();
  await closeAtTriage(caseId);
  expect((await post(as.sofie, `/families/${family.familyId}/commands/link-child-case`, { caseId })).status).toBe(200);
  await eventually(
    async () => {
      const [f] = await sql<{ coordinator_id: string }>('SELECT coordinator_id FROM families WHERE id = $1', [family.familyId]);
      return f?.coordinator_id === leaving && (await sql('SELECT id FROM cases WHERE family_id = $1', [family.familyId])).length === 1;
    },
    { what: 'the family and its case in the read model' },
  );

  const body = { fromCoordinatorId: leaving, toCoordinatorId: next, teamId: 'team-north', reason: 'Fratrædelse' };
  expect((await post(as.sofie, '/handovers', { ...body, toCoordinatorId: leaving })).status).toBe(400);
  // Only a coordinator of the team takes it over, and only the team's lead (or the head) hands over.
  const outsider = await post(as.sofie, '/handovers', { ...body, toCoordinatorId: DEMO_IDS.freja });
  expect(outsider.status).toBe(400);
  expect(outsider.body.message).toMatch(/^toCoordinatorId /);
  expect((await post(as.jonas, '/handovers', body)).status).toBe(403);
  expect((await post(as.anna, '/handovers', body)).status).toBe(403);
  const started = await post(as.sofie, '/handovers', body, `handover-${randomUUID()}`);
  expect(started.status).toBe(202);
  expect(started.body.statusUrl).toBe(`/handovers/${started.body.handoverId}`);
  const status = await eventually(
    async () => {
      const r = await as.sofie.get(started.body.statusUrl);
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
  const view = (await as.sofie.get(`/families/${family.familyId}`)).body;
  expect(view.coordinatorId).toBe(next);
  expect(view.handoverRefusals).toEqual([expect.objectContaining({ caseId, reason: 'the case is closed' })]);
  await eventually(
    async () =>
      (await sql("SELECT id FROM case_events WHERE family_id = $1 AND type = 'family.case-not-moved'", [family.familyId])).length === 1,
    { what: 'the refusal recorded' },
  );
  expect((await as.sofie.get(`/handovers/${randomUUID()}`)).status).toBe(404);
  expect((await as.sofie.get('/handovers/not-a-uuid')).status).toBe(400);
});

/** A coordinator of this test's own in `teamId`, added by the admin; their id. */
async function newCoordinator(teamId: string): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  const res = await as.admin.post('/admin/users', {
    username: `handover-${tag}`,
    displayName: `Rådgiver ${tag}`,
    email: `handover-${tag}@closer.test`,
    roles: ['coordinator'],
    teamId,
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}
