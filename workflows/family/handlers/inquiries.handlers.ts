/**
 * Inquiries (henvendelser): answered by the end of the next weekday; late, they go to the deputy
 * (stedfortræder), then the supervisor.
 */
import { log } from '@temporalio/workflow';
import { COMMANDS, inquiryReceivedSignal, MAX_OPEN_INQUIRIES } from '../../contract';
import { enforce } from '../../support/validation';
import type { FamilyContext } from '../family.context';
import { answerInquiryRefusal, inquiryDue, takesInquiry } from '../family.rules';

export function installInquiryReceived(c: FamilyContext): void {
  const { s, tasks, projector } = c;
  c.gate.signal(inquiryReceivedSignal, 'inquiryReceivedSchema', async ({ inquiryId, channel, receivedAt }) => {
    if (s.inquiries.some((i) => i.inquiryId === inquiryId)) return;
    if (!takesInquiry(s)) {
      log.warn(`Family has ${MAX_OPEN_INQUIRIES} unanswered inquiries; one more was not registered`);
      return;
    }
    const { at, dueAt } = inquiryDue(receivedAt, new Date(), c.policy);
    const rule = c.policy.inquiryResponse;
    const task = tasks.open({
      kind: 'inquiry-response',
      assignee: 'coordinator',
      assigneeId: s.coordinatorId,
      subjectId: inquiryId,
      dueAt,
      rule,
    });
    s.inquiries.push({ inquiryId, channel, receivedAt: at.toISOString(), taskId: task.taskId });
    const data = { inquiryId, channel, dueAt: task.dueAt, deputyId: s.deputyId };
    await projector.project({ events: [projector.event('inquiry.received', 'system', data)] });
  });
}

export function installAnswerInquiry(c: FamilyContext): void {
  const { s, tasks, projector } = c;
  c.gate.command(
    COMMANDS.answerInquiry,
    (cmd) => enforce(answerInquiryRefusal(s, cmd)),
    async ({ actor, inquiryId }) => {
      const inquiry = s.inquiries.find((i) => i.inquiryId === inquiryId)!;
      const task = tasks.get(inquiry.taskId)!;
      const now = Date.now();
      inquiry.answeredAt = new Date(now).toISOString();
      inquiry.onTime = now <= Date.parse(task.dueAt);
      await tasks.complete(task.taskId, actor, { inquiryId });
      const data = { inquiryId, onTime: inquiry.onTime, responseSeconds: Math.round((now - Date.parse(inquiry.receivedAt)) / 1000) };
      await projector.project({ events: [projector.event('inquiry.answered', actor, data)] });
      return c.result();
    },
  );
}
