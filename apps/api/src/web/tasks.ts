import { TASK_KINDS } from '../../../../libs/notifications/task-kinds';
import type { TaskKind } from '../../../../workflows/contract';
import { dateTime, relative } from './format';
import { type Html, html } from './html';
import { type Lang, messages } from './i18n';

/** How tasks look on every page: the Danish name people know the step by, its legal basis, and its due time with marks. */
const t = messages({
  da: {
    overdue: 'Overskredet',
    escalated: 'Eskaleret niveau {level}',
    dueSoon: 'Snart',
    paused: 'Frist sat i bero',
    extended: 'Frist forlænget',
  },
  en: {
    overdue: 'Overdue',
    escalated: 'Escalated level {level}',
    dueSoon: 'Due soon',
    paused: 'Clock paused',
    extended: 'Deadline extended',
  },
});

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

/** Due time ("24.11.2026 14.05", "om 3 t") and the marks: overdue, escalated, soon, clock changed. */
export function dueCell(lang: Lang, task: TaskMarks, now = new Date()): Html {
  return html`<time datetime="${task.dueAt}">${dateTime(lang, task.dueAt)}</time>
    <span class="muted small">${relative(lang, task.dueAt, now)}</span>`;
}

const isOverdue = (task: TaskMarks, now: Date): boolean => task.overdue ?? new Date(task.dueAt) <= now;

/** The row marks every task table shares: `overdue` and `escalated` (the coloured edge of the row). */
export function taskRowClass(task: TaskMarks, now = new Date()): string {
  return [isOverdue(task, now) ? 'overdue' : '', task.escalationLevel > 0 ? 'escalated' : ''].filter(Boolean).join(' ');
}

export function marks(lang: Lang, task: TaskMarks, now = new Date()): Html {
  const overdue = isOverdue(task, now);
  return html`${overdue ? html`<span class="badge overdue">${t(lang, 'overdue')}</span>` : ''}
  ${task.escalationLevel > 0 ? html` <span class="badge escalated">${t(lang, 'escalated', { level: task.escalationLevel })}</span>` : ''}
  ${!overdue && task.dueSoon ? html` <span class="badge soon">${t(lang, 'dueSoon')}</span>` : ''}
  ${task.clock?.state === 'paused' ? html` <span class="badge soon">${t(lang, 'paused')}</span>` : ''}
  ${task.clock?.state === 'extended' ? html` <span class="badge soon">${t(lang, 'extended')}</span>` : ''}`;
}

/** A case's short handle for lists: the first part of its id (lists carry no names). */
export const shortId = (id: string | null | undefined): string => (id ? id.slice(0, 8) : '–');
