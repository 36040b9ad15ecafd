// Deadlines as one primitive: remind → due → escalate → escalate further, stopped by the work being done.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import {
  caseViewQuery,
  caseWorkflowId,
  completeTaskUpdate,
  decideTriageUpdate,
  recordChildConversationUpdate,
  recordUrgencyAssessmentUpdate,
  reportReceivedSignal,
  submitAssessmentUpdate,
} from '../../workflows/contract';
import { caseEvents, command, openCase, reportOfConcern, taskEvents } from '../support/cases';
import { sql } from '../support/database';
import { MailCatcher } from '../support/mail-catcher';
import { fastRule, testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('deadlines');
const ms = (d: Date | string) => new Date(d).getTime();

/**
 * Shows that nothing more fired on a task, without sleeping: a later report opens a new urgency-assessment
 * task on the same case, and this waits until one of its steps (`type`, at `level`) is recorded. A case
 * records its steps one after another in the order they fire, so any step due before that one is
 * recorded by then.
 */
async function laterStepRecorded(handle: WorkflowHandle, caseId: string, type: string, level = 0): Promise<void> {
  const later = reportOfConcern();
  await handle.signal(reportReceivedSignal, later);
  const task = await eventually(
    async () =>
      (await handle.query(caseViewQuery)).openTasks.find((t) => t.kind === 'urgency-assessment' && t.subjectId === later.reportId),
    { what: "the later report's urgency assessment" },
  );
  await eventually(async () => (await taskEvents(caseId, task.taskId)).some((e) => e.type === type && e.data.level === level), {
    what: `the later task's ${type} (level ${level})`,
  });
}

describe('the 24-hour urgency assessment (test policy: seconds)', () => {
  it('missed: reminds half-way, goes overdue, escalates to the supervisor and then the head of department, in that order and on time', async () => {
    const policy = testPolicy({ urgencyAssessment: fastRule(3, { escalateEvery: 2 }) });
    const { caseId, handle } = await openCase(h.client, h.taskQueue, policy);
    const task = (await handle.query(caseViewQuery)).openTasks.find((t) => t.kind === 'urgency-assessment')!;

    const events = await eventually(
      async () => {
        const e = await taskEvents(caseId, task.taskId);
        return e.filter((x) => x.type === 'task.escalated').length === 2 ? e : undefined;
      },
      { what: 'both escalations' },
    );
    expect(events.map((e) => [e.type, e.data.to ?? null, e.data.level ?? null])).toEqual([
      ['task.opened', null, null],
      ['task.reminded', 'assignee', 0],
      ['task.overdue', 'assignee', 0],
      ['task.escalated', 'supervisor', 1],
      ['task.escalated', 'head-of-department', 2],
    ]);
    // Each step fired by its own timer, not when somebody looked: in time order (above) and none
    // before it was due. (Workflow time is the server's task time, so allow a few hundred milliseconds.)
    const opened = ms(task.openedAt);
    const due = ms(task.dueAt);
    const slack = 300;
    expect(ms(events[1].occurred_at) - opened).toBeGreaterThanOrEqual(1500 - slack);
    expect(ms(events[2].occurred_at)).toBeGreaterThanOrEqual(due - slack);
    expect(ms(events[4].occurred_at) - due).toBeGreaterThanOrEqual(2000 - slack);

    // Temporal UI can list what is late now: the search attributes follow the task.
    const attributes = (await handle.describe()).typedSearchAttributes.getAll();
    expect(attributes.find((p) => p.key.name === 'EscalationLevel')?.value).toBe(2);
    expect((attributes.find((p) => p.key.name === 'NextDeadline')?.value as Date).toISOString()).toBe(task.dueAt);
    expect(attributes.find((p) => p.key.name === 'CasePhase')?.value).toBe('intake');
    // Visibility is updated after the workflow's own state: wait for it rather than read it once.
    const found = await eventually(
      async () => {
        const late = h.client.workflow.list({
          query: `WorkflowId = '${handle.workflowId}' AND EscalationLevel >= 2 AND ExecutionStatus = 'Running'`,
        });
        const ids: string[] = [];
        for await (const wf of late) ids.push(wf.workflowId);
        return ids.length ? ids : undefined;
      },
      { what: 'the case listed as escalated' },
    );
    expect(found).toEqual([handle.workflowId]);

    const view = await command(handle, recordUrgencyAssessmentUpdate, { actor: 'radgiver', childInDanger: true, acuteHelpNeeded: false });
    expect(view.urgency).toMatchObject({ onTime: false, childInDanger: true });
    const done = await eventually(async () => (await taskEvents(caseId, task.taskId)).find((e) => e.type === 'task.completed'), {
      what: 'completion',
    });
    expect(done.data).toMatchObject({ late: true });
  });

  it('met: done in time, the task closes and nothing fires afterwards', async () => {
    // The first reminder comes 2 s after the task opens: time enough for a loaded worker to take the assessment first.
    const policy = testPolicy({ urgencyAssessment: fastRule(4, { escalateEvery: 1 }) });
    const { caseId, handle } = await openCase(h.client, h.taskQueue, policy);
    const task = (await handle.query(caseViewQuery)).openTasks.find((t) => t.kind === 'urgency-assessment')!;
    const view = await command(handle, recordUrgencyAssessmentUpdate, { actor: 'radgiver', childInDanger: false, acuteHelpNeeded: false });
    expect(view.urgency?.onTime).toBe(true);
    expect(view.openTasks.some((t) => t.taskId === task.taskId)).toBe(false);
    expect((await handle.describe()).typedSearchAttributes.getAll().find((p) => p.key.name === 'EscalationLevel')?.value).toBe(0);
    // A later task on the same rule runs its whole chain, to the last escalation; this one's steps were all due before that.
    await laterStepRecorded(handle, caseId, 'task.escalated', 2);
    const types = (await taskEvents(caseId, task.taskId)).map((e) => e.type);
    expect(types).toEqual(['task.opened', 'task.completed']);
  });
});

describe('the 4-month assessment (test policy: seconds)', () => {
  it('when the deadline passes: escalates to the supervisor, opens a preliminary assessment, and reminds again and again until done', async () => {
    const policy = testPolicy({
      // A later report's task falls due 2 s after it opens: two repeat intervals of the assessment.
      urgencyAssessment: fastRule(2),
      assessment: {
        due: { seconds: 4 },
        remindAtFractions: [0.5, 0.75, 0.9],
        escalations: [{ after: { seconds: 0 }, to: 'supervisor' }],
        repeatAfterDue: { seconds: 1 },
      },
    });
    const { caseId, handle } = await openCase(h.client, h.taskQueue, policy);
    await handle.executeUpdate(recordUrgencyAssessmentUpdate, {
      args: [{ actor: 'radgiver', childInDanger: false, acuteHelpNeeded: false }],
    });
    const started = await command(handle, decideTriageUpdate, { actor: 'radgiver', decision: 'assessment', reason: 'Undersøgelse' });
    const assessment = started.openTasks.find((t) => t.kind === 'assessment')!;

    const view = await eventually(
      async () => {
        const v = await handle.query(caseViewQuery);
        return v.openTasks.some((t) => t.kind === 'preliminary-assessment') ? v : undefined;
      },
      { what: 'the preliminary assessment task' },
    );
    expect(view.openTasks.find((t) => t.kind === 'preliminary-assessment')).toMatchObject({ assignee: 'coordinator', status: 'open' });
    await eventually(async () => (await taskEvents(caseId, assessment.taskId)).filter((e) => e.type === 'task.reminded').length >= 5, {
      what: '50/75/90 % reminders and repeats after the deadline',
    });
    const events = await taskEvents(caseId, assessment.taskId);
    expect(events.filter((e) => e.type === 'task.escalated').map((e) => e.data.to)).toEqual(['supervisor']);

    await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: 'radgiver' }] });
    const after = await command(handle, submitAssessmentUpdate, {
      actor: 'radgiver',
      conclusion: 'no-measures',
      summary: 'Ingen foranstaltninger',
    });
    expect(after.phase).toBe('decision');
    expect(after.openTasks.filter((t) => ['assessment', 'preliminary-assessment'].includes(t.kind))).toEqual([]);
    const count = (await taskEvents(caseId, assessment.taskId)).length;
    // The weekly reminder (every second here) would have come again before a later task falls due.
    await laterStepRecorded(handle, caseId, 'task.overdue');
    expect((await taskEvents(caseId, assessment.taskId)).length).toBe(count);
  });
});

describe('the receipt (kvittering, 6 weekdays)', () => {
  it('is retried automatically while the mail server is down and sent once it is back, with no task for the coordinator', async () => {
    const policy = testPolicy(); // deadline 120 s, the coordinator asked 30 s before it
    const smtpPort = h.mail.smtpPort;
    await h.mail.stop();
    try {
      const report = reportOfConcern();
      const caseId = randomUUID();
      const handle = await h.client.workflow.signalWithStart('caseWorkflow', {
        workflowId: caseWorkflowId(caseId),
        taskQueue: h.taskQueue,
        args: [{ caseId, policy }],
        signal: reportReceivedSignal,
        signalArgs: [report],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      // Tried and failed more than once while the server is away.
      await eventually(async () => ((await outboxRow(report.reportId))?.attempts ?? 0) >= 2, { what: 'two failed attempts' });
      h.mail = await MailCatcher.start(smtpPort);
      const view = await eventually(
        async () => {
          const v = await handle.query(caseViewQuery);
          return v.receiptsSent.includes(report.reportId) ? v : undefined;
        },
        { what: 'the receipt to go out once the mail server is back' },
      );
      expect(view.openTasks.some((t) => t.kind === 'manual-receipt')).toBe(false);
      expect(await h.mail.messagesTo(report.reporter.email)).toHaveLength(1);
      expect(await outboxRow(report.reportId)).toMatchObject({ status: 'sent' });
      expect((await caseEvents(caseId)).filter((e) => e.type === 'task.opened').map((e) => e.data.kind as string)).not.toContain(
        'manual-receipt',
      );
    } finally {
      if (
        !(await h.mail.messages().then(
          () => true,
          () => false,
        ))
      )
        h.mail = await MailCatcher.start(smtpPort);
    }
  });

  it('that cannot be sent is retried until the deadline is at risk, and only then becomes a task for the coordinator, due at the deadline', async () => {
    const policy = testPolicy({ receipt: { ...testPolicy().receipt, deadline: { seconds: 20 }, manualTaskBefore: { seconds: 10 } } });
    // The mail server is fine, but an address that is no address cannot be sent to, however often it is tried.
    const { caseId, handle, report } = await openCase(
      h.client,
      h.taskQueue,
      policy,
      reportOfConcern({ reporter: { name: 'Borger', email: 'ikke-en-adresse', type: 'citizen' } }),
    );
    const view = await eventually(
      async () => {
        const v = await handle.query(caseViewQuery);
        return v.openTasks.some((t) => t.kind === 'manual-receipt') ? v : undefined;
      },
      { what: 'the manual receipt task' },
    );
    const task = view.openTasks.find((t) => t.kind === 'manual-receipt')!;
    expect(view.receiptsSent).toEqual([]);
    const received = ms(report.receivedAt);
    // Retried automatically (1 s, 2 s, 4 s … apart) for the 10 s before the deadline came at risk.
    expect((await outboxRow(report.reportId))!.attempts).toBeGreaterThanOrEqual(3);
    expect(await outboxRow(report.reportId)).toMatchObject({ status: 'pending' });
    // The task came when the deadline was at risk (10 s before it), not at the first failure …
    expect(ms(task.openedAt) - received).toBeGreaterThanOrEqual(10_000 - 500);
    // … in time for the coordinator to send it another way: the task opened before its deadline (an order) …
    expect(ms(task.openedAt)).toBeLessThan(ms(task.dueAt));
    // … and is due at the receipt deadline itself.
    expect(ms(task.dueAt) - received).toBe(20_000);
    const done = await command(handle, completeTaskUpdate, { actor: 'radgiver', taskId: task.taskId, note: 'Kvittering sendt med post' });
    expect(done.openTasks.some((t) => t.taskId === task.taskId)).toBe(false);
    expect((await taskEvents(caseId, task.taskId)).map((e) => e.type)).toEqual(['task.opened', 'task.completed']);
  });
});

async function outboxRow(reportId: string) {
  const [row] = await sql<{ status: string; attempts: number }>('SELECT status, attempts FROM mail_outbox WHERE id = $1', [
    `receipt:${reportId}`,
  ]);
  return row;
}
