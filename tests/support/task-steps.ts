import type { CalendarPolicy } from '../../libs/calendar/danish-calendar';
import type { DeadlineRule } from '../../libs/policy/case-policy';
import { deadlineSteps } from '../../libs/policy/deadline-schedule';
import type { TaskView } from '../../workflows/contract';
import { sql } from './database';
import { eventually } from './test-env';

export interface TaskEvent {
  type: string;
  occurred_at: Date;
  data: Record<string, any>;
}

const STEP_EVENT = { reminder: 'task.reminded', due: 'task.overdue', escalation: 'task.escalated' } as const;
const STEP_TYPES: string[] = Object.values(STEP_EVENT);

/** Every event of one task (case or family), in the order it was recorded. */
export async function eventsOfTask(taskId: string): Promise<TaskEvent[]> {
  return sql<TaskEvent>(`SELECT type, occurred_at, data FROM case_events WHERE data->>'taskId' = $1 ORDER BY id`, [taskId]);
}

/** The reminder, overdue and escalation events of a task as [type, to, level, scheduledFor]. */
export function stepsOf(events: TaskEvent[]): [string, string, number, string][] {
  return events.filter((e) => STEP_TYPES.includes(e.type)).map((e) => [e.type, e.data.to, e.data.level, e.data.scheduledFor]);
}

/** What the policy promises for a task: each step once, in time order, as stepsOf() shows them. */
export function expectedSteps(
  task: Pick<TaskView, 'openedAt' | 'dueAt'>,
  rule: Omit<DeadlineRule, 'due'>,
  cal: CalendarPolicy,
): [string, string, number, string][] {
  return deadlineSteps(new Date(task.openedAt), new Date(task.dueAt), rule, cal).map((s) => [STEP_EVENT[s.type], s.to, s.level, s.at]);
}

/**
 * Waits until as many steps as the policy promises have been recorded for the task, then checks
 * they are exactly those steps (none missing, none repeated, none early) in time order.
 */
export async function expectEveryStepOnce(
  task: Pick<TaskView, 'taskId' | 'openedAt' | 'dueAt'>,
  rule: Omit<DeadlineRule, 'due'>,
  cal: CalendarPolicy,
  { timeoutMs = 90_000, what = `the steps of task ${task.taskId}` } = {},
): Promise<TaskEvent[]> {
  const expected = expectedSteps(task, rule, cal);
  const events = await eventually(
    async () => {
      const e = await eventsOfTask(task.taskId);
      return stepsOf(e).length >= expected.length ? e : undefined;
    },
    { timeoutMs, what },
  ).catch(async (err: Error) => {
    throw new Error(`${err.message}\nexpected: ${JSON.stringify(expected)}\nrecorded: ${JSON.stringify(await eventsOfTask(task.taskId))}`);
  });
  expectStepsInOrder(events, expected);
  return events;
}

/** The recorded steps are the expected ones, recorded in time order and none before its time. */
export function expectStepsInOrder(events: TaskEvent[], expected: [string, string, number, string][]): void {
  expect(stepsOf(events)).toEqual(expected);
  const times = events.map((e) => new Date(e.occurred_at).getTime());
  expect(times).toEqual([...times].sort((a, b) => a - b));
  // Workflow time is the server's task time: allow a few hundred milliseconds.
  for (const e of events.filter((x) => STEP_TYPES.includes(x.type)))
    expect(new Date(e.occurred_at).getTime()).toBeGreaterThanOrEqual(Date.parse(e.data.scheduledFor) - 300);
}
