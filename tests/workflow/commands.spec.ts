// Commands are updates with validators: refused with a stable reason when the phase or the data is wrong.
import { randomUUID } from 'node:crypto';
import {
  assignCoordinatorUpdate,
  caseViewQuery,
  closeCaseUpdate,
  decideApprovalUpdate,
  decideTriageUpdate,
  proposeMeasureUpdate,
  recordChildConversationUpdate,
  recordReassessmentUpdate,
  reportReceivedSignal,
  submitAssessmentUpdate,
  submitPlanUpdate,
} from '../../workflows/contract';
import { driveToDecision, openCase, rejection, reportOfConcern, command } from '../support/cases';
import { testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('commands');
const inAYear = () => new Date(Date.now() + 365 * 86400_000).toISOString();
const measure = (over: Record<string, unknown> = {}) => ({
  type: 'familiebehandling',
  ladderStep: 3,
  provider: 'Familiehuset',
  monthlyCost: 15000,
  startDate: new Date().toISOString(),
  plannedEnd: inAYear(),
  goalIds: [],
  ...over,
});

async function caseInDecision() {
  const c = await openCase(h.client, h.taskQueue, testPolicy());
  await driveToDecision(c.handle, 'radgiver');
  return c;
}

describe('a command the phase does not allow', () => {
  it('is refused as WrongPhase and leaves the case as it was', async () => {
    const { handle } = await openCase(h.client, h.taskQueue, testPolicy());
    expect(
      await rejection(
        handle.executeUpdate(submitAssessmentUpdate, { args: [{ actor: 'radgiver', conclusion: 'no-measures', summary: 'x' }] }),
      ),
    ).toEqual({
      type: 'WrongPhase',
      message: 'Submitting the assessment is not possible in phase intake',
    });
    expect(
      await rejection(handle.executeUpdate(decideTriageUpdate, { args: [{ actor: 'radgiver', decision: 'assessment', reason: 'x' }] })),
    ).toMatchObject({
      type: 'WrongPhase',
      message: expect.stringMatching(/urgency assessment must be recorded before triage/),
    });
    expect(await rejection(handle.executeUpdate(closeCaseUpdate, { args: [{ actor: 'radgiver', reason: 'x' }] }))).toMatchObject({
      type: 'WrongPhase',
    });
    const view = await handle.query(caseViewQuery);
    expect(view.phase).toBe('intake');
    expect(view.triage).toBeUndefined();
  });

  it('refuses a decision without a child conversation first, and approval by the one who proposed it', async () => {
    const { handle } = await caseInDecision();
    expect(
      await rejection(handle.executeUpdate(proposeMeasureUpdate, { args: [{ actor: 'radgiver', measure: measure() }] })),
    ).toMatchObject({
      type: 'ChildConversationMissing',
    });
    await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: 'radgiver', exceptionReason: 'Barnet er 2 år' }] });
    const d = await handle.executeUpdate(proposeMeasureUpdate, { args: [{ actor: 'radgiver', measure: measure() }] });
    expect(
      await rejection(
        handle.executeUpdate(decideApprovalUpdate, {
          args: [{ actor: 'radgiver', decisionId: d.decisionId, approved: true, reason: 'ok' }],
        }),
      ),
    ).toMatchObject({
      type: 'WrongPhase',
      message: expect.stringMatching(/four eyes/),
    });
    await handle.executeUpdate(decideApprovalUpdate, {
      args: [{ actor: 'leder', decisionId: d.decisionId, approved: true, reason: 'ok' }],
    });
    expect(
      await rejection(
        handle.executeUpdate(decideApprovalUpdate, { args: [{ actor: 'leder', decisionId: d.decisionId, approved: true, reason: 'ok' }] }),
      ),
    ).toMatchObject({
      type: 'WrongPhase',
      message: expect.stringMatching(/already approved/),
    });
    expect(await rejection(handle.executeUpdate(closeCaseUpdate, { args: [{ actor: 'radgiver', reason: 'x' }] }))).toMatchObject({
      type: 'WrongPhase',
      message: 'measures are still running: end them first',
    });
  });
});

describe('a command with bad data', () => {
  it.each([
    [{ ladderStep: 9 }, 'measure.ladderStep must be at most 6'],
    [{ monthlyCost: -1 }, 'measure.monthlyCost must be at least 0'],
    [{ plannedEnd: 'soon' }, 'measure.plannedEnd must be an ISO 8601 date'],
    [{ provider: '' }, 'measure.provider is required'],
  ])('is refused as InvalidCommand naming the field (%o)', async (over, message) => {
    const { handle } = await caseInDecision();
    await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: 'radgiver' }] });
    expect(await rejection(handle.executeUpdate(proposeMeasureUpdate, { args: [{ actor: 'radgiver', measure: measure(over) }] }))).toEqual({
      type: 'InvalidCommand',
      message,
    });
  });

  it('refuses a plan whose goals lack an owner department', async () => {
    const { handle } = await caseInDecision();
    await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: 'radgiver' }] });
    await handle.executeUpdate(proposeMeasureUpdate, { args: [{ actor: 'radgiver', measure: measure() }] });
    const goals = [{ goalId: 'g1', description: 'Trives i skolen', ownerDepartment: '', successMeasure: 'Fremmøde' }];
    expect(await rejection(handle.executeUpdate(submitPlanUpdate, { args: [{ actor: 'radgiver', goals }] }))).toEqual({
      type: 'InvalidCommand',
      message: 'goals[0].ownerDepartment is required',
    });
  });
});

describe('re-assessment of a new report while a measure runs (BL § 137)', () => {
  it('needs someone new to the case, and a child conversation when the report is about abuse', async () => {
    const { handle } = await caseInDecision();
    await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: 'radgiver' }] });
    const d = await handle.executeUpdate(proposeMeasureUpdate, { args: [{ actor: 'radgiver', measure: measure() }] });
    await handle.executeUpdate(decideApprovalUpdate, {
      args: [{ actor: 'leder', decisionId: d.decisionId, approved: true, reason: 'ok' }],
    });

    await handle.signal(reportReceivedSignal, reportOfConcern({ concernsAbuse: true }));
    const view = await eventually(
      async () => {
        const v = await handle.query(caseViewQuery);
        return v.openTasks.some((t) => t.kind === 'reassessment') ? v : undefined;
      },
      { what: 'the re-assessment task' },
    );
    const task = view.openTasks.find((t) => t.kind === 'reassessment')!;
    expect(
      await rejection(
        handle.executeUpdate(recordReassessmentUpdate, {
          args: [{ actor: 'radgiver', taskId: task.taskId, outcome: 'x', childConversationHeld: true }],
        }),
      ),
    ).toMatchObject({
      type: 'NotNewToCase',
    });
    expect(
      await rejection(
        handle.executeUpdate(recordReassessmentUpdate, {
          args: [{ actor: 'kollega-ny', taskId: task.taskId, outcome: 'x', childConversationHeld: false }],
        }),
      ),
    ).toMatchObject({
      type: 'ChildConversationMissing',
    });
    const done = await command(handle, recordReassessmentUpdate, {
      actor: 'kollega-ny',
      taskId: task.taskId,
      outcome: 'Fortsat foranstaltning',
      childConversationHeld: true,
    });
    expect(done.openTasks.some((t) => t.taskId === task.taskId)).toBe(false);
  });
});

describe('caseload cap', () => {
  it('refuses a case to a coordinator whose caseload is full, and counts every change of coordinator', async () => {
    const coordinator = `radgiver-${randomUUID()}`;
    const policy = testPolicy({ caseloadCap: 2 });
    const cases = await Promise.all([1, 2, 3].map(() => openCase(h.client, h.taskQueue, policy)));
    await cases[0].handle.executeUpdate(assignCoordinatorUpdate, { args: [{ actor: 'leder', coordinatorId: coordinator, teamId: 't' }] });
    await cases[1].handle.executeUpdate(assignCoordinatorUpdate, { args: [{ actor: 'leder', coordinatorId: coordinator, teamId: 't' }] });
    expect(
      await rejection(
        cases[2].handle.executeUpdate(assignCoordinatorUpdate, { args: [{ actor: 'leder', coordinatorId: coordinator, teamId: 't' }] }),
      ),
    ).toMatchObject({
      type: 'CaseloadCapReached',
      message: expect.stringMatching(/already has 2 open cases \(cap 2\)/),
    });
    // Handing one case over frees a place; the new coordinator gets a read-in task.
    const other = `radgiver-${randomUUID()}`;
    const moved = await command(cases[1].handle, assignCoordinatorUpdate, {
      actor: 'leder',
      coordinatorId: other,
      teamId: 't',
      reason: 'Orlov',
    });
    expect(moved.coordinatorChanges).toBe(1);
    expect(moved.openTasks.find((t) => t.kind === 'read-in')).toMatchObject({ assigneeId: other });
    expect(moved.openTasks.find((t) => t.kind === 'urgency-assessment')).toMatchObject({ assigneeId: other });
    const third = await command(cases[2].handle, assignCoordinatorUpdate, { actor: 'leder', coordinatorId: coordinator, teamId: 't' });
    expect(third.coordinatorId).toBe(coordinator);
  });
});
