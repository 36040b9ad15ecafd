import { AssetsController } from './assets.controller';
import { HomeController } from './home.controller';
import { InboxPageController } from './inbox/inbox.controller';
import { CasesPageController } from './cases/cases.controller';

/** The web pages' controllers (server-rendered HTML with htmx; docs/decisions/0010). */
export const WEB_CONTROLLERS = [AssetsController, HomeController, InboxPageController, CasesPageController];
