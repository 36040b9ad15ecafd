import { digestMail } from '../libs/mail/templates/task-step.template';
import { linkTo } from '../libs/projection/notify-step';
import { ReadModel } from '../libs/read-model/read-model';
import type { ActivityDeps } from './deps';

export interface ComposeDigestInput {
  userId: string;
  /** The mail's outbox id: one per digest run, so a retry composes it once. */
  digestId: string;
  /** Steps that fired up to this instant go in. */
  upTo: string;
}

/** At most this many steps in one mail; the rest go in the next digest. */
const MAX_ITEMS = 500;

export function createDigestActivities({
  dataSource,
  publicUrl = '',
  relayQueue = null,
}: Pick<ActivityDeps, 'dataSource' | 'publicUrl'> & { relayQueue?: string | null }) {
  const readModel = ReadModel.of(dataSource);
  return {
    /**
     * Gathers the person's held steps into one mail in the outbox (the relay sends it), in one
     * transaction: each step goes in exactly one digest. Nothing held, or no address: no mail.
     */
    async composeDigest({ userId, digestId, upTo }: ComposeDigestInput): Promise<{ items: number }> {
      return readModel.transaction(async (tx) => {
        const done = await tx.notifications.countInDigest(digestId);
        if (done > 0) return { items: done };
        const email = await tx.notifications.emailOf(userId);
        if (!email) return { items: 0 };
        const rows = await tx.notifications.held(userId, new Date(upTo), MAX_ITEMS);
        if (!rows.length) return { items: 0 };
        const mail = digestMail(
          rows.map((r) => ({
            step: r.step,
            kind: r.task_kind,
            level: r.level,
            dueAt: r.due_at,
            occurredAt: r.occurred_at,
            link: linkTo(publicUrl, { caseId: r.case_id, familyId: r.family_id }),
          })),
          new Date(upTo),
        );
        await tx.mailOutbox.addForRelay({
          id: digestId,
          kind: 'digest',
          userId,
          toAddress: email,
          subject: mail.subject,
          bodyText: mail.text,
          relayQueue,
        });
        await tx.notifications.putInDigest(
          digestId,
          rows.map((r) => r.id),
        );
        await tx.mailOutbox.wakeRelay(relayQueue, digestId);
        return { items: rows.length };
      });
    },
  };
}
