import type { NotificationMode, NotifyingStep } from '../notifications/notification-rules';
import type { Db } from './db';

/** A notification row as the projection writes it. */
export interface NewNotification {
  id: string;
  userId: string;
  caseId: string | null;
  familyId: string | null;
  taskId: string | null;
  step: string;
  taskKind: string;
  level: number;
  dueAt: Date | null;
  occurredAt: Date;
  delivery: string;
  outboxId: string | null;
}

/** A step the person was told of, as their list shows it. */
export interface ToldStep extends Omit<NewNotification, 'userId' | 'outboxId'> {
  /** Sent by mail at once, or in a digest. */
  mailed: boolean;
  /** occurred_at to the microsecond (a JS Date keeps milliseconds only): where the next page starts. */
  occurredKey: string;
}

/** A step held for a person's digest. */
export interface HeldStep {
  id: string;
  case_id: string | null;
  family_id: string | null;
  step: NotifyingStep;
  task_kind: string;
  level: number;
  due_at: Date | null;
  occurred_at: Date;
}

/** `notifications` and the people's choice of how they are told (`users.notification_mode`, `digest_time`). */
export class NotificationsRepository {
  constructor(private readonly db: Db) {}

  /** Where and how the person wants to be told; undefined for someone who is not a user. */
  async recipient(userId: string): Promise<{ email: string | null; notification_mode: NotificationMode } | undefined> {
    const [user] = (await this.db.query('SELECT email, notification_mode FROM users WHERE id = $1', [userId])) as {
      email: string | null;
      notification_mode: NotificationMode;
    }[];
    return user;
  }

  /** The person's mail address (null: none, or not a user). */
  async emailOf(userId: string): Promise<string | null> {
    const [user] = (await this.db.query('SELECT email FROM users WHERE id = $1', [userId])) as { email: string | null }[];
    return user?.email ?? null;
  }

  /** Writes the notification once (its id is derived from the step's event). */
  async insert(n: NewNotification): Promise<void> {
    await this.db.query(
      `INSERT INTO notifications (id, user_id, case_id, family_id, task_id, step, task_kind, level, due_at, occurred_at, delivery, outbox_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING`,
      [n.id, n.userId, n.caseId, n.familyId, n.taskId, n.step, n.taskKind, n.level, n.dueAt, n.occurredAt, n.delivery, n.outboxId],
    );
  }

  // -------------------------------------------------------------------------------------------
  // Digests

  /** How many steps went into this digest already (a retried composition finds them). */
  async countInDigest(digestId: string): Promise<number> {
    const done = (await this.db.query('SELECT count(*)::int AS n FROM notifications WHERE digest_id = $1', [digestId])) as { n: number }[];
    return done[0].n;
  }

  /**
   * The person's steps held for a digest up to `upTo`, oldest first, at most `limit`, locked for
   * this transaction (another digest running at once skips them).
   */
  async held(userId: string, upTo: Date, limit: number): Promise<HeldStep[]> {
    return (await this.db.query(
      `SELECT id, case_id, family_id, step, task_kind, level, due_at, occurred_at FROM notifications
        WHERE user_id = $1 AND delivery = 'digest' AND digest_id IS NULL AND occurred_at <= $2
        ORDER BY occurred_at, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [userId, upTo, limit],
    )) as HeldStep[];
  }

  async putInDigest(digestId: string, ids: string[]): Promise<void> {
    await this.db.query('UPDATE notifications SET digest_id = $1 WHERE id = ANY($2)', [digestId, ids]);
  }

  /** The people who chose a daily digest, and their time. */
  async digestChoices(): Promise<{ id: string; digest_time: string }[]> {
    return (await this.db.query(`SELECT id, digest_time FROM users WHERE notification_mode = 'digest' AND active ORDER BY id`)) as {
      id: string;
      digest_time: string;
    }[];
  }

  // -------------------------------------------------------------------------------------------
  // A person's own settings and what they were told

  async settings(userId: string): Promise<{ notification_mode: string; digest_time: string } | undefined> {
    const [row] = (await this.db.query('SELECT notification_mode, digest_time FROM users WHERE id = $1', [userId])) as {
      notification_mode: string;
      digest_time: string;
    }[];
    return row;
  }

  /** Saves the person's choice; what is saved now (undefined for someone who is not a user). */
  async choose(userId: string, mode: string, digestTime: string | null) {
    const rows = (await this.db.query(
      `UPDATE users SET notification_mode = $2, digest_time = COALESCE($3, digest_time), updated_at = now()
        WHERE id = $1 RETURNING notification_mode, digest_time`,
      [userId, mode, digestTime],
    )) as [{ notification_mode: 'immediate' | 'digest'; digest_time: string }[], number];
    return rows[0][0];
  }

  /** The steps the person was told of, newest first by (occurred_at, id), below `after`; at most `limit`. */
  async told(userId: string, after: [string, string] | undefined, limit: number): Promise<ToldStep[]> {
    const rows = (await this.db.query(
      `SELECT id, case_id, family_id, task_id, step, task_kind, level, due_at, occurred_at, delivery, outbox_id, digest_id,
              to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_key
         FROM notifications WHERE user_id = $1 ${after ? 'AND (occurred_at, id) < ($3::timestamptz, $4)' : ''}
        ORDER BY occurred_at DESC, id DESC LIMIT $2`,
      after ? [userId, limit, ...after] : [userId, limit],
    )) as (Record<'id' | 'step' | 'task_kind' | 'delivery' | 'occurred_key', string> &
      Record<'case_id' | 'family_id' | 'task_id' | 'outbox_id' | 'digest_id', string | null> & {
        level: number;
        due_at: Date | null;
        occurred_at: Date;
      })[];
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      familyId: r.family_id,
      taskId: r.task_id,
      step: r.step,
      taskKind: r.task_kind,
      level: r.level,
      dueAt: r.due_at,
      occurredAt: r.occurred_at,
      delivery: r.delivery,
      mailed: r.outbox_id !== null || r.digest_id !== null,
      occurredKey: r.occurred_key,
    }));
  }
}
