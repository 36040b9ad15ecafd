/**
 * The complete-task command of the case and measure workflows: tasks that have no command of their
 * own (a manual receipt sent, a preliminary assessment made, the placement's statement received…)
 * are marked done by hand. Every other kind is done through its own command, which records what it
 * decided; the workflow refuses to mark those done bare (task.rules.ts).
 */
import { COMMANDS, type CommandResult, type TaskKind } from '../contract';
import type { CommandGate } from './command-gate';
import type { TaskTracker } from './task-tracker';
import type { TaskRecord } from './task-record';
import { completeTaskRefusal } from './task.rules';
import { enforce } from './validation';

export function installCompleteTask(
  gate: CommandGate,
  tasks: TaskTracker,
  o: {
    /** The kinds done by hand. */
    kinds: readonly TaskKind[];
    /** Whose tasks, for the messages: 'case' or 'measure'. */
    owner: string;
    /** The workflow's tasks (in its state): what the rules read. */
    taskRecords: () => Record<string, TaskRecord>;
    /** Refuses the command when the workflow takes no commands now (closed, ended). */
    open: () => void;
    result: () => CommandResult;
    /** Runs first when the command is applied (the case notes who acted). */
    onApply?: (actor: string) => void;
  },
): void {
  gate.command(
    COMMANDS.completeTask,
    ({ taskId }) => {
      o.open();
      enforce(completeTaskRefusal(o.taskRecords(), taskId, o.kinds, o.owner));
    },
    async ({ actor, taskId, note }) => {
      o.onApply?.(actor);
      await tasks.complete(taskId, actor, { noted: !!note });
      return o.result();
    },
  );
}
