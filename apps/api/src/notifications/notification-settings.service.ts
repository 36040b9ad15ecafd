import { BadRequestException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DIGEST_TIMEZONE } from '../../../../libs/notifications/digest-schedules';
import { ESCALATIONS_ALWAYS_IMMEDIATE, TASKS_ON_THE_24_HOUR_CLOCK } from '../../../../libs/notifications/notification-rules';
import { taskKindText } from '../../../../libs/notifications/task-kinds';
import type { Principal } from '../auth/principal';
import { TemporalGateway } from '../temporal/temporal.gateway';

/** Page of "what I was told": newest first, by (occurred_at, id). */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|(notify:[\x21-\x7e]{1,400})$/;

/**
 * A person's own notification choice (each step by mail at once, or one digest a day at a chosen
 * time) and the steps they have been told of. Everyone signed in has their own, and only their own.
 * Behind /me/notification-settings, /me/notifications and the notifications page.
 */
@Injectable()
export class NotificationSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: TemporalGateway,
  ) {}

  /** How I hear of my tasks: immediate mail or a daily digest, and what always goes at once. */
  async settings(me: Principal) {
    const [row] = (await this.dataSource.query('SELECT notification_mode, digest_time FROM users WHERE id = $1', [me.userId])) as {
      notification_mode: string;
      digest_time: string;
    }[];
    return {
      mode: row?.notification_mode ?? 'immediate',
      digestTime: row?.digest_time ?? '07:30',
      timezone: DIGEST_TIMEZONE,
      alwaysImmediate: {
        escalationsTo: ESCALATIONS_ALWAYS_IMMEDIATE,
        taskKinds: TASKS_ON_THE_24_HOUR_CLOCK.map((kind) => ({ kind, ...taskKindText(kind) })),
      },
    };
  }

  /** Saves my choice (already checked against its schema), sets the digest schedule, and answers the settings. */
  async choose(me: Principal, choice: { mode: string; digestTime?: string }) {
    const rows = (await this.dataSource.query(
      `UPDATE users SET notification_mode = $2, digest_time = COALESCE($3, digest_time), updated_at = now()
        WHERE id = $1 RETURNING notification_mode, digest_time`,
      [me.userId, choice.mode, choice.digestTime ?? null],
    )) as [{ notification_mode: 'immediate' | 'digest'; digest_time: string }[], number];
    const saved = rows[0][0];
    if (!saved) throw new BadRequestException('you are not a known user');
    try {
      await this.temporal.applyDigestChoice({
        userId: me.userId,
        mode: saved.notification_mode,
        digestTime: saved.digest_time,
      });
    } catch {
      // Saved; the schedule follows when the same request is sent again (and at the next worker start).
      throw new ServiceUnavailableException('your choice is saved, but the digest schedule could not be set now; send it again shortly');
    }
    return this.settings(me);
  }

  /**
   * The task steps I have been told of, newest first, `limit` a page (already checked: 1-200);
   * `cursor` is the previous page's `next` (400 when it is not one this list gave out).
   */
  async told(me: Principal, page: { cursor?: string; limit: number }) {
    const { cursor, limit } = page;
    let after: [string, string] | undefined;
    if (cursor !== undefined) {
      const m = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!m || Number.isNaN(Date.parse(m[1]))) throw new BadRequestException('cursor is not one this list gave out');
      after = [m[1], m[2]];
    }
    const rows = (await this.dataSource.query(
      `SELECT id, case_id, family_id, task_id, step, task_kind, level, due_at, occurred_at, delivery, outbox_id, digest_id,
              to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_key
         FROM notifications WHERE user_id = $1 ${after ? 'AND (occurred_at, id) < ($3::timestamptz, $4)' : ''}
        ORDER BY occurred_at DESC, id DESC LIMIT $2`,
      after ? [me.userId, limit + 1, ...after] : [me.userId, limit + 1],
    )) as Record<string, unknown>[];
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        familyId: r.family_id,
        taskId: r.task_id,
        step: r.step,
        taskKind: r.task_kind,
        taskKindDa: taskKindText(String(r.task_kind)).da,
        level: r.level,
        dueAt: r.due_at,
        occurredAt: r.occurred_at,
        delivery: r.delivery,
        mailed: r.outbox_id !== null || r.digest_id !== null,
      })),
      next: rows.length > limit && last ? Buffer.from(`${String(last.occurred_key)}|${String(last.id)}`).toString('base64url') : null,
    };
  }
}
