/**
 * Turns a policy's spans and deadline rules into instants on the Danish calendar.
 * Pure: workflows call it with workflow time.
 */
import {
  addCalendarDays,
  addCalendarMonths,
  addClockHours,
  type CalendarPolicy,
  endOfNthWeekday,
  nextWeekdayAtSameTime,
} from '../calendar/danish-calendar';
import type { DeadlineRule, Role, Span } from './case-policy';

export function addSpan(start: Date, span: Span, cal: CalendarPolicy): Date {
  if ('seconds' in span) return new Date(start.getTime() + span.seconds * 1000);
  if ('clockHours' in span) return addClockHours(start, span.clockHours);
  if ('calendarDays' in span) return addCalendarDays(start, span.calendarDays, cal.timeZone);
  if ('calendarMonths' in span) return addCalendarMonths(start, span.calendarMonths, cal.timeZone);
  return endOfNthWeekday(start, span.weekdays, cal);
}

/** The instant a span before `end` (for "6 months before the 18th birthday"). Weekdays cannot go back. */
export function subtractSpan(end: Date, span: Span, cal: CalendarPolicy): Date {
  if ('seconds' in span) return new Date(end.getTime() - span.seconds * 1000);
  if ('clockHours' in span) return addClockHours(end, -span.clockHours);
  if ('calendarDays' in span) return addCalendarDays(end, -span.calendarDays, cal.timeZone);
  if ('calendarMonths' in span) return addCalendarMonths(end, -span.calendarMonths, cal.timeZone);
  throw new Error('A span in weekdays cannot be subtracted');
}

/** Roughly how long a span is, in seconds (a month 30 days, a weekday 1.4 days): for comparing spans, never for deadlines. */
function approximateSeconds(span: Span): number {
  if ('seconds' in span) return span.seconds;
  if ('clockHours' in span) return span.clockHours * 3600;
  if ('calendarDays' in span) return span.calendarDays * 86_400;
  if ('calendarMonths' in span) return span.calendarMonths * 30 * 86_400;
  return span.weekdays * 1.4 * 86_400;
}

/** Whether `span` is at least as long as `minimum` (a cadence a person sets against the policy's floor). */
export function spanAtLeast(span: Span, minimum: Span | undefined): boolean {
  return minimum === undefined || approximateSeconds(span) >= approximateSeconds(minimum);
}

export function dueAfter(start: Date, rule: Pick<DeadlineRule, 'due' | 'moveToWeekday'>, cal: CalendarPolicy): Date {
  const due = addSpan(start, rule.due, cal);
  return rule.moveToWeekday ? nextWeekdayAtSameTime(due, cal) : due;
}

export type StepType = 'reminder' | 'due' | 'escalation';

export interface ScheduledStep {
  at: string;
  type: StepType;
  /** Who is told: the assignee for reminders and the due notice, else the escalation target. */
  to: Role | 'assignee';
  /** Escalation level after this step: 0 until the first escalation. */
  level: number;
}

/** Every step of one deadline in time order: reminders, the due time, then each escalation. */
export function deadlineSteps(openedAt: Date, dueAt: Date, rule: Omit<DeadlineRule, 'due'>, cal: CalendarPolicy): ScheduledStep[] {
  const allowed = dueAt.getTime() - openedAt.getTime();
  const steps: ScheduledStep[] = (rule.remindAtFractions ?? [])
    .filter((f) => f > 0 && f < 1)
    .map((f) => ({ at: new Date(openedAt.getTime() + Math.round(allowed * f)).toISOString(), type: 'reminder', to: 'assignee', level: 0 }));
  steps.push({ at: dueAt.toISOString(), type: 'due', to: 'assignee', level: 0 });
  (rule.escalations ?? []).forEach((e, i) => {
    steps.push({ at: addSpan(dueAt, e.after, cal).toISOString(), type: 'escalation', to: e.to, level: i + 1 });
  });
  // Stable by time; at equal times the order above (due before its escalation) is kept.
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.at.localeCompare(b.s.at) || a.i - b.i)
    .map(({ s }) => s);
}
