/**
 * The complete-task command of the case and measure workflows: tasks that have no command of their
 * own (a manual receipt sent, a preliminary assessment made, the placement's statement received…)
 * are marked done by hand. Every other kind is done through its own command, which records what it
 * decided; the workflow refuses to mark those done bare.
 */
import { CommandRejection, type CommandResult, completeTaskUpdate, type TaskKind } from '../contract';
import type { CommandGate } from './command-gate';
import type { TaskTracker } from './task-tracker';
import { rejectCommand } from './validation';

export function installCompleteTask(
  gate: CommandGate,
  tasks: TaskTracker,
  o: {
    /** The kinds done by hand. */
    kinds: readonly TaskKind[];
    /** Whose tasks, for the messages: 'case' or 'measure'. */
    owner: string;
    /** Refuses the command when the workflow takes no commands now (closed, ended). */
    open: () => void;
    result: () => CommandResult;
    /** Runs first when the command is applied (the case notes who acted). */
    onApply?: (actor: string) => void;
  },
): void {
  gate.command(
    completeTaskUpdate,
    'completeTaskSchema',
    ({ taskId }) => {
      o.open();
      const task = tasks.get(taskId);
      if (!task || task.status !== 'open')
        rejectCommand(CommandRejection.InvalidCommand, `taskId ${taskId} is not an open task of this ${o.owner}`);
      if (!o.kinds.includes(task!.kind)) rejectCommand(CommandRejection.WrongPhase, `a ${task!.kind} task is done through its own command`);
    },
    async ({ actor, taskId, note }) => {
      o.onApply?.(actor);
      await tasks.complete(taskId, actor, { noted: !!note });
      return o.result();
    },
  );
}
