// Claiming and reassigning a task within its team, over real HTTP with a real worker and PostgreSQL:
// a coordinator of the intake team takes a new report's urgency assessment, a coordinator of another
// team does not reach it (404), the team's supervisor gives it to a colleague with a reason, bodies
// are checked field by field (400), and a finished task is not moved (409). Each change shows in the
// tasks row and as a task.assigned event; a repeated request with its Idempotency-Key changes nothing twice.
import { randomUUID } from 'node:crypto';
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { sql } from '../support/database';
import { eventually } from '../support/test-env';
import { useSignedInApi } from '../support/workflow-harness';

const h = useSignedInApi('task-claim', ['anna', 'mikkel', 'freja', 'sofie', 'jonas', 'hanne', 'admin']);
const { as } = h;
const { reportedCase, caseOf } = h.cases;

interface TaskRow {
  id: string;
  assignee_id: string | null;
  status: string;
}

/** The urgency assessment a new report opens, once it is in the read model. */
async function urgencyTask(caseId: string): Promise<TaskRow> {
  return eventually(
    async () =>
      (await sql<TaskRow>(`SELECT id, assignee_id, status FROM tasks WHERE case_id = $1 AND kind = 'urgency-assessment'`, [caseId]))[0],
    { what: 'the urgency task row' },
  );
}

const rowOf = async (taskId: string) => (await sql<TaskRow>('SELECT id, assignee_id, status FROM tasks WHERE id = $1', [taskId]))[0];

async function assignedEvents(taskId: string) {
  return sql<{ actor: string; data: Record<string, unknown> }>(
    `SELECT actor, data FROM case_events WHERE type = 'task.assigned' AND data->>'taskId' = $1 ORDER BY id`,
    [taskId],
  );
}

/** Waits for the task row to name `assigneeId`, then returns the task's task.assigned events. */
async function assignedTo(taskId: string, assigneeId: string, count: number) {
  return eventually(
    async () => {
      const events = await assignedEvents(taskId);
      return (await rowOf(taskId)).assignee_id === assigneeId && events.length === count ? events : undefined;
    },
    { what: `task ${taskId} assigned to ${assigneeId}` },
  );
}

it("lets an intake coordinator claim a new report's urgency assessment, and its team's supervisor reassign it", async () => {
  const caseId = await reportedCase();
  const task = await urgencyTask(caseId);
  expect(task).toMatchObject({ assignee_id: null, status: 'open' });
  const claimUrl = `/tasks/${task.id}/claim`;

  // Only coordinators claim (a supervisor is answered as if there were no such task); a coordinator of another team does not reach it.
  expect((await as.sofie.post(claimUrl)).status).toBe(404);
  expect((await as.freja.post(claimUrl)).status).toBe(404);
  expect((await as.anna.post(claimUrl, { note: 'x' })).status).toBe(400);

  const claimKey = `claim-${randomUUID()}`;
  const claimed = await as.anna.post(claimUrl, {}, { 'idempotency-key': claimKey });
  expect(claimed.status).toBe(200);
  expect(claimed.body).toMatchObject({ taskId: task.id, kind: 'urgency-assessment', assigneeId: DEMO_IDS.anna, result: { id: caseId } });
  const [event] = await assignedTo(task.id, DEMO_IDS.anna, 1);
  expect(event.actor).toBe(DEMO_IDS.anna);
  expect(event.data).toMatchObject({
    taskId: task.id,
    kind: 'urgency-assessment',
    assignee: 'coordinator',
    assigneeId: DEMO_IDS.anna,
    from: null,
    reason: 'claimed',
  });
  // The same request again: the first answer.
  const again = await as.anna.post(claimUrl, {}, { 'idempotency-key': claimKey });
  expect(again.status).toBe(200);
  expect(again.body.result).toEqual(claimed.body.result);
  // Anna is here: her colleague cannot take it over; her supervisor can give it on.
  const taken = await as.mikkel.post(claimUrl);
  expect(taken.status).toBe(409);
  expect(taken.body.message).toMatch(/not away/);

  const reassignUrl = `/tasks/${task.id}/reassign`;
  expect((await as.anna.post(reassignUrl, { assigneeId: DEMO_IDS.mikkel, reason: 'Syg' })).status).toBe(404);
  expect((await as.jonas.post(reassignUrl, { assigneeId: DEMO_IDS.mikkel, reason: 'Syg' })).status).toBe(404);
  const noReason = await as.sofie.post(reassignUrl, { assigneeId: DEMO_IDS.mikkel });
  expect(noReason.status).toBe(400);
  expect(noReason.body.message).toBe('reason is required');
  const outsider = await as.sofie.post(reassignUrl, { assigneeId: DEMO_IDS.freja, reason: 'Syg' });
  expect(outsider.status).toBe(400);
  expect(outsider.body.message).toMatch(/^assigneeId .* is not an active coordinator of team team-north$/);
  const same = await as.sofie.post(reassignUrl, { assigneeId: DEMO_IDS.anna, reason: 'Syg' });
  expect(same.status).toBe(409);
  expect(same.body.error).toBe('AlreadyAssigned');

  const key = `reassign-${randomUUID()}`;
  const moved = await as.sofie.post(reassignUrl, { assigneeId: DEMO_IDS.mikkel, reason: 'Anna er syg' }, { 'idempotency-key': key });
  expect(moved.status).toBe(200);
  expect(
    (await as.sofie.post(reassignUrl, { assigneeId: DEMO_IDS.mikkel, reason: 'Anna er syg' }, { 'idempotency-key': key })).status,
  ).toBe(200);
  const events = await assignedTo(task.id, DEMO_IDS.mikkel, 2);
  expect(events[1]).toMatchObject({
    actor: DEMO_IDS.supervisorNorth,
    data: { from: DEMO_IDS.anna, assigneeId: DEMO_IDS.mikkel, reason: 'Anna er syg' },
  });
  // The head reaches every team.
  expect((await as.hanne.post(reassignUrl, { assigneeId: DEMO_IDS.anna, reason: 'Tilbage' })).status).toBe(200);
  await assignedTo(task.id, DEMO_IDS.anna, 3);

  // Both changes are in the audit trail, under their own actions.
  const audit = await sql<{ action: string; outcome: string }>(
    `SELECT action, outcome FROM audit_records WHERE case_id = $1 AND action LIKE 'task.%' AND outcome = 'allowed' ORDER BY id`,
    [caseId],
  );
  expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['task.claim', 'task.reassign']));
});

it('answers 409 for a finished task, 404 for an unknown one and 400 for an id that is not one', async () => {
  const caseId = await reportedCase();
  const task = await urgencyTask(caseId);
  const done = await as.anna.post(`/cases/${caseId}/commands/record-urgency-assessment`, { childInDanger: false, acuteHelpNeeded: false });
  expect(done.status).toBe(200);
  await eventually(async () => (await rowOf(task.id)).status === 'done', { what: 'the task done in the read model' });

  const claim = await as.anna.post(`/tasks/${task.id}/claim`);
  expect(claim.status).toBe(409);
  expect(claim.body.message).toBe(`task ${task.id} is done`);
  const reassign = await as.sofie.post(`/tasks/${task.id}/reassign`, { assigneeId: DEMO_IDS.mikkel, reason: 'Syg' });
  expect(reassign.status).toBe(409);
  expect(reassign.body.error).toBe('WrongPhase');

  expect((await as.anna.post(`/tasks/${randomUUID()}/claim`)).status).toBe(404);
  expect((await as.sofie.post(`/tasks/${randomUUID()}/reassign`, { assigneeId: DEMO_IDS.mikkel, reason: 'Syg' })).status).toBe(404);
  const bad = await as.anna.post('/tasks/not-a-uuid/claim');
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/taskId/);
  expect(await assignedEvents(task.id)).toEqual([]);
});

it("hands over only the named cases of a coordinator, with their open tasks, for a lead of the coordinator's team", async () => {
  const moving = await caseOf('anna', 'team-north', 'sofie');
  const staying = await caseOf('anna', 'team-north', 'sofie');
  const movingTask = await urgencyTask(moving);
  const stayingTask = await urgencyTask(staying);
  await assignedTo(movingTask.id, DEMO_IDS.anna, 1);

  const body = {
    fromCoordinatorId: DEMO_IDS.anna,
    toCoordinatorId: DEMO_IDS.mikkel,
    teamId: 'team-north',
    reason: 'Anna er sygemeldt',
    reasonKind: 'sick-leave',
    caseIds: [moving],
  };
  const badKind = await as.sofie.post('/handovers', { ...body, reasonKind: 'holiday' });
  expect(badKind.status).toBe(400);
  expect(badKind.body.message).toMatch(/^reasonKind must be one of/);
  const badIds = await as.sofie.post('/handovers', { ...body, caseIds: ['not-a-uuid'] });
  expect(badIds.status).toBe(400);
  expect(badIds.body.message).toBe('caseIds[0] must be a UUID');
  expect((await as.sofie.post('/handovers', { ...body, caseIds: [] })).status).toBe(400);
  // Jonas leads Team Syd only: he cannot hand over a Team Nord coordinator's caseload to his own team.
  const foreign = await as.jonas.post('/handovers', { ...body, toCoordinatorId: DEMO_IDS.freja, teamId: 'team-south' });
  expect(foreign.status).toBe(403);
  expect(foreign.body.message).toMatch(/^fromCoordinatorId /);

  const notHeld = randomUUID();
  const started = await as.sofie.post(
    '/handovers',
    { ...body, caseIds: [moving, notHeld] },
    { 'idempotency-key': `handover-${randomUUID()}` },
  );
  expect(started.status).toBe(202);
  const status = await eventually(
    async () => {
      const r = await as.sofie.get(started.body.statusUrl);
      return r.status === 200 && r.body.status === 'completed' ? r.body : undefined;
    },
    { what: 'the handover to complete' },
  );
  expect(status).toMatchObject({ families: 0, cases: 1, refused: [{ caseId: notHeld, reason: 'NotHeldByCoordinator' }] });
  const [, moved] = await assignedTo(movingTask.id, DEMO_IDS.mikkel, 2);
  expect(moved).toMatchObject({
    actor: DEMO_IDS.supervisorNorth,
    data: { from: DEMO_IDS.anna, assigneeId: DEMO_IDS.mikkel, reason: 'coordinator-changed' },
  });
  expect((await sql('SELECT coordinator_id FROM cases WHERE id = $1', [staying]))[0]).toEqual({ coordinator_id: DEMO_IDS.anna });
  expect(await rowOf(stayingTask.id)).toMatchObject({ assignee_id: DEMO_IDS.anna });
});

/** A coordinator of this test's own in `teamId`, added by the admin; their id. */
async function newCoordinator(teamId: string): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  const res = await as.admin.post('/admin/users', {
    username: `claim-${tag}`,
    displayName: `Rådgiver ${tag}`,
    email: `claim-${tag}@closer.test`,
    roles: ['coordinator'],
    teamId,
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

it('lets a colleague claim the task of a coordinator who is away', async () => {
  const caseId = await reportedCase();
  const task = await urgencyTask(caseId);
  const away = await newCoordinator('team-north');
  expect((await as.sofie.post(`/tasks/${task.id}/reassign`, { assigneeId: away, reason: 'Fordeling' })).status).toBe(200);
  await assignedTo(task.id, away, 1);
  expect((await as.mikkel.post(`/tasks/${task.id}/claim`)).status).toBe(409);

  const absence = await as.admin.post(`/admin/users/${away}/absences`, {
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    standInId: DEMO_IDS.mikkel,
  });
  expect(absence.status).toBe(201);
  const claimed = await as.mikkel.post(`/tasks/${task.id}/claim`, { reason: 'Stedfortræder' });
  expect(claimed.status).toBe(200);
  const events = await assignedTo(task.id, DEMO_IDS.mikkel, 2);
  expect(events[1]).toMatchObject({ actor: DEMO_IDS.mikkel, data: { from: away, assigneeId: DEMO_IDS.mikkel, reason: 'Stedfortræder' } });
});
