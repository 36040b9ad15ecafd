/**
 * Screening and assessment: the triage decision after the urgency assessment, child conversations,
 * and the child-welfare assessment (børnefaglig undersøgelse, BL § 20), due 4 calendar months from
 * the day the municipality became aware, with a preliminary assessment when that passes.
 */
import { COMMANDS, assessmentCompletedSignal } from '../../contract';
import { enforce } from '../../support/validation';
import type { CaseContext } from '../case.context';
import { assessmentDue, assessmentRefusal, preliminaryAssessmentDue, triageNext, triageRefusal } from '../case.rules';
import { measuresRunning } from '../case.state';
import { close } from './closure.handlers';
import { openCloseOrContinue } from './measures.handlers';

export function installTriage(c: CaseContext): void {
  const { s, projector } = c;
  c.gate.command(
    COMMANDS.decideTriage,
    (cmd) => enforce(triageRefusal(s, cmd)),
    async ({ actor, decision, reason }) => {
      c.noteActor(actor);
      s.triage = { decision, at: new Date().toISOString() };
      await projector.project({
        case: { triageDecision: decision },
        events: [projector.event('triage.decided', actor, { decision, reason })],
      });
      const next = triageNext(decision);
      if (next === 'close') await close(c, actor, reason);
      else if (next === 'screening') await c.enterPhase('screening', actor);
      else await startAssessment(c, actor);
      return c.result();
    },
  );
}

export function installChildConversation(c: CaseContext): void {
  const { s, projector } = c;
  c.gate.command(COMMANDS.recordChildConversation, c.open, async ({ actor, heldAt, exceptionReason }) => {
    c.noteActor(actor);
    s.childConversations++;
    s.childHeardSinceDecision = true;
    const type = exceptionReason ? 'child-conversation.exception' : 'child-conversation.held';
    await projector.project({ events: [projector.event(type, actor, { heldAt: heldAt ?? new Date().toISOString(), exceptionReason })] });
    return c.result();
  });
}

export function installSubmitAssessment(c: CaseContext): void {
  const { s, tasks, projector } = c;
  c.gate.command(
    COMMANDS.submitAssessment,
    () => enforce(assessmentRefusal(s)),
    async ({ actor, conclusion, summary }) => {
      c.noteActor(actor);
      const a = s.assessment!;
      a.submittedAt = new Date().toISOString();
      a.conclusion = conclusion;
      s.childHeardSinceDecision = false;
      await tasks.complete(a.taskId, actor, { conclusion });
      if (a.preliminaryTaskId) await tasks.cancel(a.preliminaryTaskId, actor, 'assessment submitted');
      const data = { conclusion, summaryLength: summary.length, dueAt: a.dueAt };
      await projector.project({ events: [projector.event('assessment.submitted', actor, data)] });
      // A measure started during the assessment gets its first follow-up now (BL § 95).
      for (const m of s.measures.filter((x) => x.status === 'active')) {
        await c.signalMeasure(m.measureId, assessmentCompletedSignal, { at: a.submittedAt });
      }
      const running = measuresRunning(s);
      await c.enterPhase(running ? 'measures' : 'decision', actor);
      if (!running) openCloseOrContinue(c, actor);
      return c.result();
    },
  );
}

/** The assessment starts: its clock runs from the day the municipality became aware, the first report. */
async function startAssessment(c: CaseContext, actor: string): Promise<void> {
  const { s, policy } = c;
  const dueAt = assessmentDue(policy, new Date(s.reports[0].receivedAt));
  const task = c.tasks.open({
    kind: 'assessment',
    assignee: 'coordinator',
    assigneeId: s.coordinatorId,
    dueAt,
    rule: policy.assessment,
    actor,
  });
  s.assessment = { startedAt: new Date().toISOString(), dueAt: dueAt.toISOString(), taskId: task.taskId };
  await c.enterPhase('assessment', actor);
}

/** The assessment's deadline has passed: a preliminary assessment (foreløbig vurdering) is due. */
export function openPreliminaryAssessment(c: CaseContext): void {
  const { s, policy } = c;
  const dueAt = preliminaryAssessmentDue(policy, new Date());
  const rule = policy.preliminaryAssessment;
  s.assessment!.preliminaryTaskId = c.tasks.open({
    kind: 'preliminary-assessment',
    assignee: 'coordinator',
    assigneeId: s.coordinatorId,
    dueAt,
    rule,
  }).taskId;
}
