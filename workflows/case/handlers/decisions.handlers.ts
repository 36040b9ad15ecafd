/**
 * Decisions: measures are proposed after a child conversation, the child's plan is submitted, and a
 * supervisor approves or refuses each (four eyes). An approved measure starts its workflow.
 */
import { uuid4 } from '@temporalio/workflow';
import { COMMANDS, type ApprovalCommand, type DecisionView } from '../../contract';
import { enforce } from '../../support/validation';
import type { CaseContext } from '../case.context';
import { approvalDue, approvalRefusal, measureProposalRefusal, planRefusal } from '../case.rules';
import type { CaseDecision } from '../case.state';
import { startMeasure } from './measures.handlers';

export function installProposeMeasure(c: CaseContext): void {
  const { s, projector } = c;
  c.gate.command(
    COMMANDS.proposeMeasure,
    (cmd) => enforce(measureProposalRefusal(s, cmd)),
    async ({ actor, measure }) => {
      c.noteActor(actor);
      s.childHeardSinceDecision = false;
      const decision = openDecision(c, 'measure', actor, () => ({ measureId: uuid4(), measure }));
      const { decisionId, measureId } = decision;
      const data = { decisionId, kind: 'measure', measureId, ladderStep: measure.ladderStep, type: measure.type };
      await projector.project({ events: [projector.event('decision.proposed', actor, data)] });
      return c.result({ decisionId, measureId, openedTaskIds: [decision.taskId] });
    },
  );
}

export function installSubmitPlan(c: CaseContext): void {
  const { s, projector } = c;
  c.gate.command(
    COMMANDS.submitPlan,
    (cmd) => enforce(planRefusal(s, cmd)),
    async ({ actor, goals }) => {
      c.noteActor(actor);
      // The workflow keeps what it decides on; the texts go to the read model.
      const kept = goals.map((g) => ({ goalId: g.goalId, ownerDepartment: g.ownerDepartment }));
      const decision = openDecision(c, 'plan', actor, () => ({ goals: kept }));
      const { decisionId } = decision;
      s.plan = { status: 'pending', goals: kept };
      await projector.project({
        goals: goals.map((g) => ({
          goalId: g.goalId,
          description: g.description,
          ownerDepartment: g.ownerDepartment,
          successMeasure: g.successMeasure,
        })),
        events: [
          projector.event('plan.submitted', actor, {
            decisionId,
            goals: goals.map((g) => ({ goalId: g.goalId, ownerDepartment: g.ownerDepartment })),
          }),
        ],
      });
      return c.result({ decisionId, openedTaskIds: [decision.taskId] });
    },
  );
}

export function installDecideApproval(c: CaseContext): void {
  c.gate.command(
    COMMANDS.decideApproval,
    (cmd) => enforce(approvalRefusal(c.s, cmd)),
    (cmd: ApprovalCommand) => decideApproval(c, cmd),
  );
}

async function decideApproval(c: CaseContext, { actor, decisionId, approved, reason }: ApprovalCommand) {
  const { s, tasks, projector } = c;
  c.noteActor(actor);
  const d = s.decisions.find((x) => x.decisionId === decisionId)!;
  d.status = approved ? 'approved' : 'rejected';
  d.decidedBy = actor;
  d.decidedAt = new Date().toISOString();
  await tasks.complete(d.taskId, actor, { decisionId, approved });
  await projector.project({
    events: [projector.event(approved ? 'decision.approved' : 'decision.rejected', actor, { decisionId, kind: d.kind, reason })],
  });
  if (approved && d.kind === 'measure') await startMeasure(c, d, actor);
  if (d.kind === 'plan') {
    if (approved) {
      s.plan = { status: 'approved', goals: d.goals! };
      if (s.planTaskId) await tasks.complete(s.planTaskId, actor, { decisionId });
    } else {
      s.plan = undefined;
    }
  }
  // The details served the decision; the measure and the read model keep them from here.
  delete d.measure;
  delete d.goals;
  return c.result({ decisionId, measureId: approved ? d.measureId : undefined });
}

/** A decision waiting for the supervisor's approval (four eyes), with its approval deadline. */
function openDecision<D extends Pick<CaseDecision, 'measureId' | 'measure' | 'goals'>>(
  c: CaseContext,
  kind: DecisionView['kind'],
  actor: string,
  details: () => D,
) {
  const decisionId = uuid4();
  const dueAt = approvalDue(c.policy, new Date());
  const task = c.tasks.open({ kind: 'approval', assignee: 'supervisor', subjectId: decisionId, dueAt, rule: c.policy.approval, actor });
  const decision = {
    decisionId,
    kind,
    status: 'pending' as const,
    proposedBy: actor,
    proposedAt: new Date().toISOString(),
    ...details(),
    taskId: task.taskId,
  };
  c.s.decisions.push(decision);
  return decision;
}
