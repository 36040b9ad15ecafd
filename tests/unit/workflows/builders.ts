// Plain states and task records for the pure rules' tests: what a workflow would hold at that point.
import { DANISH_CALENDAR } from '../../../libs/calendar/danish-calendar';
import type { TaskKind } from '../../../workflows/contract';
import { newTaskRecord, type OpenTask, type TaskRecord } from '../../../workflows/support/task-record';

export const cal = DANISH_CALENDAR;
export const at = (iso: string) => new Date(iso);

let ids = 0;

/** An open task of `kind`, opened at `openedAt` and due at `dueAt`. */
export function task(kind: TaskKind, o: Partial<OpenTask> & { openedAt?: Date; taskId?: string } = {}): TaskRecord {
  const openedAt = o.openedAt ?? at('2026-03-02T09:00:00Z');
  const dueAt = o.dueAt ?? at('2026-03-09T09:00:00Z');
  const rule = o.rule ?? { escalations: [{ after: { seconds: 0 }, to: 'supervisor' }] };
  const taskId = o.taskId ?? `task-${++ids}`;
  return newTaskRecord(
    taskId,
    { kind, assignee: o.assignee ?? 'coordinator', assigneeId: o.assigneeId, subjectId: o.subjectId, dueAt, rule },
    openedAt,
    undefined,
    cal,
  );
}

/** The tasks as a workflow keeps them: by id. */
export function byId(...records: TaskRecord[]): Record<string, TaskRecord> {
  return Object.fromEntries(records.map((r) => [r.taskId, r]));
}

/** Whatever the rule refused with, as the API receives it: type and message. */
export const refusal = (type: string, message: string) => ({ type, message });
