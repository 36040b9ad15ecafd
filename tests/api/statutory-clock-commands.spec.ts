// Pausing or extending a statutory clock over HTTP: the body's form (400 naming the field), who may
// decide (403 unless the case's team supervisor or the head; the requester never), and the result on the task.
import { caseEvents } from '../support/cases';
import { sql } from '../support/database';
import { eventually } from '../support/test-env';
import { useSignedInApi } from '../support/workflow-harness';

const h = useSignedInApi('statutory-clock-commands', ['anna', 'sofie', 'jonas']);
const { as } = h;
const { reportedCase } = h.cases;

it('asks for an extension over HTTP and lets only the supervisor of the team decide it', async () => {
  const caseId = await reportedCase();
  const caseUrl = `/cases/${caseId}`;
  const task = await eventually(
    async () => {
      const r = await as.anna.get(caseUrl);
      return r.status === 200 ? r.body.openTasks.find((t: any) => t.kind === 'urgency-assessment') : undefined;
    },
    { what: 'the urgency assessment task' },
  );
  const until = new Date(Date.parse(task.dueAt) + 3600_000).toISOString();
  const body = { taskId: task.taskId, change: 'extend', until, reasonKind: 'awaiting-external-statement', reason: 'Afventer politiet' };

  // Bad bodies: 400 naming the field; who acts is never in the body.
  const noKind = await as.anna.post(`${caseUrl}/commands/request-clock-change`, { ...body, reasonKind: undefined });
  expect(noKind.status).toBe(400);
  expect(noKind.body.message).toMatch(/^reasonKind/);
  const badDate = await as.anna.post(`${caseUrl}/commands/request-clock-change`, { ...body, until: 'soon' });
  expect(badDate.status).toBe(400);
  expect(badDate.body.message).toMatch(/^until/);
  expect((await as.anna.post(`${caseUrl}/commands/request-clock-change`, { ...body, actor: 'someone' })).status).toBe(400);
  const tooEarly = await as.anna.post(`${caseUrl}/commands/request-clock-change`, { ...body, until: task.dueAt });
  expect(tooEarly.status).toBe(400);
  expect(tooEarly.body.message).toMatch(/^until/);

  const asked = await as.anna.post(`${caseUrl}/commands/request-clock-change`, body);
  expect(asked.status).toBe(200);
  const requestId = asked.body.result.requestId;
  expect(asked.body.clockChangeRequests).toEqual([expect.objectContaining({ requestId, taskId: task.taskId, change: 'extend' })]);
  const decision = { requestId, approved: true, reason: 'Godkendt' };
  // The request waits in the supervisor's approval queue on the board.
  const queued = await eventually(
    async () => {
      const board = await as.sofie.get('/teams/team-north/board');
      return board.body.approvalQueue?.items.find((t: any) => t.kind === 'clock-change-approval' && t.caseId === caseId);
    },
    { what: 'the request in the approval queue' },
  );
  expect(queued).toMatchObject({ assignee: { role: 'supervisor' } });

  // A coordinator may not decide, a supervisor of another team does not even reach the case; the team's supervisor may.
  expect((await as.anna.post(`${caseUrl}/commands/decide-clock-change`, decision)).status).toBe(403);
  expect((await as.jonas.post(`${caseUrl}/commands/decide-clock-change`, decision)).status).toBe(404);
  const approved = await as.sofie.post(`${caseUrl}/commands/decide-clock-change`, decision);
  expect(approved.status).toBe(200);
  expect(approved.body.openTasks.find((t: any) => t.taskId === task.taskId)).toMatchObject({
    dueAt: until,
    clock: { state: 'extended', reasonKind: 'awaiting-external-statement' },
  });
  await eventually(async () => (await caseEvents(caseId)).some((e) => e.type === 'task.clock-extended'), { what: 'the extension event' });
  const [row] = await sql<{ clock_state: string }>('SELECT clock_state FROM tasks WHERE id = $1', [task.taskId]);
  expect(row.clock_state).toBe('extended');
  // The board shows the clock that runs on other terms than the law's.
  const board = await as.sofie.get('/teams/team-north/board');
  expect(board.body.changedClocks.items.find((t: any) => t.taskId === task.taskId)).toMatchObject({ clock: { state: 'extended' } });
  // Decided once: a second decision finds no pending request.
  expect((await as.sofie.post(`${caseUrl}/commands/decide-clock-change`, decision)).status).toBe(400);

  // A supervisor who asks for a change cannot approve it herself (four eyes): 409.
  const own = await as.sofie.post(`${caseUrl}/commands/request-clock-change`, {
    ...body,
    change: 'pause',
    until: new Date(Date.now() + 3600_000).toISOString(),
    reasonKind: 'child-unavailable',
  });
  expect(own.status).toBe(200);
  const self = await as.sofie.post(`${caseUrl}/commands/decide-clock-change`, { ...decision, requestId: own.body.result.requestId });
  expect(self.status).toBe(409);
  expect(self.body.message).toMatch(/four eyes/);
});
