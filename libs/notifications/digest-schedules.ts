/**
 * Each person who chose a daily digest has a Temporal schedule, `digest-<user id>`, that starts
 * workflows/digest/digest.workflow.ts every day at their time in Danish time (Europe/Copenhagen, so the
 * hour holds across summer time). Set when the person changes their choice (the API), and checked
 * against the users table when a worker starts (a Temporal server set up anew gets them back).
 */
import { type Client, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { type NotificationMode, parseDigestTime } from './notification-rules';

export const DIGEST_TIMEZONE = 'Europe/Copenhagen';
export const digestScheduleId = (userId: string): string => `digest-${userId}`;

export interface DigestChoice {
  userId: string;
  mode: NotificationMode;
  digestTime: string;
}

function scheduleOf(taskQueue: string, { userId, digestTime }: DigestChoice) {
  const { hour, minute } = parseDigestTime(digestTime);
  return {
    spec: { calendars: [{ hour, minute, comment: `daily digest at ${digestTime}` }], timezone: DIGEST_TIMEZONE },
    action: {
      type: 'startWorkflow' as const,
      workflowType: 'digestWorkflow',
      workflowId: digestScheduleId(userId),
      taskQueue,
      args: [{ userId }],
    },
    // A digest missed while Temporal was down goes when it is back, the same day; never two at once.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '12 hours' },
  };
}

/**
 * Makes the person's schedule match their choice: created or moved for a digest, gone for
 * immediate mail (then whatever was still held goes out at once, in one last digest). Idempotent.
 */
export async function applyDigestChoice(client: Client, taskQueue: string, choice: DigestChoice): Promise<void> {
  const scheduleId = digestScheduleId(choice.userId);
  const handle = client.schedule.getHandle(scheduleId);
  if (choice.mode === 'digest') {
    const wanted = scheduleOf(taskQueue, choice);
    try {
      await client.schedule.create({ scheduleId, ...wanted });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await handle.update((current) => ({ ...current, ...wanted }));
    }
    return;
  }
  try {
    await handle.delete();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return;
    throw err;
  }
  // Held steps would otherwise wait for a digest that no longer comes.
  await client.workflow.start('digestWorkflow', {
    taskQueue,
    workflowId: `${scheduleId}-flush-${Date.now()}`,
    args: [{ userId: choice.userId }],
  });
}

/**
 * Every digest person has a schedule; run when a worker starts. Creates the missing ones only: a
 * schedule that exists was set by the person's last choice and is left as it is.
 */
export async function createMissingDigestSchedules(client: Client, dataSource: DataSource, taskQueue: string): Promise<number> {
  const rows = (await dataSource.query(`SELECT id, digest_time FROM users WHERE notification_mode = 'digest' AND active ORDER BY id`)) as {
    id: string;
    digest_time: string;
  }[];
  let created = 0;
  for (const r of rows) {
    try {
      await client.schedule.create({
        scheduleId: digestScheduleId(r.id),
        ...scheduleOf(taskQueue, { userId: r.id, mode: 'digest', digestTime: r.digest_time }),
      });
      created++;
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
  }
  return created;
}
