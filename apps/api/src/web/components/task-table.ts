import { TASK_KINDS } from '../../../../../libs/notifications/task-kinds';
import type { TaskKind } from '../../../../../workflows/contract';
import { dateTime, relative } from '../format';
import { type Html, html, type Renderable } from '../html';
import { type Lang, t } from '../i18n';
import { badge } from './badge';
import { subjectLink } from './links';
import { type Column, table } from './table';

/** How tasks look on every page: the Danish name people know the step by, its legal basis, and its due time with marks. */

export function taskKindName(lang: Lang, kind: string): string {
  const k = TASK_KINDS[kind as TaskKind];
  if (!k) return kind;
  return lang === 'da' ? k.da : `${k.en} (${k.da})`;
}

export function legalBasis(kind: string): string {
  return TASK_KINDS[kind as TaskKind]?.legalBasis ?? '';
}

/** The task's name with its legal basis underneath. */
export function taskKindCell(lang: Lang, kind: string): Html {
  return html`<span>${taskKindName(lang, kind)}</span><br /><span class="muted small">${legalBasis(kind)}</span>`;
}

export interface TaskMarks {
  dueAt: string;
  overdue?: boolean;
  dueSoon?: boolean;
  escalationLevel: number;
  clock?: { state: string } | null;
}

/** A task as the task table shows it. */
export interface TaskRow extends TaskMarks {
  taskId: string;
  kind: string;
}

/** Due time ("24.11.2026 14.05", "om 3 t"), in Danish time. */
export function dueCell(lang: Lang, task: { dueAt: string }, now = new Date()): Html {
  return html`<time datetime="${task.dueAt}">${dateTime(lang, task.dueAt)}</time>
    <span class="muted small">${relative(lang, task.dueAt, now)}</span>`;
}

const isOverdue = (task: TaskMarks, now: Date): boolean => task.overdue ?? new Date(task.dueAt) <= now;

/** The row marks every task table shares: `overdue` and `escalated` (the coloured edge of the row). */
export function taskRowClass(task: TaskMarks, now = new Date()): string {
  return [isOverdue(task, now) ? 'overdue' : '', task.escalationLevel > 0 ? 'escalated' : ''].filter(Boolean).join(' ');
}

/** The marks: overdue, escalated, soon, clock changed. */
export function marks(lang: Lang, task: TaskMarks, now = new Date()): Html {
  const overdue = isOverdue(task, now);
  const level = task.escalationLevel;
  return html`${overdue ? badge('overdue', t(lang, 'common.overdue')) : ''}
  ${level > 0 ? html` ${badge('escalated', t(lang, 'common.escalatedLevel', { level }))}` : ''}
  ${!overdue && task.dueSoon ? html` ${badge('soon', t(lang, 'task.dueSoon'))}` : ''}
  ${task.clock?.state === 'paused' ? html` ${badge('soon', t(lang, 'task.paused'))}` : ''}
  ${task.clock?.state === 'extended' ? html` ${badge('soon', t(lang, 'task.extended'))}` : ''}`;
}

/** The columns task tables are made of. */
export function taskColumns<T extends TaskRow>(lang: Lang) {
  return {
    task: { head: t(lang, 'common.task'), cell: (x: T) => taskKindCell(lang, x.kind) },
    due: { head: t(lang, 'common.due'), cell: (x: T) => dueCell(lang, x) },
    /** The due time with the marks beside it, where the table has no status column. */
    dueMarked: { head: t(lang, 'common.due'), cell: (x: T) => html`${dueCell(lang, x)} ${marks(lang, x)}` },
    status: { head: t(lang, 'common.status'), cell: (x: T) => marks(lang, x) },
    assignee: (cell: (x: T) => Renderable): Column<T> => ({ head: t(lang, 'common.assignee'), cell }),
  } satisfies Record<string, Column<T> | ((cell: (x: T) => Renderable) => Column<T>)>;
}

/** The case or family a task belongs to, linked. */
export function whereColumn<T extends { caseId?: string | null; familyId?: string | null }>(lang: Lang): Column<T> {
  return { head: t(lang, 'common.case'), cell: (x) => subjectLink(lang, x) };
}

interface TableOf<T> {
  id?: string;
  caption: string;
  items: readonly T[];
  empty?: string;
}

/**
 * The columns of a task table: the task, its due time, its marks, where it belongs (`where`) and who
 * has it (`assignee`); or other `columns`.
 */
export type TaskTableOptions<T extends TaskRow> = TableOf<T> &
  ({ where: Column<T>; assignee: (x: T) => Renderable; columns?: undefined } | { columns: readonly Column<T>[] });

/** A table of tasks, a row each with its marks (`overdue`, `escalated`) and its id and kind (`data-task`, `data-kind`). */
export function taskTable<T extends TaskRow>(lang: Lang, o: TaskTableOptions<T>): Html {
  const c = taskColumns<T>(lang);
  const columns = o.columns ?? [c.task, c.due, c.status, o.where, c.assignee(o.assignee)];
  return table({
    id: o.id,
    caption: o.caption,
    items: o.items,
    empty: o.empty,
    columns,
    row: (x) => ({ class: taskRowClass(x), 'data-task': x.taskId, 'data-kind': x.kind }),
  });
}
