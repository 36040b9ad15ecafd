// The rules of a measure, without a server: every refusal a measure command can meet and every
// deadline a measure computes (BL §§ 95, 96, 100, 111).
import { zonedInstant } from '../../../libs/calendar/danish-calendar';
import { AABENRAA_POLICY, STATUTORY_POLICY } from '../../../libs/policy/case-policy';
import type { FollowUpCommand, MeasureWorkflowInput } from '../../../workflows/contract';
import {
  agreedActionDoneRefusal,
  beforeReturnDue,
  continuedSupportRefusal,
  endDecisionDue,
  endDecisionRefusal,
  firstFollowUpDue,
  followUpAfterAssessmentDue,
  followUpRefusal,
  measureTaskRule,
  nextFollowUpDue,
  OPEN_ACTIONS_MAX,
  planReturnHomeRefusal,
  recordReturnHomeRefusal,
  returnHomePeriod,
  supervisionVisitDue,
  supervisionVisitRefusal,
  turning18Due,
} from '../../../workflows/measure/measure.rules';
import { type AgreedAction, type MeasureState, newMeasureState } from '../../../workflows/measure/measure.state';
import { testPolicy } from '../../support/test-policy';
import { at, byId, refusal, task } from './builders';

const policy = STATUTORY_POLICY;
const tz = policy.calendar.timeZone;
const now = at('2026-03-02T09:00:00Z'); // Monday 2 March 2026, 10:00 in Copenhagen

const input: MeasureWorkflowInput = {
  measureId: 'm1',
  caseId: 'case-1',
  decisionId: 'd1',
  policy,
  assessmentOngoing: false,
  measure: {
    type: 'plejefamilie',
    ladderStep: 5,
    provider: 'Plejefamilien',
    monthlyCost: 30000,
    startDate: '2026-03-02T09:00:00.000Z',
    plannedEnd: '2027-03-02T09:00:00.000Z',
    goalIds: ['g1', 'g2'],
  },
};

function measure(o: Partial<MeasureState> = {}, ladderStep = 5): MeasureState {
  return { ...newMeasureState({ ...input, measure: { ...input.measure, ladderStep } }), started: true, ...o };
}

const followUpTask = task('follow-up', { taskId: 't-fu', dueAt: at('2026-06-02T08:00:00Z') });
const scheduled = () => ({ followUpTaskId: 't-fu', tasks: byId({ ...followUpTask }) });
const followUp = (o: Partial<FollowUpCommand> = {}): FollowUpCommand => ({
  actor: 'anna',
  decision: 'continue',
  scores: [
    { goalId: 'g1', score: 3 },
    { goalId: 'g2', score: 4 },
  ],
  agreedActions: [],
  ...o,
});
const action = (o: Partial<AgreedAction> = {}): AgreedAction => ({
  actionId: 'a1',
  owner: 'jobcenter',
  dueAt: now.toISOString(),
  status: 'open',
  followUpId: 'f1',
  taskId: 't-a1',
  ...o,
});

describe('measure commands: refusals', () => {
  it('every command is refused once the measure has ended', () => {
    const ended = measure({ status: 'ended' });
    expect(followUpRefusal(ended, followUp(), policy)).toEqual(refusal('WrongPhase', 'the measure has ended'));
    expect(supervisionVisitRefusal(ended, policy)).toEqual(refusal('WrongPhase', 'the measure has ended'));
    expect(endDecisionRefusal(ended, { decision: 'end' })).toEqual(refusal('WrongPhase', 'the measure has ended'));
  });

  describe('a follow-up meeting', () => {
    it('when one is scheduled', () => {
      expect(followUpRefusal(measure(), followUp(), policy)).toEqual(refusal('WrongPhase', 'no follow-up is scheduled'));
      expect(followUpRefusal(measure(scheduled()), followUp(), policy)).toBeUndefined();
    });

    it("scores every goal of the measure once, and only the measure's goals", () => {
      const s = measure(scheduled());
      const g = (goalId: string) => ({ goalId, score: 3 });
      expect(followUpRefusal(s, followUp({ scores: [g('g1'), g('g9')] }), policy)).toEqual(
        refusal('InvalidCommand', 'scores[1].goalId g9 is not a goal of the measure'),
      );
      expect(followUpRefusal(s, followUp({ scores: [g('g1'), g('g1')] }), policy)).toEqual(
        refusal('InvalidCommand', 'scores[1].goalId g1 is scored twice'),
      );
      expect(followUpRefusal(s, followUp({ scores: [g('g1')] }), policy)).toEqual(
        refusal('InvalidCommand', 'scores must score goal g2 of the measure'),
      );
    });

    it('steps down to a lower step', () => {
      expect(followUpRefusal(measure(scheduled()), followUp({ decision: 'step-down', newLadderStep: 5 }), policy)).toEqual(
        refusal('InvalidCommand', 'newLadderStep must be a step below 5'),
      );
      expect(followUpRefusal(measure(scheduled()), followUp({ decision: 'step-down', newLadderStep: 3 }), policy)).toBeUndefined();
    });

    it(`leaves at most ${OPEN_ACTIONS_MAX} agreed actions open`, () => {
      const actions = Array.from({ length: OPEN_ACTIONS_MAX }, (_, i) => action({ actionId: `a${i}` }));
      const more = followUp({ agreedActions: [{ description: 'Ring skolen', owner: 'skole' }] });
      expect(followUpRefusal(measure({ ...scheduled(), actions }), more, policy)).toEqual(
        refusal('WrongPhase', 'the measure would have more than 100 open agreed actions: mark those done that are done first'),
      );
    });

    it("sets a cadence no shorter than the policy's floor", () => {
      const tooSoon = followUp({ nextFollowUp: { after: { calendarDays: 3 }, reason: 'tæt opfølgning' } });
      expect(followUpRefusal(measure(scheduled()), tooSoon, policy)).toEqual(
        refusal('InvalidCommand', 'nextFollowUp.after is shorter than the policy allows'),
      );
    });
  });

  it('an agreed action marked done: one of this measure, once', () => {
    const s = measure({ actions: [action(), action({ actionId: 'a2', status: 'done' })] });
    expect(agreedActionDoneRefusal(s, { actionId: 'a9' })).toEqual(
      refusal('InvalidCommand', 'actionId a9 is not an agreed action of this measure'),
    );
    expect(agreedActionDoneRefusal(s, { actionId: 'a2' })).toEqual(refusal('WrongPhase', 'action a2 is already done'));
    expect(agreedActionDoneRefusal(s, { actionId: 'a1' })).toBeUndefined();
  });

  it('a supervision visit (tilsyn): for a placement, while the child is placed', () => {
    expect(supervisionVisitRefusal(measure({}, 2), policy)).toEqual(
      refusal('WrongPhase', 'supervision visits (tilsyn) belong to placements'),
    );
    const home = measure({
      returnHome: { status: 'returned', plannedReturnDate: '', plannedAt: '', statementTaskId: 's', planRevisionTaskId: 'p' },
    });
    expect(supervisionVisitRefusal(home, policy)).toEqual(
      refusal('WrongPhase', 'the child has returned home: supervision visits (tilsyn) have stopped'),
    );
    expect(supervisionVisitRefusal(measure(), policy)).toBeUndefined();
  });

  it('the decision on support after 18, when it is due', () => {
    expect(continuedSupportRefusal(measure())).toEqual(refusal('WrongPhase', 'no decision on support after 18 is due for this measure'));
    const due = task('turning-18', { taskId: 't-18' });
    expect(continuedSupportRefusal(measure({ turning18TaskId: 't-18', tasks: byId(due) }))).toBeUndefined();
  });

  it('the end decision: an extension ends later, a step down goes lower', () => {
    const s = measure();
    expect(endDecisionRefusal(s, { decision: 'extend', newPlannedEnd: '2027-01-01' })).toEqual(
      refusal('InvalidCommand', 'newPlannedEnd must be after the current planned end'),
    );
    expect(endDecisionRefusal(s, { decision: 'step-down' })).toEqual(refusal('InvalidCommand', 'newLadderStep must be a step below 5'));
    expect(endDecisionRefusal(s, { decision: 'extend', newPlannedEnd: '2027-06-01' })).toBeUndefined();
  });

  describe('return home (hjemgivelse, BL § 100)', () => {
    it('planned for a placed child, on a date ahead within the policy', () => {
      expect(planReturnHomeRefusal(measure({}, 3), { plannedReturnDate: '2026-05-01' }, now, policy)).toEqual(
        refusal('WrongPhase', 'a return home (hjemgivelse) is planned for a placed child'),
      );
      expect(planReturnHomeRefusal(measure(), { plannedReturnDate: '2026-03-01' }, now, policy)).toEqual(
        refusal('InvalidCommand', 'plannedReturnDate must be in the future'),
      );
      expect(planReturnHomeRefusal(measure(), { plannedReturnDate: '2027-04-01' }, now, policy)).toEqual(
        refusal('InvalidCommand', 'plannedReturnDate is further ahead than the policy allows'),
      );
      expect(planReturnHomeRefusal(measure(), { plannedReturnDate: '2026-05-01' }, now, policy)).toBeUndefined();
    });

    it('recorded when planned: not in the future, not before it was planned', () => {
      expect(recordReturnHomeRefusal(measure(), {}, now)).toEqual(refusal('WrongPhase', 'no return home (hjemgivelse) is planned'));
      const planned = measure({
        returnHome: {
          status: 'planned',
          plannedReturnDate: '2026-05-01T00:00:00.000Z',
          plannedAt: '2026-02-01T00:00:00.000Z',
          statementTaskId: 's',
          planRevisionTaskId: 'p',
        },
      });
      expect(recordReturnHomeRefusal(planned, { returnedAt: '2026-03-03T00:00:00.000Z' }, now)).toEqual(
        refusal('InvalidCommand', 'returnedAt must not be in the future'),
      );
      expect(recordReturnHomeRefusal(planned, { returnedAt: '2026-01-15T00:00:00.000Z' }, now)).toEqual(
        refusal('InvalidCommand', 'returnedAt must not be before the return was planned'),
      );
      expect(recordReturnHomeRefusal(planned, { returnedAt: '2026-03-01T00:00:00.000Z' }, now)).toBeUndefined();
    });
  });
});

describe('measure deadlines (statutory policy, Danish calendar)', () => {
  it('the first follow-up 3 months after the start (BL § 95)', () => {
    expect(firstFollowUpDue(measure(), policy).toISOString()).toBe('2026-06-02T08:00:00.000Z');
  });

  it('the first follow-up at the end of a parallel assessment (5 weekdays after), when that is earlier', () => {
    const s = measure(scheduled());
    expect(followUpAfterAssessmentDue(s, now, policy)).toEqual(zonedInstant('2026-03-10', '00:00', tz));
    expect(followUpAfterAssessmentDue(s, at('2026-05-29T08:00:00Z'), policy)).toBeUndefined(); // later than the one scheduled
    expect(followUpAfterAssessmentDue(measure({ ...scheduled(), followUpsHeld: 1 }), now, policy)).toBeUndefined();
  });

  it("follow-ups at the policy's cadence (6 months; Aabenraa 8 weeks) or the coordinator's; none when the measure ends", () => {
    expect(nextFollowUpDue({ decision: 'continue' }, now, policy)?.toISOString()).toBe('2026-09-02T08:00:00.000Z');
    expect(nextFollowUpDue({ decision: 'continue' }, now, AABENRAA_POLICY)?.toISOString()).toBe('2026-04-27T08:00:00.000Z');
    const set = { after: { calendarDays: 14 }, reason: 'tæt opfølgning' };
    expect(nextFollowUpDue({ decision: 'adjust', nextFollowUp: set }, now, policy)?.toISOString()).toBe('2026-03-16T09:00:00.000Z');
    expect(nextFollowUpDue({ decision: 'stop' }, now, policy)).toBeUndefined();
    expect(nextFollowUpDue({ decision: 'replace' }, now, policy)).toBeUndefined();
  });

  it('tilsyn twice a year (BL §§ 96, 156)', () => {
    expect(supervisionVisitDue(now, policy).toISOString()).toBe('2026-09-02T08:00:00.000Z');
  });

  it('the end decision a month before the planned end', () => {
    expect(endDecisionDue(measure(), policy).toISOString()).toBe('2027-02-02T09:00:00.000Z');
  });

  it('turning 18: for a placed child, 6 months before the birthday (BL § 111)', () => {
    const placed = measure({ measure: { ...input.measure, childBirthDate: '2009-05-01T10:00:00.000Z' } });
    expect(turning18Due(placed, policy)?.toISOString()).toBe('2026-11-01T11:00:00.000Z');
    expect(turning18Due(measure(), policy)).toBeUndefined(); // no birth date
    const notPlaced = measure({ measure: { ...input.measure, ladderStep: 2, childBirthDate: '2009-05-01' } }, 2);
    expect(turning18Due(notPlaced, policy)).toBeUndefined();
  });

  it("return home: the placement's statement 14 days and the revised plan 7 days before the date; the date itself once that has passed", () => {
    const date = at('2026-05-01T08:00:00Z');
    expect(beforeReturnDue(date, { calendarDays: 14 }, now, policy).toISOString()).toBe('2026-04-17T08:00:00.000Z');
    expect(beforeReturnDue(date, { calendarDays: 7 }, at('2026-04-28T08:00:00Z'), policy)).toEqual(date);
  });

  it('return home: a 6-month period, with the follow-up 3 months after the return, within the period', () => {
    expect(returnHomePeriod(now, policy)).toEqual({ periodEndsAt: at('2026-09-02T08:00:00Z'), followUpBy: at('2026-06-02T08:00:00Z') });
    const short = testPolicy(); // period 120 s, follow-up 60 s after the return
    expect(returnHomePeriod(now, short).followUpBy.getTime() - now.getTime()).toBe(60_000);
  });

  it("a task's clock, once extended, runs on its own kind's rule", () => {
    expect(measureTaskRule(policy, 'supervision-visit')).toBe(policy.measure.supervisionVisit);
    expect(measureTaskRule(policy, 'plan-revision')).toBe(policy.measure.returnHome!.planRevision);
  });
});
