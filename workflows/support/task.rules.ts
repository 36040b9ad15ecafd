/**
 * The rules of the commands every aggregate with tasks takes alike: a task marked done by hand, a
 * task given to another person, a task's clock paused or extended with a supervisor's approval.
 * Pure: the tasks and pending requests come from the workflow's state, the time as `now`.
 */
import { clockChangeRules, type CasePolicy } from '../../libs/policy/case-policy';
import { addSpan } from '../../libs/policy/deadline-schedule';
import {
  type ClockChangeRequestView,
  CommandRejection,
  type DecideClockChangeCommand,
  type ReassignTaskCommand,
  type RequestClockChangeCommand,
  type TaskKind,
} from '../contract';
import { invalid, refuse, type Verdict, wrongPhase } from './refusal';
import type { TaskRecord } from './task-record';

type Tasks = Record<string, TaskRecord>;

/** Kinds whose due time is not a statutory clock of the child's case: the four-eyes steps themselves. */
const NOT_A_CLOCK: TaskKind[] = ['approval', 'clock-change-approval'];

/** Tasks with no command of their own are marked done by hand; every other kind through its own command. */
export function completeTaskRefusal(tasks: Tasks, taskId: string, kinds: readonly TaskKind[], owner: string): Verdict {
  const task = tasks[taskId];
  if (!task || task.status !== 'open') return invalid(`taskId ${taskId} is not an open task of this ${owner}`);
  if (!kinds.includes(task.kind)) return wrongPhase(`a ${task.kind} task is done through its own command`);
  return undefined;
}

/** Refuses an unknown or finished task, a partner department's task, and the assignee it already has. */
export function reassignTaskRefusal(
  tasks: Tasks,
  { taskId, assigneeId }: Pick<ReassignTaskCommand, 'taskId' | 'assigneeId'>,
  owner: string,
): Verdict {
  const task = tasks[taskId];
  if (!task) return invalid(`taskId ${taskId} is not an open task of this ${owner}`);
  if (task.status !== 'open') return wrongPhase(`task ${taskId} is ${task.status}`);
  if (task.assignee === 'partner') return wrongPhase(`task ${taskId} belongs to a partner department: it is not given to a person here`);
  if (task.assigneeId === assigneeId)
    return refuse(CommandRejection.AlreadyAssigned, `assigneeId ${assigneeId} already has task ${taskId}`);
  return undefined;
}

/** A coordinator asks to pause or extend the clock of an open task, within the policy's bounds. */
export function clockChangeRequestRefusal(
  tasks: Tasks,
  requests: readonly ClockChangeRequestView[],
  { taskId, change, until }: Pick<RequestClockChangeCommand, 'taskId' | 'change' | 'until'>,
  now: Date,
  policy: CasePolicy,
): Verdict {
  const task = tasks[taskId];
  if (!task || task.status !== 'open') return invalid(`taskId ${taskId} is not an open task here`);
  if (NOT_A_CLOCK.includes(task.kind)) return invalid(`taskId ${taskId}: a ${task.kind} task has no statutory clock`);
  if (requests.some((r) => r.taskId === taskId))
    return wrongPhase(`a request to change the clock of task ${taskId} is already waiting for a supervisor`);
  if (task.clock?.state === 'paused') return wrongPhase(`the clock of task ${taskId} is already paused`);
  const rules = clockChangeRules(policy);
  const at = new Date(until);
  if (change === 'pause') {
    if (at.getTime() <= now.getTime()) return invalid('until must be in the future');
    if (at.getTime() > addSpan(now, rules.maxPause, policy.calendar).getTime())
      return invalid('until is further away than the longest pause the policy allows');
    return undefined;
  }
  const due = new Date(task.dueAt);
  if (at.getTime() <= Math.max(due.getTime(), now.getTime())) return invalid('until must be after the current due time and in the future');
  if (at.getTime() > addSpan(due, rules.maxExtension, policy.calendar).getTime())
    return invalid('until moves the due time further than the policy allows');
  return undefined;
}

/** A supervisor — never the one who asked — decides; an approval must still be able to change the clock. */
export function clockChangeDecisionRefusal(
  tasks: Tasks,
  requests: readonly ClockChangeRequestView[],
  { actor, requestId, approved }: Pick<DecideClockChangeCommand, 'actor' | 'requestId' | 'approved'>,
  now: Date,
): Verdict {
  const r = requests.find((x) => x.requestId === requestId);
  if (!r) return invalid(`requestId ${requestId} is not a pending clock change here`);
  if (r.requestedBy === actor) return wrongPhase('a clock change is approved by someone other than the one who asked for it (four eyes)');
  if (!approved) return undefined;
  const task = tasks[r.taskId];
  if (!task || task.status !== 'open') return wrongPhase(`task ${r.taskId} is no longer open: refuse the request instead`);
  if (r.change === 'pause' && Date.parse(r.until) <= now.getTime())
    return wrongPhase('the pause would already be over: refuse the request instead');
  if (r.change === 'extend' && Date.parse(r.until) <= Date.parse(task.dueAt))
    return wrongPhase('the task is already due later than the extension: refuse the request instead');
  return undefined;
}
