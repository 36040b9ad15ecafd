import type { Request, Response } from 'express';
import { html } from './html';
import { textArea } from './components/field';
import { langOf, t } from './i18n';
import { document, languageSwitch } from './layout';
import { sendPage } from './send-page';

/** A request for a page (not the JSON API): the start page and everything under /app. */
export function isPageRequest(req: Request): boolean {
  const path = req.path ?? '';
  return req.method === 'GET' && (path === '/' || path === '/app' || path.startsWith('/app/'));
}

/** Answers a failed page request with a page: a sign-in when there is no session, else what went wrong, in the person's language. */
export function sendPageError(req: Request, res: Response, status: number, body: Record<string, unknown>): void {
  const lang = langOf(req);
  if (status === 401) {
    const login = `/auth/login?returnTo=${encodeURIComponent(req.originalUrl)}`;
    if (req.headers['hx-request'] === 'true') res.setHeader('HX-Redirect', login).status(401).end();
    else res.redirect(303, login);
    return;
  }
  const key = (['400', '403', '404', '503'].includes(String(status)) ? String(status) : '500') as '400' | '403' | '404' | '503' | '500';
  const reasonNeeded = status === 403 && body.error === 'ReasonRequired';
  const title = reasonNeeded ? t(lang, 'error.reasonTitle') : t(lang, `error.${key}`);
  const detail = status === 400 && typeof body.message === 'string' ? body.message : null;
  const content = html`<main id="main" tabindex="-1" class="error-page">
    <h1>${title}</h1>
    ${
      reasonNeeded
        ? html`<p>${t(lang, 'error.reasonText')}</p>
            <form method="get" action="${req.path}" class="stack card">
              ${textArea({ id: 'access-reason', name: 'accessReason', label: t(lang, 'common.reason'), required: true, maxLength: 1000, error: false })}
              <div><button type="submit">${t(lang, 'error.open')}</button></div>
            </form>`
        : ''
    }
    ${detail ? html`<p class="muted">${detail}</p>` : ''} ${status === 503 ? html`<p>${t(lang, 'error.retry')}</p>` : ''}
    ${typeof body.correlationId === 'string' ? html`<p class="muted">${t(lang, 'error.correlation')}: ${body.correlationId}</p>` : ''}
    <p><a href="/">${t(lang, 'error.home')}</a> · ${languageSwitch({ lang, path: req.originalUrl })}</p>
  </main>`;
  sendPage(res, document(lang, title, '', content), status);
}
