// When a step's mail goes: the person's choice, except escalations to managers and the 24-hour clock.
// And what the mail says: the kind in Danish with its legal basis, due time, level, a link; no one's name.
import { taskStepMail } from '../../libs/mail/templates/task-step.template';
import { deliveryOf, parseDigestTime } from '../../libs/notifications/notification-rules';
import { TASK_KINDS } from '../../libs/notifications/task-kinds';

describe('deliveryOf', () => {
  it('follows the person’s choice for ordinary steps', () => {
    expect(deliveryOf({ type: 'task.reminded', kind: 'follow-up' }, 'digest')).toBe('digest');
    expect(deliveryOf({ type: 'task.opened', kind: 'assessment' }, 'immediate')).toBe('immediate');
    expect(deliveryOf({ type: 'task.escalated', kind: 'agreed-action', to: 'coordinator' }, 'digest')).toBe('digest');
    expect(deliveryOf({ type: 'task.escalated', kind: 'inquiry-response', to: 'deputy' }, 'digest')).toBe('digest');
  });

  it('sends escalations to a supervisor or the head at once, whatever the choice', () => {
    expect(deliveryOf({ type: 'task.escalated', kind: 'follow-up', to: 'supervisor' }, 'digest')).toBe('immediate');
    expect(deliveryOf({ type: 'task.escalated', kind: 'plan', to: 'head-of-department' }, 'digest')).toBe('immediate');
  });

  it('sends every step on the 24-hour clock at once', () => {
    for (const type of ['task.opened', 'task.assigned', 'task.reminded', 'task.overdue'] as const)
      expect(deliveryOf({ type, kind: 'urgency-assessment' }, 'digest')).toBe('immediate');
  });
});

it('parses digest times as HH:MM and refuses anything else', () => {
  expect(parseDigestTime('07:30')).toEqual({ hour: 7, minute: 30 });
  expect(parseDigestTime('23:59')).toEqual({ hour: 23, minute: 59 });
  for (const bad of ['24:00', '7:30', '07:60', '0730', ' 07:30', '07:30:00']) expect(() => parseDigestTime(bad)).toThrow(/HH:MM/);
});

it('names every kind of task in Danish with a legal basis', () => {
  for (const [kind, text] of Object.entries(TASK_KINDS)) {
    expect({ kind, da: text.da.length > 3, basis: text.legalBasis.length > 3 }).toEqual({ kind, da: true, basis: true });
  }
});

describe('the task step mail', () => {
  const mail = taskStepMail({
    step: 'task.escalated',
    kind: 'assessment',
    dueAt: new Date('2026-07-01T10:00:00Z'),
    level: 1,
    link: 'https://closer.example.dk/app/cases/8b0a4c7e-2f36-4e53-9a59-1f6f1f6f1f6f',
  });

  it('says in Danish what is due, under which law, by when (Danish time) and at what level, with a link', () => {
    expect(mail.subject).toBe('Eskaleret til dig (niveau 1): Børnefaglig undersøgelse – frist 01.07.2026 kl. 12.00');
    expect(mail.text).toContain('Opgave: Børnefaglig undersøgelse (Barnets Lov § 20, stk. 3)');
    expect(mail.text).toContain('Frist: onsdag den 1. juli 2026 kl. 12.00 (dansk tid)');
    expect(mail.text).toContain('Eskaleringsniveau: 1');
    expect(mail.text).toContain('Åbn sagen: https://closer.example.dk/app/cases/8b0a4c7e-2f36-4e53-9a59-1f6f1f6f1f6f');
    expect(mail.text).toContain('Task: Child-welfare assessment');
  });
});
