// A worker that dies in the middle of a case loses nothing: timers fire when a worker is back,
// an update in flight completes on the next worker, and nothing is recorded or sent twice.
import { caseViewQuery, decideApprovalUpdate, proposeMeasureUpdate, recordChildConversationUpdate } from '../../workflows/contract';
import { caseEvents, driveToDecision, openCase, sampleMeasure, taskEvents, command } from '../support/cases';
import { sql } from '../support/database';
import { fastRule, testPolicy } from '../support/test-policy';
import { eventually, sleep } from '../support/test-env';
import { anotherWorker, useWorkflowHarness } from '../support/workflow-harness';

// Its workers come and go: each started by the test (and all stopped at the end).
const h = useWorkflowHarness('killed', { worker: false, mail: true });
const newWorker = () => anotherWorker(h);

it('carries a case on through two worker crashes with every deadline fired once and every command applied once', async () => {
  const first = await newWorker();
  // Reminder at 3 s, due at 6 s, escalations at 6 s and 7 s: the worker is gone well before the first step.
  const policy = testPolicy({ urgencyAssessment: fastRule(6, { escalateEvery: 1 }) });
  const { caseId, handle, report } = await openCase(h.client, h.taskQueue, policy);
  const urgency = (await handle.query(caseViewQuery)).openTasks.find((t) => t.kind === 'urgency-assessment')!;
  await eventually(async () => (await h.mail.messagesTo(report.reporter.email)).length === 1, { what: 'the receipt' });
  // Crash 1 is about the clock, so it comes once the receipt is recorded as sent (a kill between the
  // SMTP server's accept and that record is the one resend the outbox cannot prevent; see mail.activity).
  await eventually(async () => (await sql(`SELECT id FROM mail_outbox WHERE case_id = $1 AND status = 'sent'`, [caseId])).length === 2, {
    what: "the receipt and the new task's notification recorded as sent",
  });

  // Crash 1: no worker while the 24-hour clock runs out. The timers live in Temporal, not the worker.
  await first.kill();
  expect((await taskEvents(caseId, urgency.taskId)).map((e) => e.type)).toEqual(['task.opened']);
  // The whole chain comes due while no worker runs: wait until a second past its last step.
  await sleep(new Date(urgency.dueAt).getTime() + 1000 + 1000 - Date.now());
  const second = await newWorker();
  const chain = await eventually(
    async () => {
      const e = await taskEvents(caseId, urgency.taskId);
      return e.filter((x) => x.type === 'task.escalated').length === 2 ? e : undefined;
    },
    { what: 'the escalations once a worker is back' },
  );
  expect(chain.map((e) => e.type)).toEqual(['task.opened', 'task.reminded', 'task.overdue', 'task.escalated', 'task.escalated']);

  await driveToDecision(handle, 'radgiver-kim');
  await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: 'radgiver-kim' }] });
  const measure = sampleMeasure({ monthlyCost: 14000, plannedEnd: new Date(Date.now() + 86400_000).toISOString() });
  const d = await handle.executeUpdate(proposeMeasureUpdate, { args: [{ actor: 'radgiver-kim', measure }] });

  // Crash 2: the supervisor's approval is on its way when the worker dies.
  const approval = command(handle, decideApprovalUpdate, { actor: 'leder', decisionId: d.decisionId!, approved: true, reason: 'ok' });
  await second.kill();
  await newWorker();
  const view = await approval;
  expect(view.measures).toEqual([{ measureId: d.measureId, status: 'active', ladderStep: 3 }]);
  expect(view.phase).toBe('measures');

  await eventually(async () => (await sql('SELECT id FROM measures WHERE case_id = $1', [caseId])).length === 1, {
    what: 'the measure row',
  });
  // The approval's last step on the case (the phase change) and the measure's first tasks are recorded
  // after everything before them in their workflow: a doubled step would be recorded by then.
  const events = await eventually(
    async () => {
      const e = await caseEvents(caseId);
      const done =
        e.some((x) => x.type === 'case.phase-changed' && x.data.to === 'measures') &&
        ['follow-up', 'measure-end-decision'].every((kind) => e.some((x) => x.type === 'task.opened' && x.data.kind === kind));
      return done ? e : undefined;
    },
    { what: 'the approval and the start of the measure recorded to their last step' },
  );
  const count = (type: string) => events.filter((e) => e.type === type).length;
  expect({
    approved: count('decision.approved'),
    started: count('measure.started'),
    received: count('report.received'),
    receipts: events.filter((e) => e.type === 'mail.sent' && String(e.data.outboxId).startsWith('receipt:')).length,
  }).toEqual({
    approved: 1,
    started: 1,
    received: 1,
    receipts: 1,
  });
  expect(await h.mail.messagesTo(report.reporter.email)).toHaveLength(1);
  // Every step of the deadline that fired while no worker ran was told once, when a worker was back
  // (and the task's move to the coordinator too).
  const told = await eventually(
    async () => {
      const rows = await sql<{ id: string; status: string }>(
        `SELECT n.id, o.status FROM notifications n JOIN mail_outbox o ON o.id = n.outbox_id WHERE n.task_id = $1`,
        [urgency.taskId],
      );
      return rows.length >= chain.length && rows.every((r) => r.status === 'sent') ? rows : undefined;
    },
    { what: "every step of the urgency assessment's deadline mailed" },
  );
  const stepMails = (await h.mail.messages()).filter((m) =>
    told.some((t) => m.headers['message-id'] === `<${t.id.replace(/[^A-Za-z0-9.-]/g, '.')}@closer.local>`),
  );
  expect(stepMails).toHaveLength(told.length);
  expect(await sql('SELECT id FROM measures WHERE case_id = $1', [caseId])).toHaveLength(1);
});
