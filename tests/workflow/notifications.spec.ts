// Every step of a task reaches its person by mail, once: the case workflow fires the steps, the
// projection writes each step's notification and mail in the same transaction as its event, and the
// worker's outbox relay sends it the moment that commits. Mail names no child and quotes nothing.
// A person who chose the daily digest gets one mail from their Temporal schedule instead, except for
// what must never wait (escalations to managers, the 24-hour clock).
import { randomUUID } from 'node:crypto';
import { createProjectionActivities } from '../../activities/projection.activity';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/db/data-source-options';
import { applyDigestChoice, digestScheduleId } from '../../libs/notifications/digest-schedules';
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { caseEvents, openCase } from '../support/cases';
import { sql } from '../support/database';
import type { CaughtMail } from '../support/mail-catcher';
import { fastRule, testPolicy } from '../support/test-policy';
import { eventually, testEnv } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('notifications');

const emailOf = async (userId: string) => (await sql<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId]))[0].email;
const mailsAbout = async (id: string): Promise<CaughtMail[]> => (await h.mail.messages()).filter((m) => m.text.includes(id));

it('tells each step of an overdue urgency assessment to its person, once each, with no personal data', async () => {
  // Due after 4 s: reminder at 2 s, overdue and escalated to the supervisor at 4 s, to the head at 6 s.
  const policy = testPolicy({ urgencyAssessment: fastRule(4, { escalateEvery: 2 }) });
  const { caseId, report } = await openCase(h.client, h.taskQueue, policy);
  // The report has no coordinator yet: the intake team's supervisor (Sofie) gets the task's steps.
  await eventually(async () => (await caseEvents(caseId)).some((e) => e.type === 'task.escalated' && e.data.level === 2), {
    what: 'the escalation to the head of department',
    timeoutMs: 60_000,
  });
  const steps = (await caseEvents(caseId)).filter((e) => e.type.startsWith('task.') && e.data.kind === 'urgency-assessment');
  expect(steps.map((e) => [e.type, e.data.recipient?.userId])).toEqual([
    ['task.opened', DEMO_IDS.supervisorNorth],
    ['task.reminded', DEMO_IDS.supervisorNorth],
    ['task.overdue', DEMO_IDS.supervisorNorth],
    ['task.escalated', DEMO_IDS.supervisorNorth],
    ['task.escalated', DEMO_IDS.head],
  ]);

  const mails = await eventually(async () => ((await mailsAbout(caseId)).length >= steps.length ? mailsAbout(caseId) : undefined), {
    what: 'a mail for every step',
  });
  const [sofie, hanne] = [await emailOf(DEMO_IDS.supervisorNorth), await emailOf(DEMO_IDS.head)];
  expect(mails.map((m) => m.to[0].address).sort()).toEqual([hanne, sofie, sofie, sofie, sofie].sort());
  const toHead = mails.find((m) => m.to[0].address === hanne)!;
  expect(toHead.subject).toMatch(/^Eskaleret til dig \(niveau 2\): Vurdering inden for 24 timer – frist /);
  expect(toHead.text).toContain('Barnets Lov § 136');
  expect(toHead.text).toContain('Eskaleringsniveau: 2');
  expect(toHead.text).toMatch(new RegExp(`Åbn sagen: http\\S*/app/cases/${caseId}`));
  expect(mails.map((m) => m.subject.split(':')[0]).sort()).toEqual(
    ['Ny opgave', 'Påmindelse', 'Fristen er overskredet', 'Eskaleret til dig (niveau 1)', 'Eskaleret til dig (niveau 2)'].sort(),
  );
  // One mail per step: distinct Message-IDs, each the step's own.
  expect(new Set(mails.map((m) => m.headers['message-id'])).size).toBe(steps.length);
  for (const m of mails) {
    for (const personal of [report.childReference, report.concern, report.reporter.name, report.reporter.email])
      expect(m.subject + m.text).not.toContain(personal);
  }
  // Recorded: a notification per step, each mailed, each mail sent and logged as an event.
  const told = await sql<{ n: number; mailed: number }>(
    `SELECT count(*)::int AS n, count(o.sent_at)::int AS mailed FROM notifications n JOIN mail_outbox o ON o.id = n.outbox_id WHERE n.case_id = $1`,
    [caseId],
  );
  expect(told[0]).toEqual({ n: steps.length, mailed: steps.length });
});

it('tells a step once when its projection is applied again (a retried activity)', async () => {
  const ds = await new DataSource(dataSourceOptions(testEnv().databaseUrl)).initialize();
  try {
    const { caseId } = await openCase(h.client, h.taskQueue, testPolicy());
    const { project } = createProjectionActivities({ dataSource: ds, relayQueue: h.taskQueue });
    const taskId = randomUUID();
    const step = {
      caseId,
      tasks: [
        {
          id: taskId,
          kind: 'follow-up',
          assigneeRole: 'coordinator',
          assigneeId: DEMO_IDS.freja,
          status: 'open',
          openedAt: new Date(),
          dueAt: new Date(Date.now() + 60_000),
        },
      ],
      events: [
        {
          eventId: `task:${taskId}:opened`,
          type: 'task.opened',
          actor: 'system',
          at: new Date().toISOString(),
          data: { taskId, kind: 'follow-up', dueAt: new Date(Date.now() + 60_000).toISOString() },
        },
      ],
    };
    await project(step);
    await project(step);
    await Promise.all([project(step), project(step)]);
    const freja = await emailOf(DEMO_IDS.freja);
    await eventually(async () => (await mailsAbout(caseId)).some((m) => m.to[0].address === freja), { what: "Freja's mail" });
    // The mail is sent by now; a later one would have been sent too (the relay takes them in order).
    const { caseId: later } = await openCase(h.client, h.taskQueue, testPolicy({ urgencyAssessment: fastRule(60) }));
    await eventually(async () => (await mailsAbout(later)).length > 0, { what: 'a later mail' });
    expect((await mailsAbout(caseId)).filter((m) => m.to[0].address === freja)).toHaveLength(1);
    expect(await sql('SELECT id FROM notifications WHERE case_id = $1 AND user_id = $2', [caseId, DEMO_IDS.freja])).toHaveLength(1);
  } finally {
    await ds.destroy();
  }
});

it('holds steps for a person who chose the digest and sends them in one mail from their schedule; the 24-hour clock goes at once', async () => {
  const ds = await new DataSource(dataSourceOptions(testEnv().databaseUrl)).initialize();
  const userId = randomUUID();
  const email = `digest.${userId.slice(0, 8)}@closer.test`;
  await sql(
    `INSERT INTO users (id, subject, username, display_name, email, roles, team_id, notification_mode, digest_time)
     VALUES ($1::uuid, $1::text, $2, 'Digest Tester', $3, ARRAY['coordinator', 'supervisor'], 'team-north', 'digest', '06:15')`,
    [userId, `digest-${userId.slice(0, 8)}`, email],
  );
  try {
    const { caseId } = await openCase(h.client, h.taskQueue, testPolicy());
    const { project } = createProjectionActivities({ dataSource: ds, relayQueue: h.taskQueue });
    const taskId = randomUUID();
    const due = new Date(Date.now() + 3_600_000).toISOString();
    const event = (n: string, type: string, data: Record<string, unknown> = {}) => ({
      eventId: `task:${taskId}:${n}`,
      type,
      actor: 'system',
      at: new Date().toISOString(),
      data: { taskId, kind: 'follow-up', dueAt: due, ...data },
    });
    await project({
      caseId,
      tasks: [
        {
          id: taskId,
          kind: 'follow-up',
          assigneeRole: 'coordinator',
          assigneeId: userId,
          status: 'open',
          openedAt: new Date(),
          dueAt: new Date(due),
        },
      ],
      events: [event('opened', 'task.opened'), event('step:0', 'task.reminded', { to: 'assignee', level: 0 })],
    });
    // The 24-hour clock never waits for a digest.
    const urgentId = randomUUID();
    await project({
      caseId,
      tasks: [
        {
          id: urgentId,
          kind: 'urgency-assessment',
          assigneeRole: 'coordinator',
          assigneeId: userId,
          status: 'open',
          openedAt: new Date(),
          dueAt: new Date(due),
        },
      ],
      events: [
        {
          eventId: `task:${urgentId}:step:0`,
          type: 'task.reminded',
          actor: 'system',
          at: new Date().toISOString(),
          data: { taskId: urgentId, kind: 'urgency-assessment', dueAt: due, to: 'assignee', level: 0 },
        },
      ],
    });
    const rows = await sql<{ step: string; delivery: string }>('SELECT step, delivery FROM notifications WHERE user_id = $1 ORDER BY id', [
      userId,
    ]);
    expect(rows.map((r) => `${r.step} ${r.delivery}`).sort()).toEqual([
      'task.opened digest',
      'task.reminded digest',
      'task.reminded immediate',
    ]);
    const urgent = await eventually(async () => (await h.mail.messagesTo(email)).find((m) => m.subject.startsWith('Påmindelse')), {
      what: 'the 24-hour reminder at once',
    });
    expect(urgent.text).toContain('Vurdering inden for 24 timer (Barnets Lov § 136)');

    await applyDigestChoice(h.client, h.taskQueue, { userId, mode: 'digest', digestTime: '06:15' });
    const schedule = h.client.schedule.getHandle(digestScheduleId(userId));
    const described = await schedule.describe();
    expect(described.spec.timezone).toBe('Europe/Copenhagen');
    expect(described.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: 6, end: 6, step: 1 }],
      minute: [{ start: 15, end: 15, step: 1 }],
    });

    await schedule.trigger();
    const digest = await eventually(async () => (await h.mail.messagesTo(email)).find((m) => m.subject.startsWith('Dagens opgaver')), {
      what: 'the digest mail',
    });
    expect(digest.subject).toMatch(/: 2 beskeder$/);
    expect(digest.text).toContain('Ny opgave: Opfølgning');
    expect(digest.text).toContain('Påmindelse: Opfølgning');
    expect(digest.text).toContain(`/cases/${caseId}`);
    expect(await sql('SELECT 1 FROM notifications WHERE user_id = $1 AND delivery = $2 AND digest_id IS NULL', [userId, 'digest'])).toEqual(
      [],
    );

    // Nothing held any more: the next run of the schedule sends nothing. (The schedule skips a run
    // while the last one is still going, so the first must have finished.)
    const first = (await schedule.describe()).info.recentActions[0].action.workflow;
    expect(await h.client.workflow.getHandle(first.workflowId, first.firstExecutionRunId).result()).toEqual({ items: 2 });
    await schedule.trigger();
    await eventually(async () => ((await schedule.describe()).info.recentActions.length >= 2 ? true : undefined), {
      what: 'the second run',
    });
    const runs = [...(await schedule.describe()).info.recentActions].sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
    const second = runs[1].action.workflow;
    expect(await h.client.workflow.getHandle(second.workflowId, second.firstExecutionRunId).result()).toEqual({ items: 0 });
    expect((await h.mail.messagesTo(email)).filter((m) => m.subject.startsWith('Dagens opgaver'))).toHaveLength(1);

    // Back to immediate mail: the schedule is gone.
    await applyDigestChoice(h.client, h.taskQueue, { userId, mode: 'immediate', digestTime: '06:15' });
    await expect(schedule.describe()).rejects.toThrow(/not found/i);
  } finally {
    await h.client.schedule
      .getHandle(digestScheduleId(userId))
      .delete()
      .catch(() => undefined);
    await sql(`UPDATE users SET notification_mode = 'immediate', active = false WHERE id = $1`, [userId]);
    await ds.destroy();
  }
});
