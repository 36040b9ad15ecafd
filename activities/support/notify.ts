import type { EntityManager } from 'typeorm';
import { taskStepMail } from '../../libs/mail/templates/task-step.template';
import { deliveryOf, isNotifyingStep, type NotificationMode } from '../../libs/notifications/notification-rules';
import { OUTBOX_CHANNEL, outboxNotice } from '../../libs/notifications/outbox-relay';
import type { Recipient } from '../../libs/organisation/directory';

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
  em: EntityManager,
  step: StepToNotify,
  { publicUrl = '', relayQueue = null }: { publicUrl?: string; relayQueue?: string | null } = {},
): Promise<void> {
  if (!isNotifyingStep(step.type) || !step.recipient?.userId) return;
  const userId = step.recipient.userId;
  if (step.actor === userId) return;
  const [user] = (await em.query('SELECT email, notification_mode FROM users WHERE id = $1', [userId])) as {
    email: string | null;
    notification_mode: NotificationMode;
  }[];
  if (!user) return;
  const data = step.data ?? {};
  const kind = typeof data.kind === 'string' ? data.kind : 'unknown';
  const level = typeof data.level === 'number' ? data.level : 0;
  const dueAt = typeof data.dueAt === 'string' && !Number.isNaN(Date.parse(data.dueAt)) ? new Date(data.dueAt) : null;
  const to = typeof data.to === 'string' ? data.to : undefined;
  const delivery = deliveryOf({ type: step.type, kind, to }, user.notification_mode);
  const id = `notify:${step.dedupeKey}`;
  const mailed = delivery === 'immediate' && !!user.email;
  await em.query(
    `INSERT INTO notifications (id, user_id, case_id, family_id, task_id, step, task_kind, level, due_at, occurred_at, delivery, outbox_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING`,
    [
      id,
      userId,
      step.caseId,
      step.familyId,
      typeof data.taskId === 'string' && UUID.test(data.taskId) ? data.taskId : null,
      step.type,
      kind,
      level,
      dueAt,
      new Date(step.at),
      delivery,
      mailed ? id : null,
    ],
  );
  if (!mailed) return;
  const mail = taskStepMail({
    step: step.type,
    kind,
    dueAt,
    level,
    link: linkTo(publicUrl, step),
    asStandIn: 'via' in step.recipient && step.recipient.via === 'stand-in',
  });
  await em.query(
    `INSERT INTO mail_outbox (id, kind, user_id, case_id, family_id, to_address, subject, body_text, relay_queue)
     VALUES ($1, 'notification', $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
    [id, userId, step.caseId, step.familyId, user.email, mail.subject, mail.text, relayQueue],
  );
  await em.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, outboxNotice(relayQueue, id)]);
}

/** The web page a step is about: the case's, or for a family-level task the family's (a sign-in first when needed). */
export function linkTo(publicUrl: string, scope: { caseId: string | null; familyId: string | null }): string {
  return scope.caseId ? `${publicUrl}/app/cases/${scope.caseId}` : `${publicUrl}/app/families/${scope.familyId}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
