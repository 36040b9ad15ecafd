import { AssetsController } from './assets.controller';
import { HomeController } from './home.controller';
import { BoardPageController } from './board/board.controller';
import { FamilyPageController } from './families/family.controller';
import { InboxPageController } from './inbox/inbox.controller';
import { CasesPageController } from './cases/cases.controller';
import { AdminPagesController } from './admin/admin.controller';
import { NotificationsPageController } from './notifications/notifications.controller';
import { PartnerPageController } from './partner/partner.controller';

/** The web pages' controllers (server-rendered HTML with htmx; docs/decisions/0010). */
export const WEB_CONTROLLERS = [
  AssetsController,
  HomeController,
  InboxPageController,
  CasesPageController,
  BoardPageController,
  FamilyPageController,
  PartnerPageController,
  AdminPagesController,
  NotificationsPageController,
];
