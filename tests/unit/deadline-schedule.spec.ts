import { DANISH_CALENDAR } from '../../libs/calendar/danish-calendar';
import { AABENRAA_POLICY, STATUTORY_POLICY } from '../../libs/policy/case-policy';
import { addSpan, deadlineSteps, dueAfter, subtractSpan } from '../../libs/policy/deadline-schedule';

const cal = DANISH_CALENDAR;
const at = (iso: string) => new Date(iso);

describe('statutory deadlines on the Danish calendar', () => {
  it('24-hour urgency assessment: 24 clock hours, weekends and the DST change included', () => {
    // Report Saturday 28 March 2026 at 12:00 in Copenhagen (11:00Z); summer time starts that night.
    const due = dueAfter(at('2026-03-28T11:00:00Z'), STATUTORY_POLICY.urgencyAssessment, cal);
    expect(due.toISOString()).toBe('2026-03-29T11:00:00.000Z'); // 13:00 local: still 24 real hours
  });

  it('receipt within 6 weekdays across Christmas 2026 and New Year', () => {
    const due = addSpan(at('2026-12-23T09:00:00Z'), STATUTORY_POLICY.receipt.deadline, cal);
    expect(due.toISOString()).toBe('2027-01-06T23:00:00.000Z'); // end of Wednesday 6 January
  });

  it('4-month assessment: calendar months, same local time', () => {
    const due = dueAfter(at('2026-11-22T09:00:00Z'), STATUTORY_POLICY.assessment, cal);
    expect(due.toISOString()).toBe('2027-03-22T09:00:00.000Z');
  });

  it('a family inquiry on Maundy Thursday is answered by the end of the Tuesday after Easter', () => {
    const due = dueAfter(at('2026-04-02T12:00:00Z'), STATUTORY_POLICY.inquiryResponse, cal);
    expect(due.toISOString()).toBe('2026-04-07T22:00:00.000Z');
  });

  it('moves a due time that falls on a closed day to the next weekday when the rule says so', () => {
    const rule = { due: { calendarDays: 1 }, moveToWeekday: true };
    // 23 December 2026 + 1 day = 24 December (closing day) → Monday 28 December, same local time.
    expect(dueAfter(at('2026-12-23T09:00:00Z'), rule, cal).toISOString()).toBe('2026-12-28T09:00:00.000Z');
  });

  it('turning 18: the decision 6 months before the birthday', () => {
    expect(subtractSpan(at('2027-05-01T10:00:00Z'), STATUTORY_POLICY.measure.turning18Before, cal).toISOString()).toBe(
      '2026-11-01T11:00:00.000Z',
    );
    expect(() => subtractSpan(at('2027-05-01T10:00:00Z'), { weekdays: 2 }, cal)).toThrow(/weekdays cannot be subtracted/);
  });
});

describe('deadline steps', () => {
  it('orders reminders, the due time and the escalation chain of the urgency assessment', () => {
    const opened = at('2026-06-01T08:00:00Z');
    const due = dueAfter(opened, STATUTORY_POLICY.urgencyAssessment, cal);
    expect(deadlineSteps(opened, due, STATUTORY_POLICY.urgencyAssessment, cal)).toEqual([
      { at: '2026-06-01T20:00:00.000Z', type: 'reminder', to: 'assignee', level: 0 },
      { at: '2026-06-02T08:00:00.000Z', type: 'due', to: 'assignee', level: 0 },
      { at: '2026-06-02T08:00:00.000Z', type: 'escalation', to: 'supervisor', level: 1 },
      { at: '2026-06-02T14:00:00.000Z', type: 'escalation', to: 'head-of-department', level: 2 },
    ]);
  });

  it('reminds the assessment at 50, 75 and 90 % of the 4 months', () => {
    const opened = at('2026-01-01T09:00:00Z');
    const due = dueAfter(opened, STATUTORY_POLICY.assessment, cal);
    const reminders = deadlineSteps(opened, due, STATUTORY_POLICY.assessment, cal).filter((s) => s.type === 'reminder');
    const total = due.getTime() - opened.getTime();
    expect(reminders.map((r) => Math.round(((new Date(r.at).getTime() - opened.getTime()) / total) * 100))).toEqual([50, 75, 90]);
  });
});

describe('policies', () => {
  it('keep the statutory figures of Barnets Lov', () => {
    expect(STATUTORY_POLICY.urgencyAssessment.due).toEqual({ clockHours: 24 });
    expect(STATUTORY_POLICY.receipt.deadline).toEqual({ weekdays: 6 });
    expect(STATUTORY_POLICY.assessment.due).toEqual({ calendarMonths: 4 });
    expect(STATUTORY_POLICY.plan.due).toEqual({ calendarMonths: 3 });
    expect(STATUTORY_POLICY.measure.firstFollowUp).toEqual({ calendarMonths: 3 });
    expect(STATUTORY_POLICY.measure.followUpCadence).toEqual({ calendarMonths: 6 });
    expect(STATUTORY_POLICY.measure.supervisionVisitInterval).toEqual({ calendarMonths: 6 });
    expect(STATUTORY_POLICY.measure.turning18Before).toEqual({ calendarMonths: 6 });
    expect(STATUTORY_POLICY.caseloadCap).toBe(25);
  });

  it('differ for the Aabenraa-style local policy only where it is stricter: 8-week follow-ups', () => {
    expect(AABENRAA_POLICY.version).not.toBe(STATUTORY_POLICY.version);
    expect(AABENRAA_POLICY.measure.followUpCadence).toEqual({ calendarDays: 56 });
    expect({ ...AABENRAA_POLICY, version: '', description: '', measure: { ...AABENRAA_POLICY.measure, followUpCadence: null } }).toEqual({
      ...STATUTORY_POLICY,
      version: '',
      description: '',
      measure: { ...STATUTORY_POLICY.measure, followUpCadence: null },
    });
  });
});
