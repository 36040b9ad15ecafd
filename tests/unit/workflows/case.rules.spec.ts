// The rules of a child case, without a server: every refusal a case command can meet (the type the
// API maps to 400/409 and the message it passes on) and every deadline the case computes.
import { STATUTORY_POLICY } from '../../../libs/policy/case-policy';
import { zonedInstant } from '../../../libs/calendar/danish-calendar';
import type { MeasureDetails, ReportOfConcern } from '../../../workflows/contract';
import {
  approvalDue,
  approvalRefusal,
  assessmentDue,
  assessmentRefusal,
  assignCoordinatorRefusal,
  caseTaskRule,
  closeCaseRefusal,
  closeOrContinueDue,
  committeeReviewDue,
  measureProposalRefusal,
  PENDING_MEASURES_MAX,
  planDue,
  planRefusal,
  preliminaryAssessmentDue,
  readInDue,
  reassessmentDue,
  reassessmentRefusal,
  receiptAtRisk,
  receiptDeadline,
  receiptWanted,
  triageNext,
  triageRefusal,
  urgencyAssessmentDue,
  urgencyAssessmentRefusal,
} from '../../../workflows/case/case.rules';
import { type CaseDecision, type CaseState, newCaseState } from '../../../workflows/case/case.state';
import { testPolicy } from '../../support/test-policy';
import { at, byId, refusal, task } from './builders';

const policy = STATUTORY_POLICY;
const tz = policy.calendar.timeZone;
const now = at('2026-03-02T09:00:00Z'); // Monday 2 March 2026, 10:00 in Copenhagen

function caseIn(phase: CaseState['phase'], o: Partial<CaseState> = {}): CaseState {
  return { ...newCaseState('case-1'), phase, ...o };
}

const assessedReport = { reportId: 'r1', receivedAt: '2026-03-02T09:00:00.000Z', concernsAbuse: false, urgencyAssessed: true };
const waitingReport = { ...assessedReport, reportId: 'r2', urgencyAssessed: false };
const measure: MeasureDetails = {
  type: 'familiebehandling',
  ladderStep: 2,
  provider: 'Familiehuset',
  monthlyCost: 12000,
  startDate: '2026-03-02',
  plannedEnd: '2026-09-02',
  goalIds: ['g1'],
};
const decision = (o: Partial<CaseDecision> = {}): CaseDecision => ({
  decisionId: 'd1',
  kind: 'measure',
  status: 'pending',
  proposedBy: 'anna',
  proposedAt: now.toISOString(),
  taskId: 't-approval',
  ...o,
});

describe('case commands: refusals', () => {
  it('every command is refused once the case is closed', () => {
    expect(assignCoordinatorRefusal(caseIn('closed'), { coordinatorId: 'mikkel' })).toEqual(refusal('WrongPhase', 'the case is closed'));
    expect(urgencyAssessmentRefusal(caseIn('closed'))).toEqual(refusal('WrongPhase', 'the case is closed'));
    expect(approvalRefusal(caseIn('closed'), { actor: 'sofie', decisionId: 'd1' })).toEqual(refusal('WrongPhase', 'the case is closed'));
  });

  it('assigning the coordinator who already has the case', () => {
    const s = caseIn('intake', { coordinatorId: 'anna' });
    expect(assignCoordinatorRefusal(s, { coordinatorId: 'anna' })).toEqual(
      refusal('AlreadyAssigned', 'coordinatorId anna already has the case'),
    );
    expect(assignCoordinatorRefusal(s, { coordinatorId: 'mikkel' })).toBeUndefined();
  });

  it('an urgency assessment with no report waiting for one', () => {
    expect(urgencyAssessmentRefusal(caseIn('intake', { reports: [assessedReport] }))).toEqual(
      refusal('WrongPhase', 'no report is waiting for an urgency assessment'),
    );
    expect(urgencyAssessmentRefusal(caseIn('intake', { reports: [waitingReport] }))).toBeUndefined();
  });

  describe('triage', () => {
    const assessed = {
      urgency: { childInDanger: false, acuteHelpNeeded: false, at: now.toISOString(), onTime: true },
      reports: [assessedReport],
    };

    it('only in intake or screening', () => {
      expect(triageRefusal(caseIn('assessment'), { decision: 'close' })).toEqual(
        refusal('WrongPhase', 'A triage decision is not possible in phase assessment'),
      );
    });

    it('from screening only close or assessment', () => {
      expect(triageRefusal(caseIn('screening', assessed), { decision: 'screening' })).toEqual(
        refusal('InvalidCommand', 'decision must be one of close, assessment'),
      );
      expect(triageRefusal(caseIn('screening', assessed), { decision: 'assessment' })).toBeUndefined();
    });

    it('after the urgency assessment', () => {
      expect(triageRefusal(caseIn('intake', { reports: [waitingReport] }), { decision: 'assessment' })).toEqual(
        refusal('WrongPhase', 'the urgency assessment must be recorded before triage'),
      );
      expect(triageRefusal(caseIn('intake', assessed), { decision: 'acute-measure' })).toBeUndefined();
    });

    it('closing only once every report is assessed, and none is being recorded', () => {
      const waiting = caseIn('intake', { ...assessed, reports: [assessedReport, waitingReport] });
      expect(triageRefusal(waiting, { decision: 'close' })).toEqual(
        refusal('WrongPhase', 'report r2 is waiting for its urgency assessment'),
      );
      const recording = caseIn('intake', { ...assessed, inbox: [{ reportId: 'r3' } as ReportOfConcern] });
      expect(triageRefusal(recording, { decision: 'close' })).toEqual(
        refusal('WrongPhase', 'a new report is being recorded; assess it before the case closes'),
      );
    });

    it('leads to closure, screening or the assessment (an acute measure starts the assessment too)', () => {
      expect(['close', 'screening', 'assessment', 'acute-measure'].map((d) => triageNext(d as never))).toEqual([
        'close',
        'screening',
        'assessment',
        'assessment',
      ]);
    });
  });

  it('submitting the assessment: in the assessment phase, with the child heard', () => {
    expect(assessmentRefusal(caseIn('decision'))).toEqual(
      refusal('WrongPhase', 'Submitting the assessment is not possible in phase decision'),
    );
    expect(assessmentRefusal(caseIn('assessment'))).toEqual(
      refusal('ChildConversationMissing', 'The assessment needs a child conversation (børnesamtale) or a recorded exception first'),
    );
    expect(assessmentRefusal(caseIn('assessment', { childHeardSinceDecision: true }))).toBeUndefined();
  });

  describe('proposing a measure', () => {
    const heard = { childHeardSinceDecision: true };

    it('in the decision or measures phase, or during the assessment after an acute triage', () => {
      expect(measureProposalRefusal(caseIn('screening', heard), { measure })).toEqual(
        refusal('WrongPhase', 'Proposing a measure is not possible in phase screening'),
      );
      const acute = caseIn('assessment', { ...heard, triage: { decision: 'acute-measure', at: now.toISOString() } });
      expect(measureProposalRefusal(acute, { measure })).toBeUndefined();
    });

    it('with its planned end after its start', () => {
      expect(measureProposalRefusal(caseIn('decision', heard), { measure: { ...measure, plannedEnd: '2026-03-01' } })).toEqual(
        refusal('InvalidCommand', 'measure.plannedEnd must be after measure.startDate'),
      );
    });

    it(`at most ${PENDING_MEASURES_MAX} waiting for approval`, () => {
      const decisions = Array.from({ length: PENDING_MEASURES_MAX }, (_, i) => decision({ decisionId: `d${i}` }));
      expect(measureProposalRefusal(caseIn('measures', { ...heard, decisions }), { measure })).toEqual(
        refusal('WrongPhase', '10 measures already wait for approval'),
      );
    });

    it('after a child conversation since the last decision', () => {
      expect(measureProposalRefusal(caseIn('decision'), { measure })).toEqual(
        refusal('ChildConversationMissing', 'A measure decision needs a child conversation (børnesamtale) or a recorded exception first'),
      );
    });
  });

  describe('submitting the plan', () => {
    const goal = { goalId: 'g1', description: 'Går i skole', ownerDepartment: 'Skole', successMeasure: 'Fremmøde' };

    it('in the decision or measures phase, after a measure decision, one waiting at a time', () => {
      expect(planRefusal(caseIn('assessment'), { goals: [goal] })).toEqual(
        refusal('WrongPhase', 'Submitting the plan is not possible in phase assessment'),
      );
      expect(planRefusal(caseIn('decision'), { goals: [goal] })).toEqual(refusal('WrongPhase', 'the plan follows a measure decision'));
      const waiting = caseIn('measures', { decisions: [decision(), decision({ decisionId: 'p1', kind: 'plan' })] });
      expect(planRefusal(waiting, { goals: [goal] })).toEqual(refusal('WrongPhase', 'a plan is already waiting for approval'));
    });

    it('each goal once', () => {
      const s = caseIn('measures', { decisions: [decision({ status: 'approved' })] });
      expect(planRefusal(s, { goals: [goal, { ...goal, goalId: 'g2' }, goal] })).toEqual(
        refusal('InvalidCommand', 'goals[2].goalId g1 is used twice'),
      );
      expect(planRefusal(s, { goals: [goal] })).toBeUndefined();
    });
  });

  describe('approving a decision', () => {
    const s = () => caseIn('decision', { decisions: [decision()] });

    it('of this case', () => {
      expect(approvalRefusal(s(), { actor: 'sofie', decisionId: 'other' })).toEqual(
        refusal('InvalidCommand', 'decisionId other is not a decision of this case'),
      );
    });

    it('once', () => {
      const decided = caseIn('measures', { decisions: [decision({ status: 'approved' })] });
      expect(approvalRefusal(decided, { actor: 'sofie', decisionId: 'd1' })).toEqual(
        refusal('WrongPhase', 'decision d1 is already approved'),
      );
    });

    it('by someone other than the proposer (four eyes)', () => {
      expect(approvalRefusal(s(), { actor: 'anna', decisionId: 'd1' })).toEqual(
        refusal('WrongPhase', 'a decision is approved by someone other than the one who proposed it (four eyes)'),
      );
      expect(approvalRefusal(s(), { actor: 'sofie', decisionId: 'd1' })).toBeUndefined();
    });
  });

  describe('re-assessing a report (BL § 137)', () => {
    const reassessment = task('reassessment', { taskId: 't-re', subjectId: 'r2' });
    const s = (o: Partial<CaseState> = {}) =>
      caseIn('measures', {
        coordinatorId: 'anna',
        actorsOnCase: ['anna', 'sofie'],
        reports: [waitingReport],
        tasks: byId(reassessment),
        ...o,
      });

    it('an open re-assessment task', () => {
      expect(reassessmentRefusal(s(), { actor: 'omar', taskId: 'nope', childConversationHeld: false })).toEqual(
        refusal('InvalidCommand', 'taskId nope is not an open re-assessment'),
      );
    });

    it('by someone new to the case: not one who acted on it, not its coordinator', () => {
      expect(reassessmentRefusal(s(), { actor: 'sofie', taskId: 't-re', childConversationHeld: false })).toEqual(
        refusal('NotNewToCase', 'sofie has worked on the case; a re-assessment needs someone new to it (BL § 137)'),
      );
      expect(reassessmentRefusal(s({ actorsOnCase: [] }), { actor: 'anna', taskId: 't-re', childConversationHeld: false })?.type).toBe(
        'NotNewToCase',
      );
      expect(reassessmentRefusal(s(), { actor: 'omar', taskId: 't-re', childConversationHeld: false })).toBeUndefined();
    });

    it('a report about abuse with a child conversation', () => {
      const abuse = s({ reports: [{ ...waitingReport, concernsAbuse: true }] });
      expect(reassessmentRefusal(abuse, { actor: 'omar', taskId: 't-re', childConversationHeld: false })).toEqual(
        refusal('ChildConversationMissing', 'a report about abuse is re-assessed with a child conversation'),
      );
      expect(reassessmentRefusal(abuse, { actor: 'omar', taskId: 't-re', childConversationHeld: true })).toBeUndefined();
    });
  });

  describe('closing the case', () => {
    it('in the decision or measures phase', () => {
      expect(closeCaseRefusal(caseIn('assessment'))).toEqual(refusal('WrongPhase', 'Closing the case is not possible in phase assessment'));
    });

    it('with no measure running and no decision waiting', () => {
      const running = caseIn('measures', { measures: [{ measureId: 'm1', status: 'active', ladderStep: 2 }] });
      expect(closeCaseRefusal(running)).toEqual(refusal('WrongPhase', 'measures are still running: end them first'));
      expect(closeCaseRefusal(caseIn('decision', { decisions: [decision()] }))).toEqual(
        refusal('WrongPhase', 'a decision is waiting for approval'),
      );
    });

    it('once every report is assessed', () => {
      expect(closeCaseRefusal(caseIn('decision', { reports: [waitingReport] }))).toEqual(
        refusal('WrongPhase', 'report r2 is waiting for its urgency assessment'),
      );
      expect(closeCaseRefusal(caseIn('decision', { reports: [assessedReport] }))).toBeUndefined();
    });
  });
});

describe('case deadlines (statutory policy, Danish calendar)', () => {
  it('the urgency assessment within 24 clock hours of the report (BL § 136)', () => {
    expect(urgencyAssessmentDue(policy, now).toISOString()).toBe('2026-03-03T09:00:00.000Z');
  });

  it('the receipt within 6 weekdays; at risk 2 weekdays before, when the coordinator is asked', () => {
    const deadline = receiptDeadline(policy, now);
    // Monday 2 March: six weekdays on is Tuesday 10 March, to its end.
    expect(deadline).toEqual(zonedInstant('2026-03-11', '00:00', tz));
    expect(receiptAtRisk(policy, now, deadline)).toEqual(zonedInstant('2026-03-07', '00:00', tz)); // end of Friday 6 March
  });

  it('a receipt whose deadline or margin is not in weekdays: the margin as calendar days, a weekend more', () => {
    const days = { ...policy, receipt: { ...policy.receipt, deadline: { calendarDays: 10 } } };
    const deadline = receiptDeadline(days, now);
    expect(receiptAtRisk(days, now, deadline)).toEqual(new Date(deadline.getTime() - 4 * 86_400_000));
    const seconds = testPolicy();
    const d = receiptDeadline(seconds, now);
    expect(d.getTime() - now.getTime()).toBe(120_000);
    expect(receiptAtRisk(seconds, now, d).getTime()).toBe(d.getTime() - 30_000);
  });

  it('receipts go to professionals always, to citizens by local policy', () => {
    const noCitizens = { ...policy, receipt: { ...policy.receipt, sendToCitizens: false } };
    expect(receiptWanted(noCitizens, { reporter: { name: 'x', email: 'x@x.dk', type: 'professional' } })).toBe(true);
    expect(receiptWanted(noCitizens, { reporter: { name: 'x', email: 'x@x.dk', type: 'citizen' } })).toBe(false);
  });

  it('the child-welfare assessment 4 calendar months from the first report (BL § 20)', () => {
    expect(assessmentDue(policy, now).toISOString()).toBe('2026-07-02T08:00:00.000Z'); // 10:00 in Copenhagen, summer time
  });

  it('the preliminary assessment 5 weekdays after the assessment deadline passed', () => {
    expect(preliminaryAssessmentDue(policy, now)).toEqual(zonedInstant('2026-03-10', '00:00', tz));
  });

  it('a decision approved within 5 weekdays', () => {
    expect(approvalDue(policy, now)).toEqual(zonedInstant('2026-03-10', '00:00', tz));
  });

  it('the re-assessment of a report within 7 days (BL § 137)', () => {
    expect(reassessmentDue(policy, now).toISOString()).toBe('2026-03-09T09:00:00.000Z');
  });

  it("the child's plan 3 months after the first measure decision, once (BL §§ 91–92)", () => {
    expect(planDue(caseIn('decision'), policy, now)?.toISOString()).toBe('2026-06-02T08:00:00.000Z');
    expect(planDue(caseIn('measures', { planTaskId: 't-plan' }), policy, now)).toBeUndefined();
    expect(planDue(caseIn('measures', { plan: { status: 'approved', goals: [] } }), policy, now)).toBeUndefined();
  });

  it('an urgent placement before the committee within 7 days (BL § 143); none otherwise', () => {
    const acute = caseIn('assessment', { triage: { decision: 'acute-measure', at: now.toISOString() } });
    expect(committeeReviewDue(acute, 5, policy, now)?.toISOString()).toBe('2026-03-09T09:00:00.000Z');
    expect(committeeReviewDue(acute, 3, policy, now)).toBeUndefined();
    expect(
      committeeReviewDue(caseIn('decision', { triage: { decision: 'assessment', at: now.toISOString() } }), 5, policy, now),
    ).toBeUndefined();
  });

  it('the new coordinator reads in within 5 weekdays', () => {
    expect(readInDue(policy, now)).toEqual(zonedInstant('2026-03-10', '00:00', tz));
  });

  it('close or continue within 10 weekdays, when no measure runs or waits and none is open', () => {
    expect(closeOrContinueDue(caseIn('decision'), policy, now)).toEqual(zonedInstant('2026-03-17', '00:00', tz));
    const running = caseIn('measures', { measures: [{ measureId: 'm1', status: 'active', ladderStep: 2 }] });
    expect(closeOrContinueDue(running, policy, now)).toBeUndefined();
    expect(closeOrContinueDue(caseIn('decision', { decisions: [decision()] }), policy, now)).toBeUndefined();
    const open = task('close-or-continue', { taskId: 't-coc' });
    expect(closeOrContinueDue(caseIn('decision', { closeOrContinueTaskId: 't-coc', tasks: byId(open) }), policy, now)).toBeUndefined();
    expect(closeOrContinueDue(caseIn('closed', { closure: { reason: 'x', at: now.toISOString() } }), policy, now)).toBeUndefined();
  });

  it("a task's clock, once extended, runs on its own kind's rule", () => {
    expect(caseTaskRule(policy, 'assessment')).toBe(policy.assessment);
    expect(caseTaskRule(policy, 'committee-review')).toBe(policy.committeeReview);
    expect(caseTaskRule(policy, 'approval')).toBe(policy.approval);
  });
});
