/**
 * Follow-up (opfølgning, BL § 95): meetings with the goals scored and actions agreed, the first one
 * moved earlier when a parallel assessment ends; actions not done by the next meeting are shown,
 * escalated and carried to the meeting after. Measures that do not move the goals are stopped.
 */
import { getExternalWorkflowHandle, uuid4 } from '@temporalio/workflow';
import {
  COMMANDS,
  assessmentCompletedSignal,
  caseWorkflowId,
  type FollowUpCommand,
  type FollowUpView,
  goalsScoredSignal,
} from '../../contract';
import type { TaskTracker } from '../../support/task-tracker';
import { enforce } from '../../support/validation';
import type { MeasureContext } from '../measure.context';
import { agreedActionDoneRefusal, followUpAfterAssessmentDue, followUpRefusal, nextFollowUpDue } from '../measure.rules';
import { type AgreedAction, followUpHeld } from '../measure.state';

/** The parallel assessment ended: the first follow-up comes now, if that is earlier. */
export function installAssessmentCompleted(c: MeasureContext): void {
  const { s, tasks } = c;
  c.gate.signal(assessmentCompletedSignal, 'assessmentCompletedSchema', async ({ at }) => {
    if (!s.assessmentOngoing || s.status !== 'active') return;
    s.assessmentOngoing = false;
    const dueAt = followUpAfterAssessmentDue(s, new Date(at), c.policy);
    if (!dueAt) return;
    await tasks.cancel(s.followUpTaskId!, 'system', 'assessment ended: first follow-up moved earlier');
    c.openFollowUp(dueAt);
  });
}

export function installRecordFollowUp(c: MeasureContext): void {
  c.gate.command(
    COMMANDS.recordFollowUp,
    (cmd: FollowUpCommand) => enforce(followUpRefusal(c.s, cmd, c.policy)),
    (cmd) => holdFollowUp(c, cmd),
  );
}

/** A meeting held: scored, its actions agreed, the next one scheduled, or the measure ended or stepped down. */
async function holdFollowUp(c: MeasureContext, cmd: FollowUpCommand) {
  const { s, tasks } = c;
  const now = new Date();
  const task = tasks.get(s.followUpTaskId!)!;
  const onTime = now.getTime() <= new Date(task.dueAt).getTime();
  const followUpId = uuid4();
  // What was agreed last time and is not done is shown at this meeting and escalated.
  const notDone = s.actions.filter((a) => a.status === 'open');
  await tasks.complete(task.taskId, cmd.actor, { followUpId });

  const wasPlacement = c.isPlacement();
  if (cmd.decision === 'step-down') s.ladderStep = cmd.newLadderStep!;
  const nextDue = nextFollowUpDue(cmd, now, c.policy);
  const followUp: FollowUpView = {
    followUpId,
    heldAt: cmd.heldAt ?? now.toISOString(),
    onTime,
    decision: cmd.decision,
    scores: cmd.scores,
    actionsNotDone: notDone.map((a) => a.actionId),
    nextDueAt: nextDue?.toISOString(),
  };
  followUpHeld(s, followUp);
  const newActions = nextDue ? cmd.agreedActions.map((a) => agreeAction(c, a.owner, nextDue, followUpId, cmd.actor)) : [];
  // An action not done is carried to the next meeting: due again by then, not left open forever.
  const carried = nextDue && notDone.length ? notDone : [];
  const moves = carried.flatMap((a) => carry(c, a, nextDue!, cmd.actor));
  s.actions.push(...newActions);
  await projectFollowUp(c, { cmd, followUp, nextDue, newActions, notDone, carried, moves });
  // The case keeps every goal's progress for its outcome.
  if (cmd.scores.length) {
    const scored = { measureId: s.measureId, scores: cmd.scores, at: now.toISOString() };
    await getExternalWorkflowHandle(caseWorkflowId(s.caseId)).signal(goalsScoredSignal, scored);
  }
  if (cmd.decision === 'step-down') await c.projectMeasure('measure.stepped-down', cmd.actor, { ladderStep: s.ladderStep });
  if (cmd.decision === 'step-down') await c.leavePlacement(cmd.actor, wasPlacement);
  if (!nextDue) await c.end(cmd.actor, `follow-up decision: ${cmd.decision}`);
  else c.openFollowUp(nextDue);
  return c.result({ followUpId, actionIds: newActions.map((a) => a.actionId) });
}

/** An action agreed at the meeting: a partner department's task, due by the next meeting. */
function agreeAction(c: MeasureContext, owner: string, dueAt: Date, followUpId: string, actor: string): AgreedAction {
  const rule = c.rules.agreedAction;
  const t = c.tasks.open({ kind: 'agreed-action', assignee: 'partner', assigneeId: owner, subjectId: c.s.measureId, dueAt, rule, actor });
  return { actionId: t.taskId, owner, dueAt: dueAt.toISOString(), status: 'open', followUpId, taskId: t.taskId };
}

function carry(c: MeasureContext, a: AgreedAction, nextDue: Date, actor: string) {
  const moved = c.tasks.reschedule(a.taskId, nextDue, c.rules.agreedAction, actor, 'carried to the next meeting');
  if (moved) a.dueAt = nextDue.toISOString();
  return moved ? [moved] : [];
}

interface HeldMeeting {
  cmd: FollowUpCommand;
  followUp: FollowUpView;
  nextDue: Date | undefined;
  newActions: AgreedAction[];
  notDone: AgreedAction[];
  carried: AgreedAction[];
  moves: NonNullable<ReturnType<TaskTracker['reschedule']>>[];
}

/** The meeting, its new actions and the ones carried, into the read model in one write. */
async function projectFollowUp(
  c: MeasureContext,
  { cmd, followUp, nextDue, newActions, notDone, carried, moves }: HeldMeeting,
): Promise<void> {
  const { s, projector } = c;
  const { followUpId, onTime, actionsNotDone } = followUp;
  const notDoneEvent = (a: AgreedAction) =>
    projector.event('agreed-action.not-done-at-meeting', 'system', {
      measureId: s.measureId,
      actionId: a.actionId,
      owner: a.owner,
      to: 'supervisor',
      carriedTo: carried.includes(a) ? a.dueAt : undefined,
    });
  const held = { measureId: s.measureId, followUpId, onTime, decision: cmd.decision, scores: cmd.scores, actionsNotDone };
  await projector.project({
    followUps: [
      {
        id: followUpId,
        measureId: s.measureId,
        heldAt: new Date(followUp.heldAt),
        onTime,
        decision: cmd.decision,
        scores: cmd.scores,
        actionsNotDone,
        nextDueAt: nextDue ?? null,
      },
    ],
    actions: newActions.map((a, i) => ({
      id: a.actionId,
      followUpId,
      measureId: s.measureId,
      description: cmd.agreedActions[i].description,
      owner: a.owner,
      dueAt: nextDue!,
      status: 'open',
    })),
    actionUpdates: carried.map((a) => ({ id: a.actionId, dueAt: nextDue! })),
    tasks: moves.map((m) => m.row),
    events: [
      projector.event('follow-up.held', cmd.actor, { ...held, cadenceReason: cmd.nextFollowUp?.reason }),
      ...notDone.map(notDoneEvent),
      ...moves.map((m) => m.event),
    ],
  });
}

export function installCompleteAgreedAction(c: MeasureContext): void {
  const { s, tasks, projector } = c;
  c.gate.command(
    COMMANDS.completeAgreedAction,
    (cmd) => enforce(agreedActionDoneRefusal(s, cmd)),
    async ({ actor, actionId }) => {
      const action = s.actions.find((a) => a.actionId === actionId)!;
      action.status = 'done';
      await tasks.complete(action.taskId, actor, { actionId });
      await projector.project({ actionUpdates: [{ id: actionId, status: 'done', doneAt: new Date(), doneBy: actor }] });
      return c.result();
    },
  );
}
