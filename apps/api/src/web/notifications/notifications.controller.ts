import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { Config } from '../../../../../libs/config/config';
import { CONFIG } from '../../../../../libs/config/config.module';
import { RequirePermission } from '../../auth/permissions';
import { NotificationSettingsController } from '../../notifications/notification-settings.controller';
import { TEMPORAL_CLIENT } from '../../temporal.provider';
import { layout } from '../layout';
import { Page, type PageContext } from '../page-context';
import { sendPage } from '../send-page';
import { type NotificationSettings, notificationsBody, notificationsTitle, type ToldItem } from './notifications.page';

/**
 * Everyone's own notification page: the choice (immediate mail or a daily digest at a time), saved
 * by PUT /me/notification-settings, and what the person was told, read by the code behind
 * GET /me/notification-settings and GET /me/notifications.
 */
@ApiExcludeController()
@Controller('app/notifications')
export class NotificationsPageController {
  private readonly notifications: NotificationSettingsController;

  constructor(dataSource: DataSource, @Inject(TEMPORAL_CLIENT) temporal: Client, @Inject(CONFIG) config: Config) {
    this.notifications = new NotificationSettingsController(dataSource, temporal, config);
  }

  @Get()
  @RequirePermission('signed-in')
  async page(@Page() ctx: PageContext, @Res() res: Response, @Query('cursor') cursor?: unknown) {
    const c = typeof cursor === 'string' && cursor ? cursor : undefined;
    const settings = (await this.notifications.settings(ctx.me)) as NotificationSettings;
    const told = (await this.notifications.told(ctx.me, c, '50')) as { items: ToldItem[]; next: string | null };
    sendPage(res, layout(ctx, notificationsTitle(ctx), notificationsBody(ctx, settings, told, c), { active: 'notifications' }));
  }
}
