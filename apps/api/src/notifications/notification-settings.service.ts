import { BadRequestException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { DIGEST_TIMEZONE } from '../../../../libs/notifications/digest-schedules';
import { ESCALATIONS_ALWAYS_IMMEDIATE, TASKS_ON_THE_24_HOUR_CLOCK } from '../../../../libs/notifications/notification-rules';
import { taskKindText } from '../../../../libs/notifications/task-kinds';
import { NotificationsRepository } from '../../../../libs/read-model/notifications.repository';
import type { Principal } from '../auth/principal';
import { decodeCursor, pageOf } from '../common/cursor';
import { TemporalGateway } from '../temporal/temporal.gateway';

/** Page of "what I was told": newest first, by (occurred_at to the microsecond, id). */
const OCCURRED_KEY = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/;
const NOTIFICATION_ID = /^notify:[\x21-\x7e]{1,400}$/;

/**
 * A person's own notification choice (each step by mail at once, or one digest a day at a chosen
 * time) and the steps they have been told of. Everyone signed in has their own, and only their own.
 * Behind /me/notification-settings, /me/notifications and the notifications page.
 */
@Injectable()
export class NotificationSettingsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly temporal: TemporalGateway,
  ) {}

  /** How I hear of my tasks: immediate mail or a daily digest, and what always goes at once. */
  async settings(me: Principal) {
    const row = await this.notifications.settings(me.userId);
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
    const saved = await this.notifications.choose(me.userId, choice.mode, choice.digestTime ?? null);
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
    const after =
      cursor === undefined
        ? undefined
        : decodeCursor(
            cursor,
            ([at, id]): [string, string] | undefined =>
              typeof at === 'string' &&
              OCCURRED_KEY.test(at) &&
              !Number.isNaN(Date.parse(at)) &&
              typeof id === 'string' &&
              NOTIFICATION_ID.test(id)
                ? [at, id]
                : undefined,
            'cursor is not one this list gave out',
          );
    const rows = await this.notifications.told(me.userId, after, limit + 1);
    const { items, next } = pageOf(rows, limit, (last) => [last.occurredKey, last.id]);
    return {
      items: items.map(({ occurredKey: _, ...told }) => ({ ...told, taskKindDa: taskKindText(told.taskKind).da })),
      next: next ?? null,
    };
  }
}
