/**
 * The reassignTask command, the same on the case, measure and family workflows: an open task of a
 * person's role is given to another person (a coordinator claims it, a supervisor reassigns it).
 * The API checks who may do it and who may receive it; the workflow refuses what its state rules
 * out, so no input can fail the workflow.
 */
import { CommandRejection, type CommandResult, type ReassignTaskCommand, reassignTaskUpdate } from '../contract';
import type { CommandGate } from './command-gate';
import type { TaskTracker } from './task-tracker';
import { rejectCommand } from './validation';

/** Refuses an unknown or finished task, a partner department's task, and the assignee it already has. */
export function reassignTaskRules(tasks: TaskTracker, owner: string): (cmd: ReassignTaskCommand) => void {
  return ({ taskId, assigneeId }) => {
    const task = tasks.get(taskId);
    if (!task) return rejectCommand(CommandRejection.InvalidCommand, `taskId ${taskId} is not an open task of this ${owner}`);
    if (task.status !== 'open') rejectCommand(CommandRejection.WrongPhase, `task ${taskId} is ${task.status}`);
    if (task.assignee === 'partner')
      rejectCommand(CommandRejection.WrongPhase, `task ${taskId} belongs to a partner department: it is not given to a person here`);
    if (task.assigneeId === assigneeId)
      rejectCommand(CommandRejection.AlreadyAssigned, `assigneeId ${assigneeId} already has task ${taskId}`);
  };
}

/** Installs reassignTask through the workflow's command gate (validated, idempotent by update id, in turn). */
export function installReassignTask(
  gate: CommandGate,
  tasks: TaskTracker,
  owner: string,
  result: () => CommandResult,
  extraRules: () => void = () => undefined,
): void {
  gate.command(
    reassignTaskUpdate,
    'reassignTaskSchema',
    (cmd) => {
      extraRules();
      reassignTaskRules(tasks, owner)(cmd);
    },
    async ({ actor, taskId, assigneeId, reason }) => {
      await tasks.assign(taskId, assigneeId, actor, reason);
      return result();
    },
  );
}
