// The rules of a family's workflow, without a server: every refusal a family command can meet, the
// inquiry's answer deadline and when an appointment clash is due.
import { zonedInstant } from '../../../libs/calendar/danish-calendar';
import { STATUTORY_POLICY } from '../../../libs/policy/case-policy';
import { MAX_OPEN_INQUIRIES } from '../../../workflows/contract';
import {
  answerInquiryRefusal,
  appointmentConflictDue,
  appointmentRefusal,
  completeFamilyTaskRefusal,
  inquiryDue,
  linkChildCaseRefusal,
  setFamilyCoordinatorRefusal,
  takesInquiry,
} from '../../../workflows/family/family.rules';
import { clashesWith, type FamilyState, MAX_APPOINTMENTS, MAX_CHILD_CASES, newFamilyState } from '../../../workflows/family/family.state';
import { at, byId, refusal, task } from './builders';

const policy = STATUTORY_POLICY;
const tz = policy.calendar.timeZone;
const now = at('2026-03-02T09:00:00Z'); // Monday 2 March 2026, 10:00 in Copenhagen

const family = (o: Partial<FamilyState> = {}): FamilyState => ({ ...newFamilyState('f1'), ...o });
const appointment = (appointmentId: string, department: string, start: string, end: string) => ({ appointmentId, department, start, end });
const inquiry = (inquiryId: string, answeredAt?: string) => ({
  inquiryId,
  channel: 'phone' as const,
  receivedAt: now.toISOString(),
  taskId: `t-${inquiryId}`,
  answeredAt,
});

describe('family commands: refusals', () => {
  it('answering an inquiry of this family, once', () => {
    const s = family({ inquiries: [inquiry('i1'), inquiry('i2', now.toISOString())] });
    expect(answerInquiryRefusal(s, { inquiryId: 'i9' })).toEqual(
      refusal('InvalidCommand', 'inquiryId i9 is not an inquiry of this family'),
    );
    expect(answerInquiryRefusal(s, { inquiryId: 'i2' })).toEqual(refusal('WrongPhase', 'inquiry i2 is already answered'));
    expect(answerInquiryRefusal(s, { inquiryId: 'i1' })).toBeUndefined();
  });

  describe('booking an appointment', () => {
    const book = (start: string, end: string, s = family()) => appointmentRefusal(s, { appointmentId: 'a1', start, end }, now);

    it('ends after it starts', () => {
      expect(book('2026-03-05T10:00:00Z', '2026-03-05T09:00:00Z')).toEqual(refusal('InvalidCommand', 'end must be after start'));
    });

    it('is not over: one already past is refused, not kept', () => {
      expect(book('2026-03-01T09:00:00Z', '2026-03-01T10:00:00Z')).toEqual(
        refusal('InvalidCommand', 'end must be in the future: appointments are booked to catch clashes ahead'),
      );
      expect(book('2026-03-02T08:00:00Z', '2026-03-02T10:00:00Z')).toBeUndefined(); // under way: still ahead
    });

    it('lasts at most 14 days', () => {
      expect(book('2026-03-05T09:00:00Z', '2026-03-20T09:00:00Z')).toEqual(
        refusal('InvalidCommand', 'end must be within 14 days of start'),
      );
    });

    it('once, and within the bound of coming appointments', () => {
      const booked = family({ appointments: [appointment('a1', 'skole', '2026-03-05T09:00:00Z', '2026-03-05T10:00:00Z')] });
      expect(book('2026-03-06T09:00:00Z', '2026-03-06T10:00:00Z', booked)).toEqual(
        refusal('InvalidCommand', 'appointmentId a1 is already booked'),
      );
      const full = family({
        appointments: Array.from({ length: MAX_APPOINTMENTS }, (_, i) =>
          appointment(`x${i}`, 'skole', '2026-04-01T09:00:00Z', '2026-04-01T10:00:00Z'),
        ),
      });
      expect(book('2026-03-06T09:00:00Z', '2026-03-06T10:00:00Z', full)).toEqual(
        refusal('WrongPhase', 'the family has 200 coming appointments; add more once some have passed'),
      );
    });
  });

  it('completing a family task by hand: an open appointment conflict only', () => {
    const s = family({ tasks: byId(task('appointment-conflict', { taskId: 't-c' }), task('inquiry-response', { taskId: 't-i' })) });
    expect(completeFamilyTaskRefusal(s, { taskId: 't-x' })).toEqual(
      refusal('InvalidCommand', 'taskId t-x is not an open task of this family'),
    );
    expect(completeFamilyTaskRefusal(s, { taskId: 't-i' })).toEqual(
      refusal('WrongPhase', 'a inquiry-response task is done through its own command'),
    );
    expect(completeFamilyTaskRefusal(s, { taskId: 't-c' })).toBeUndefined();
  });

  it('linking a child case: once, within the bound', () => {
    expect(linkChildCaseRefusal(family({ childCaseIds: ['c1'] }), { caseId: 'c1' })).toEqual(
      refusal('InvalidCommand', 'case c1 already belongs to the family'),
    );
    const full = family({ childCaseIds: Array.from({ length: MAX_CHILD_CASES }, (_, i) => `c${i}`) });
    expect(linkChildCaseRefusal(full, { caseId: 'new' })).toEqual(refusal('WrongPhase', 'a family has at most 30 child cases'));
  });

  it('a new contact person must change something', () => {
    const s = family({ coordinatorId: 'anna', teamId: 'nord', deputyId: 'mikkel' });
    expect(setFamilyCoordinatorRefusal(s, { coordinatorId: 'anna', teamId: 'nord' })).toEqual(
      refusal('AlreadyAssigned', "coordinatorId anna is already the family's contact person"),
    );
    expect(setFamilyCoordinatorRefusal(s, { coordinatorId: 'anna', teamId: 'nord', deputyId: 'omar' })).toBeUndefined();
  });

  it(`takes at most ${MAX_OPEN_INQUIRIES} unanswered inquiries`, () => {
    const open = family({ inquiries: Array.from({ length: MAX_OPEN_INQUIRIES }, (_, i) => inquiry(`i${i}`)) });
    expect(takesInquiry(open)).toBe(false);
    expect(takesInquiry(family({ inquiries: [inquiry('i1')] }))).toBe(true);
  });
});

describe('family deadlines', () => {
  it('an inquiry answered by the end of the next weekday; a time ahead of now counts from now', () => {
    expect(inquiryDue('2026-03-02T09:00:00.000Z', now, policy)).toEqual({ at: now, dueAt: zonedInstant('2026-03-04', '00:00', tz) });
    expect(inquiryDue('2026-03-09T09:00:00.000Z', now, policy).at).toEqual(now);
  });

  it('an appointment clash is resolved by the earlier appointment, or the policy (1 weekday), whichever is first; never before now', () => {
    expect(appointmentConflictDue('2026-03-10T09:00:00.000Z', '2026-03-12T09:00:00.000Z', now, policy)).toEqual(
      zonedInstant('2026-03-04', '00:00', tz),
    );
    expect(appointmentConflictDue('2026-03-02T15:00:00.000Z', '2026-03-03T09:00:00.000Z', now, policy)).toEqual(
      at('2026-03-02T15:00:00.000Z'),
    );
    expect(appointmentConflictDue('2026-03-02T08:00:00.000Z', '2026-03-03T09:00:00.000Z', now, policy)).toEqual(now);
  });

  it("clashes are other departments' appointments that overlap", () => {
    const s = family({
      appointments: [
        appointment('a1', 'skole', '2026-03-05T09:00:00Z', '2026-03-05T11:00:00Z'),
        appointment('a2', 'jobcenter', '2026-03-05T10:00:00Z', '2026-03-05T12:00:00Z'),
        appointment('a3', 'jobcenter', '2026-03-05T11:00:00Z', '2026-03-05T12:00:00Z'),
      ],
    });
    expect(
      clashesWith(s, { department: 'jobcenter', start: '2026-03-05T10:30:00Z', end: '2026-03-05T10:45:00Z' }).map((a) => a.appointmentId),
    ).toEqual(['a1']);
  });
});
