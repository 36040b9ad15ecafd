// The read model cannot stop the clocks: PostgreSQL is stopped for a minute in the middle of a case
// while its deadlines fall due. The deadlines fire on time regardless; once the database is back,
// every step is recorded once, in order, stamped when it fired. A command sent while the database
// is down cannot be carried out (without it Closer cannot tell who sends it, check their reach or
// record the access), so it is refused with 503 and changes nothing; sent again with the same
// Idempotency-Key once the database is back, it is applied once.
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { caseViewQuery } from '../../workflows/contract';
import { openCase } from '../support/cases';
import { StoppablePostgres } from '../support/stoppable-postgres';
import { testPolicy } from '../support/test-policy';
import { eventually, sleep } from '../support/test-env';
import { useSignedInApi } from '../support/workflow-harness';

const OUTAGE_MS = 60_000;
const h = useSignedInApi('pg-outage', ['anna'], { database: () => StoppablePostgres.start() });
const { sql } = h;

interface Event {
  id: string;
  type: string;
  actor: string;
  occurred_at: Date;
  data: Record<string, any>;
}

it('fires every deadline on time while PostgreSQL is down, then records each step once, in order, stamped when it fired, and applies the command sent meanwhile', async () => {
  // The 24-hour assessment compressed: reminder at 20 s, overdue and the supervisor at 40 s, the
  // head of department at 50 s: all inside the minute the database is down (from about 5 s to 65 s).
  const policy = testPolicy({
    urgencyAssessment: {
      due: { seconds: 40 },
      remindAtFractions: [0.5],
      escalations: [
        { after: { seconds: 0 }, to: 'supervisor' },
        { after: { seconds: 10 }, to: 'head-of-department' },
      ],
    },
  });
  const { caseId, handle, report } = await openCase(h.client, h.taskQueue, policy);
  const task = (await handle.query(caseViewQuery)).openTasks.find((t) => t.kind === 'urgency-assessment')!;
  // Everything up to now is in the read model before the outage: the opening of the task and the receipt.
  await eventually(
    async () => (await sql(`SELECT 1 FROM case_events WHERE dedupe_key = $1`, [`task:${task.taskId}:opened`])).length === 1,
    {
      what: 'the task to be recorded as opened',
    },
  );
  await eventually(
    async () =>
      (await sql(`SELECT 1 FROM mail_outbox WHERE case_id = $1 AND kind = 'activity' AND status = 'sent'`, [caseId])).length === 1,
    {
      what: 'the receipt to be recorded as sent',
    },
  );
  expect(await h.mail.messagesTo(report.reporter.email)).toHaveLength(1);

  await h.pg.stop();
  const outageStart = Date.now();
  // The first reminder falls due well after the outage began, the last escalation well before it ends.
  expect(new Date(task.openedAt).getTime() + 20_000).toBeGreaterThan(outageStart + 5_000);
  expect(new Date(task.openedAt).getTime() + 50_000).toBeLessThan(outageStart + OUTAGE_MS - 5_000);

  // The clock runs on without the database: the workflow reaches the head of department while it is
  // still down (it stays down for the minute, and for as long as that takes).
  await eventually(
    async () => {
      const t = (await handle.query(caseViewQuery)).openTasks.find((x) => x.taskId === task.taskId);
      return t?.escalationLevel === 2;
    },
    { timeoutMs: 2 * OUTAGE_MS, intervalMs: 500, what: 'the second escalation while the database is down' },
  );

  // A coordinator of the intake team records the assessment while the database is still down: 503, nothing applied.
  const { anna } = h.as;
  const url = `/cases/${caseId}/commands/record-urgency-assessment`;
  const body = { childInDanger: false, acuteHelpNeeded: false };
  const key = { 'idempotency-key': `urgency-${caseId}` };
  const during = await anna.post(url, body, key);
  expect({ status: during.status, message: during.body?.message }).toEqual({ status: 503, message: expect.stringMatching(/try again/) });
  expect((await handle.query(caseViewQuery)).openTasks.map((t) => t.taskId)).toContain(task.taskId);
  await sleep(outageStart + OUTAGE_MS - Date.now());
  await h.pg.start();
  const outageEnd = Date.now();

  // Her client sends it again, with the same key, until it is taken: only 503 on the way.
  const refusals: number[] = [];
  const answer = await eventually(
    async () => {
      const r = await anna.post(url, body, key);
      if (r.status !== 200) refusals.push(r.status);
      return r.status === 200 ? r : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 500, what: 'the command to be taken once the database is back' },
  );
  expect(answer.body.urgency).toMatchObject({ childInDanger: false });
  expect(refusals.filter((s) => s !== 503)).toEqual([]);
  const events = await eventually(
    async () => {
      const e = await sql<Event>(`SELECT id, type, actor, occurred_at, data FROM case_events WHERE case_id = $1 ORDER BY occurred_at, id`, [
        caseId,
      ]);
      return e.some((x) => x.type === 'urgency-assessment.recorded') ? e : undefined;
    },
    { timeoutMs: 60_000, what: 'the command to be recorded once the database is back' },
  );

  const steps = events.filter((e) => e.data?.taskId === task.taskId);
  expect(steps.map((e) => [e.type, e.data.to ?? null, e.data.level ?? null])).toEqual([
    ['task.opened', null, null],
    ['task.reminded', 'assignee', 0],
    ['task.overdue', 'assignee', 0],
    ['task.escalated', 'supervisor', 1],
    ['task.escalated', 'head-of-department', 2],
    ['task.completed', null, null],
  ]);
  // Recorded in the order they happened: the insert order agrees with the time order.
  expect(steps.map((e) => e.id)).toEqual([...steps.map((e) => e.id)].sort((a, b) => Number(a) - Number(b)));
  // Stamped when they fired (not before they were due, during the outage), not when the database came back.
  for (const step of steps.slice(1, 5)) {
    const at = new Date(step.occurred_at).getTime();
    const due = new Date(step.data.scheduledFor as string).getTime();
    expect(at).toBeGreaterThanOrEqual(due - 300);
    expect(at).toBeGreaterThan(outageStart);
    expect(at).toBeLessThan(outageEnd);
  }
  const completed = steps[5];
  expect(completed.actor).toBe(DEMO_IDS.anna);
  expect(events.filter((e) => e.type === 'urgency-assessment.recorded')).toHaveLength(1);
  expect(await sql(`SELECT status, escalation_level FROM tasks WHERE id = $1`, [task.taskId])).toEqual([
    { status: 'done', escalation_level: 2 },
  ]);
  // An outage is no reason to park anything: every write waited and went through.
  expect(await sql(`SELECT id FROM dead_letters`)).toEqual([]);
}, 300_000);
