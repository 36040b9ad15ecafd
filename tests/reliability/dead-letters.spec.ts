// A projection that retrying cannot fix is parked in dead_letters with its workflow id; the
// workflow keeps firing its deadlines and recording later steps; an admin finds it in the list and
// retries it once the cause is removed. The cause here is a rule in the database that the step
// violates (standing in for bad data that passed validation); the test has a PostgreSQL of its own,
// so the rule touches no other test.
import { caseViewQuery, decideTriageUpdate, recordUrgencyAssessmentUpdate } from '../../workflows/contract';
import { openCase, command } from '../support/cases';
import { StoppablePostgres } from '../support/stoppable-postgres';
import { testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useSignedInApi } from '../support/workflow-harness';

const h = useSignedInApi('dead-letters', ['admin', 'anna'], { database: () => StoppablePostgres.start() });
const { sql } = h;
const { admin } = h.as;
/** The dead-letter tools are the admin's. */
const http = async (method: 'GET' | 'POST', path: string, as = admin) => (method === 'GET' ? as.get(path) : as.post(path));

it('parks a projection that violates a constraint, keeps the workflow firing deadlines and recording later steps, and resolves it on retry once the cause is gone', async () => {
  await sql(`ALTER TABLE case_events ADD CONSTRAINT "CHK_test_no_triage" CHECK (type <> 'triage.decided') NOT VALID`);
  const policy = testPolicy({
    assessment: { due: { seconds: 6 }, remindAtFractions: [0.5], escalations: [{ after: { seconds: 0 }, to: 'supervisor' }] },
  });
  const { caseId, handle } = await openCase(h.client, h.taskQueue, policy);
  const workflowId = handle.workflowId;
  await handle.executeUpdate(recordUrgencyAssessmentUpdate, {
    args: [{ actor: 'radgiver', childInDanger: false, acuteHelpNeeded: false }],
  });

  // The triage step cannot be recorded; the command is answered all the same, and the case moves on.
  const view = await command(handle, decideTriageUpdate, { actor: 'radgiver', decision: 'assessment', reason: 'Undersøgelse' });
  expect(view.phase).toBe('assessment');
  const assessment = view.openTasks.find((t) => t.kind === 'assessment')!;

  const [parked] = await eventually(
    async () => {
      const rows = await sql(`SELECT * FROM dead_letters WHERE workflow_id = $1`, [workflowId]);
      return rows.length ? rows : undefined;
    },
    { what: 'the dead letter' },
  );
  expect(parked).toMatchObject({ workflow_id: workflowId, activity: 'project', error_code: '23514', status: 'open' });
  expect(parked.error_message).toBe('Database error 23514 check_violation in project (table case_events, constraint CHK_test_no_triage)');

  // Later steps are recorded, and the assessment's deadline fires: reminder, overdue, supervisor.
  const types = await eventually(
    async () => {
      const rows = await sql<{ type: string }>(`SELECT type FROM case_events WHERE case_id = $1 AND data->>'taskId' = $2 ORDER BY id`, [
        caseId,
        assessment.taskId,
      ]);
      return rows.some((r) => r.type === 'task.escalated') ? rows.map((r) => r.type) : undefined;
    },
    { what: 'the assessment deadline to fire' },
  );
  expect(types).toEqual(['task.opened', 'task.reminded', 'task.overdue', 'task.escalated']);
  expect(await sql(`SELECT phase, triage_decision FROM cases WHERE id = $1`, [caseId])).toEqual([
    { phase: 'assessment', triage_decision: null },
  ]);
  // The workflow still answers and records commands.
  expect((await handle.query(caseViewQuery)).phase).toBe('assessment');

  // The admin list shows it, open ones first, filtered by workflow.
  const list = await http('GET', `/admin/dead-letters?status=open&workflowId=${workflowId}`);
  expect(list.status).toBe(200);
  expect(list.body.items).toEqual([
    expect.objectContaining({ id: parked.id, workflowId, activity: 'project', errorCode: '23514', status: 'open' }),
  ]);
  expect(list.body.nextCursor).toBeUndefined();
  // The stored step holds case data: no one but an admin lists, reads or retries it.
  const { anna } = h.as;
  for (const [method, path] of [
    ['GET', `/admin/dead-letters?workflowId=${workflowId}`],
    ['GET', `/admin/dead-letters/${parked.id}`],
    ['POST', `/admin/dead-letters/${parked.id}/retry`],
  ] as const) {
    const refused = await http(method, path, anna);
    expect({ path, status: refused.status }).toEqual({ path, status: 403 });
    expect(refused.text).not.toContain(caseId);
  }
  const one = await http('GET', `/admin/dead-letters/${parked.id}`);
  expect(one.body.input[0]).toMatchObject({ caseId, case: { triageDecision: 'assessment' }, events: [{ type: 'triage.decided' }] });

  // Retried while the cause is still there: 409 with the error, and it stays open.
  const refused = await http('POST', `/admin/dead-letters/${parked.id}/retry`);
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ errorCode: '23514', message: expect.stringContaining('CHK_test_no_triage') });
  expect(await sql(`SELECT status, attempts FROM dead_letters WHERE id = $1`, [parked.id])).toEqual([
    { status: 'open', attempts: parked.attempts + 1 },
  ]);

  // The cause removed, the retry applies the step and resolves the dead letter.
  await sql(`ALTER TABLE case_events DROP CONSTRAINT "CHK_test_no_triage"`);
  const retried = await http('POST', `/admin/dead-letters/${parked.id}/retry`);
  expect(retried.status).toBe(200);
  expect(retried.body).toMatchObject({ id: parked.id, status: 'resolved', attempts: parked.attempts + 2 });
  expect(await sql(`SELECT triage_decision FROM cases WHERE id = $1`, [caseId])).toEqual([{ triage_decision: 'assessment' }]);
  expect(await sql(`SELECT actor FROM case_events WHERE case_id = $1 AND type = 'triage.decided'`, [caseId])).toEqual([
    { actor: 'radgiver' },
  ]);
  expect((await http('GET', `/admin/dead-letters?status=open&workflowId=${workflowId}`)).body.items).toEqual([]);
  expect((await http('GET', `/admin/dead-letters?status=resolved&workflowId=${workflowId}`)).body.items).toEqual([
    expect.objectContaining({ id: parked.id, status: 'resolved' }),
  ]);
});

it('pages the list by key and answers bad parameters with 400 naming them', async () => {
  // Three parked steps of one workflow, written as the worker writes them.
  const workflowId = `case-${crypto.randomUUID()}`;
  for (let i = 0; i < 3; i++) {
    await sql(
      `INSERT INTO dead_letters (id, workflow_id, activity, source, error_code, error_message, input)
       VALUES (gen_random_uuid(), $1, 'project', $2, '22P02', 'Database error 22P02 in project', '[{}]')`,
      [workflowId, `${workflowId}:${i}`],
    );
  }
  const first = await http('GET', `/admin/dead-letters?workflowId=${workflowId}&limit=2`);
  expect(first.body.items).toHaveLength(2);
  const second = await http('GET', `/admin/dead-letters?workflowId=${workflowId}&limit=2&after=${first.body.nextCursor}`);
  expect(second.body.items).toHaveLength(1);
  expect(second.body.nextCursor).toBeUndefined();
  expect(new Set([...first.body.items, ...second.body.items].map((d: { id: string }) => d.id)).size).toBe(3);

  for (const [path, field] of [
    ['/admin/dead-letters/not-a-uuid', 'id'],
    ['/admin/dead-letters/not-a-uuid/retry', 'id'],
    ['/admin/dead-letters?status=maybe', 'status'],
    ['/admin/dead-letters?limit=0', 'limit'],
    ['/admin/dead-letters?after=bm9wZQ', 'after'],
  ] as const) {
    const res = await http(path.endsWith('/retry') ? 'POST' : 'GET', path);
    expect({ path, status: res.status }).toEqual({ path, status: 400 });
    expect(JSON.stringify(res.body.message)).toContain(field);
  }
  expect((await http('GET', `/admin/dead-letters/${crypto.randomUUID()}`)).status).toBe(404);
});
