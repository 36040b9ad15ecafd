import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RequirePermission } from '../auth/permissions';
import { CurrentUser, type Principal } from '../auth/principal';
import { html } from './html';
import { LANG_COOKIE, langOf, t } from './i18n';
import { document, homeOf, languageSwitch } from './layout';
import { sendPage } from './send-page';

/** A path of this site only: the language switch never sends the browser elsewhere. */
const sameSite = (value: unknown): string => (typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]{0,500}$/.test(value) ? value : '/app');

/** The way in: the start page, each person's home page, and the language switch. */
@ApiExcludeController()
@Controller()
export class HomeController {
  @Get()
  @RequirePermission('public')
  start(@Req() req: Request, @Res() res: Response) {
    if (req.session?.login) return res.redirect(303, '/app');
    const lang = langOf(req);
    const page = document(
      lang,
      'Closer',
      '',
      html`<main id="main" class="start">
        <h1>Closer</h1>
        <p>${t(lang, 'start.lead')}</p>
        <p><a class="button" href="/auth/login?returnTo=%2Fapp">${t(lang, 'start.login')}</a></p>
        <p>${languageSwitch({ lang, path: '/' })}</p>
      </main>`,
    );
    sendPage(res, page);
  }

  @Get('app')
  @RequirePermission('signed-in')
  home(@CurrentUser() me: Principal, @Res() res: Response) {
    res.redirect(303, homeOf(me));
  }

  @Get('app/language')
  @RequirePermission('public')
  language(@Res() res: Response, @Query('lang') lang?: string, @Query('returnTo') returnTo?: string) {
    const chosen = lang === 'en' ? 'en' : 'da';
    res.cookie(LANG_COOKIE, chosen, { httpOnly: false, sameSite: 'lax', maxAge: 365 * 86_400_000, path: '/' });
    res.redirect(303, sameSite(returnTo));
  }
}
