import { taskStepMail } from '../mail/templates/task-step.template';
import { deliveryOf, isNotifyingStep } from '../notifications/notification-rules';
import type { Recipient } from '../organisation/directory';
import { isUuid } from '../read-model/db';
import type { ReadModel } from '../read-model/read-model';

export interface StepToNotify {
  /** The step event's dedupe key: the notification's (and its mail's) id is derived from it. */
  dedupeKey: string;
  type: string;
  /** Who took the step: nobody is told of what they did themselves (claiming a task). */
  actor: string;
  at: string;
  data?: Record<string, unknown>;
  caseId: string | null;
  familyId: string | null;
  recipient: Recipient | undefined;
}

/**
 * Tells the step's recipient, inside the projection's transaction and only for an event that was
 * written just now (a retried projection's duplicate tells nobody twice): a `notifications` row,
 * and for an immediate one a mail in the outbox, which the relay picks up the moment the
 * transaction commits (NOTIFY is delivered on commit, and never for a rolled-back one).
 * A person without a mail address still gets the row (the inbox shows it); nobody at all (no
 * recipient could be resolved) is already recorded in the event's `recipient.reason`.
 */
export async function notifyStep(
  tx: ReadModel,
  step: StepToNotify,
  { publicUrl = '', relayQueue = null }: { publicUrl?: string; relayQueue?: string | null } = {},
): Promise<void> {
  if (!isNotifyingStep(step.type) || !step.recipient?.userId) return;
  const userId = step.recipient.userId;
  if (step.actor === userId) return;
  const user = await tx.notifications.recipient(userId);
  if (!user) return;
  const data = step.data ?? {};
  const kind = typeof data.kind === 'string' ? data.kind : 'unknown';
  const level = typeof data.level === 'number' ? data.level : 0;
  const dueAt = typeof data.dueAt === 'string' && !Number.isNaN(Date.parse(data.dueAt)) ? new Date(data.dueAt) : null;
  const to = typeof data.to === 'string' ? data.to : undefined;
  const delivery = deliveryOf({ type: step.type, kind, to }, user.notification_mode);
  const id = `notify:${step.dedupeKey}`;
  const mailed = delivery === 'immediate' && !!user.email;
  await tx.notifications.insert({
    id,
    userId,
    caseId: step.caseId,
    familyId: step.familyId,
    taskId: isUuid(data.taskId) ? data.taskId : null,
    step: step.type,
    taskKind: kind,
    level,
    dueAt,
    occurredAt: new Date(step.at),
    delivery,
    outboxId: mailed ? id : null,
  });
  if (!mailed) return;
  const mail = taskStepMail({
    step: step.type,
    kind,
    dueAt,
    level,
    link: linkTo(publicUrl, step),
    asStandIn: 'via' in step.recipient && step.recipient.via === 'stand-in',
  });
  await tx.mailOutbox.addForRelay({
    id,
    kind: 'notification',
    userId,
    caseId: step.caseId,
    familyId: step.familyId,
    toAddress: user.email,
    subject: mail.subject,
    bodyText: mail.text,
    relayQueue,
  });
  await tx.mailOutbox.wakeRelay(relayQueue, id);
}

/** The web page a step is about: the case's, or for a family-level task the family's (a sign-in first when needed). */
export function linkTo(publicUrl: string, scope: { caseId: string | null; familyId: string | null }): string {
  return scope.caseId ? `${publicUrl}/app/cases/${scope.caseId}` : `${publicUrl}/app/families/${scope.familyId}`;
}
