/**
 * The complete-task command of the case and measure workflows: tasks that have no command of their
 * own (a manual receipt sent, a preliminary assessment made, the placement's statement received…)
 * are marked done by hand. Every other kind is done through its own command, which records what it
 * decided; the workflow refuses to mark those done bare (task.rules.ts).
 */
import { COMMANDS, type TaskKind } from '../contract';
import type { TaskOwner } from './task-assignment';
import { completeTaskRefusal } from './task.rules';
import { enforce } from './validation';

/** Installs completeTask for the task kinds in `kinds`: those done by hand. */
export function installCompleteTask(o: TaskOwner, kinds: readonly TaskKind[]): void {
  o.gate.command(
    COMMANDS.completeTask,
    ({ taskId }) => {
      o.open?.();
      enforce(completeTaskRefusal(o.taskRecords(), taskId, kinds, o.owner));
    },
    async ({ actor, taskId, note }) => {
      o.noteActor?.(actor);
      await o.tasks.complete(taskId, actor, { noted: !!note });
      return o.result();
    },
  );
}
