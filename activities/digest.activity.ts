import { digestMail } from '../libs/mail/templates/task-step.template';
import { OUTBOX_CHANNEL, outboxNotice } from '../libs/notifications/outbox-relay';
import type { NotifyingStep } from '../libs/notifications/notification-rules';
import type { ActivityDeps } from './deps';
import { linkTo } from './support/notify';

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
  return {
    /**
     * Gathers the person's held steps into one mail in the outbox (the relay sends it), in one
     * transaction: each step goes in exactly one digest. Nothing held, or no address: no mail.
     */
    async composeDigest({ userId, digestId, upTo }: ComposeDigestInput): Promise<{ items: number }> {
      return dataSource.transaction(async (em) => {
        const done = (await em.query('SELECT count(*)::int AS n FROM notifications WHERE digest_id = $1', [digestId])) as { n: number }[];
        if (done[0].n > 0) return { items: done[0].n };
        const [user] = (await em.query('SELECT email FROM users WHERE id = $1', [userId])) as { email: string | null }[];
        if (!user?.email) return { items: 0 };
        const rows = (await em.query(
          `SELECT id, case_id, family_id, step, task_kind, level, due_at, occurred_at FROM notifications
            WHERE user_id = $1 AND delivery = 'digest' AND digest_id IS NULL AND occurred_at <= $2
            ORDER BY occurred_at, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
          [userId, new Date(upTo), MAX_ITEMS],
        )) as {
          id: string;
          case_id: string | null;
          family_id: string | null;
          step: NotifyingStep;
          task_kind: string;
          level: number;
          due_at: Date | null;
          occurred_at: Date;
        }[];
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
        await em.query(
          `INSERT INTO mail_outbox (id, kind, user_id, to_address, subject, body_text, relay_queue)
           VALUES ($1, 'digest', $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
          [digestId, userId, user.email, mail.subject, mail.text, relayQueue],
        );
        await em.query('UPDATE notifications SET digest_id = $1 WHERE id = ANY($2)', [digestId, rows.map((r) => r.id)]);
        await em.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, outboxNotice(relayQueue, digestId)]);
        return { items: rows.length };
      });
    },
  };
}
