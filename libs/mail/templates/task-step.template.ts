/**
 * The mail that tells a person of a task's step (new, assigned, reminder, overdue, escalated) and
 * the daily digest of such steps. Mail leaves the municipality's systems, so it carries no personal
 * data: the kind of task in Danish (with English below), its legal basis, the due time, the
 * escalation level and a link to the case page, where the person signs in to see the rest.
 */
import { taskKindText } from '../../notifications/task-kinds';
import type { NotifyingStep } from '../../notifications/notification-rules';

export interface TaskStepMailInput {
  step: NotifyingStep;
  kind: string;
  dueAt: Date | null;
  level: number;
  /** The page to open: `${publicUrl}/cases/<id>` or `/families/<id>`. */
  link: string;
  /** The person receives it standing in for someone away (no name: only that it is so). */
  asStandIn?: boolean;
}

const STEP_TEXT: Record<NotifyingStep, { da: string; en: string }> = {
  'task.opened': { da: 'Ny opgave', en: 'New task' },
  'task.assigned': { da: 'Opgave tildelt dig', en: 'Task assigned to you' },
  'task.reminded': { da: 'Påmindelse', en: 'Reminder' },
  'task.overdue': { da: 'Fristen er overskredet', en: 'Deadline passed' },
  'task.escalated': { da: 'Eskaleret til dig', en: 'Escalated to you' },
};

const daTime = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'full', timeStyle: 'short' });
const enTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', dateStyle: 'full', timeStyle: 'short' });
const daDate = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short' });
const daClock = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', timeStyle: 'short' });
/** "01.07.2026 kl. 12.00" in Danish time. */
const daShort = { format: (d: Date) => `${daDate.format(d)} kl. ${daClock.format(d)}` };

/** The step in a few words: "Eskaleret til dig (niveau 1)". */
function stepLine(step: NotifyingStep, level: number, lang: 'da' | 'en'): string {
  const text = STEP_TEXT[step][lang];
  if (step !== 'task.escalated' || level < 1) return text;
  return lang === 'da' ? `${text} (niveau ${level})` : `${text} (level ${level})`;
}

export function taskStepMail(m: TaskStepMailInput): { subject: string; text: string } {
  const kind = taskKindText(m.kind);
  const basis = kind.legalBasis ? ` (${kind.legalBasis})` : '';
  const due = m.dueAt ? ` – frist ${daShort.format(m.dueAt)}` : '';
  return {
    subject: `${stepLine(m.step, m.level, 'da')}: ${kind.da}${due}`,
    text: [
      `${stepLine(m.step, m.level, 'da')}${m.asStandIn ? ' – du modtager den som stedfortræder' : ''}`,
      '',
      `Opgave: ${kind.da}${basis}`,
      `Frist: ${m.dueAt ? `${daTime.format(m.dueAt)} (dansk tid)` : 'ingen'}`,
      `Eskaleringsniveau: ${m.level}`,
      `Åbn sagen: ${m.link}`,
      '',
      'Mailen indeholder ingen personoplysninger. Log ind i Closer for at se sagen.',
      '',
      '— English —',
      `${stepLine(m.step, m.level, 'en')}${m.asStandIn ? ' – you receive it as a stand-in' : ''}`,
      `Task: ${kind.en}${basis}`,
      `Due: ${m.dueAt ? `${enTime.format(m.dueAt)} (Copenhagen time)` : 'none'}`,
      `Escalation level: ${m.level}`,
      `Open the case: ${m.link}`,
    ].join('\n'),
  };
}

export interface DigestItem extends Omit<TaskStepMailInput, 'asStandIn'> {
  occurredAt: Date;
}

/** One mail with every step held for the person's digest since the last one, oldest first. */
export function digestMail(items: readonly DigestItem[], day: Date): { subject: string; text: string } {
  const date = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'long' }).format(day);
  const lines = items.map((i) => {
    const kind = taskKindText(i.kind);
    const basis = kind.legalBasis ? ` (${kind.legalBasis})` : '';
    const due = i.dueAt ? `, frist ${daShort.format(i.dueAt)}` : '';
    return `- ${stepLine(i.step, i.level, 'da')}: ${kind.da}${basis}${due}\n  ${i.link}`;
  });
  return {
    subject: `Dagens opgaver i Closer, ${date}: ${items.length} ${items.length === 1 ? 'besked' : 'beskeder'}`,
    text: [
      `Siden sidste oversigt (${items.length}):`,
      '',
      ...lines,
      '',
      'Mailen indeholder ingen personoplysninger. Log ind i Closer for at se sagerne.',
      '',
      `— English — Your daily digest: ${items.length} ${items.length === 1 ? 'notice' : 'notices'}; the links above open each case.`,
    ].join('\n'),
  };
}
