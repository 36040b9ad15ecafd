/**
 * The reassignTask command, the same on the case, measure and family workflows: an open task of a
 * person's role is given to another person (a coordinator claims it, a supervisor reassigns it).
 * The API checks who may do it and who may receive it; the workflow refuses what its state rules
 * out (task.rules.ts), so no input can fail the workflow.
 */
import { COMMANDS, type CommandResult } from '../contract';
import type { CommandGate } from './command-gate';
import type { TaskTracker } from './task-tracker';
import type { TaskRecord } from './task-record';
import { reassignTaskRefusal } from './task.rules';
import { enforce } from './validation';

/**
 * What a workflow gives the task commands it shares with the others (reassign, complete by hand,
 * clock changes): its gate and tasks, whose tasks they are, and how it answers and refuses.
 */
export interface TaskOwner {
  gate: CommandGate;
  tasks: TaskTracker;
  /** Whose tasks, for the messages: 'case', 'measure' or 'family'. */
  owner: string;
  /** The workflow's tasks (in its state): what the rules read. */
  taskRecords: () => Record<string, TaskRecord>;
  result: (extra?: Omit<CommandResult, 'id' | 'phase'>) => CommandResult;
  /** Refuses the command when the workflow takes no commands now (closed, ended). */
  open?: () => void;
  /** Runs first when a command is applied (the case notes who acted). */
  noteActor?: (actor: string) => void;
}

/** Installs reassignTask through the workflow's command gate (validated, idempotent by update id, in turn). */
export function installReassignTask(o: TaskOwner): void {
  o.gate.command(
    COMMANDS.reassignTask,
    (cmd) => {
      o.open?.();
      enforce(reassignTaskRefusal(o.taskRecords(), cmd, o.owner));
    },
    async ({ actor, taskId, assigneeId, reason }) => {
      await o.tasks.assign(taskId, assigneeId, actor, reason);
      return o.result();
    },
  );
}
