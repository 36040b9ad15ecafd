import type { Request, Response } from 'express';
import { html } from './html';
import { langOf, messages } from './i18n';
import { document, languageSwitch } from './layout';
import { sendPage } from './send-page';

/** A request for a page (not the JSON API): the start page and everything under /app. */
export function isPageRequest(req: Request): boolean {
  const path = req.path ?? '';
  return req.method === 'GET' && (path === '/' || path === '/app' || path.startsWith('/app/'));
}

const t = messages({
  da: {
    '400': 'Forespørgslen er ikke gyldig',
    '403': 'Du har ikke adgang',
    '404': 'Siden findes ikke, eller du har ikke adgang til den',
    '500': 'Der skete en fejl',
    '503': 'Closer er midlertidigt utilgængelig',
    reasonTitle: 'Begrundelse for adgang',
    reasonText:
      'Sagen tilhører en kollega, der ikke har registreret fravær med dig som stedfortræder. Angiv hvorfor du åbner den: adgangen registreres og vises for din teamleder.',
    reason: 'Begrundelse',
    open: 'Åbn sagen',
    home: 'Til forsiden',
    correlation: 'Fejlnummer',
    retry: 'Prøv igen om lidt.',
  },
  en: {
    '400': 'The request is not valid',
    '403': 'You do not have access',
    '404': 'The page does not exist, or you do not have access to it',
    '500': 'Something went wrong',
    '503': 'Closer is briefly unavailable',
    reasonTitle: 'Reason for access',
    reasonText:
      'The case belongs to a colleague who has no registered absence with you as stand-in. Say why you open it: the access is recorded and shown to your supervisor.',
    reason: 'Reason',
    open: 'Open the case',
    home: 'Go to the start page',
    correlation: 'Error number',
    retry: 'Try again shortly.',
  },
});

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
  const title = reasonNeeded ? t(lang, 'reasonTitle') : t(lang, key);
  const detail = status === 400 && typeof body.message === 'string' ? body.message : null;
  const content = html`<main id="main" tabindex="-1" class="error-page">
    <h1>${title}</h1>
    ${
      reasonNeeded
        ? html`<p>${t(lang, 'reasonText')}</p>
            <form method="get" action="${req.path}" class="stack card">
              <div class="field">
                <label for="access-reason">${t(lang, 'reason')}</label>
                <textarea id="access-reason" name="accessReason" required maxlength="1000" rows="3"></textarea>
              </div>
              <div><button type="submit">${t(lang, 'open')}</button></div>
            </form>`
        : ''
    }
    ${detail ? html`<p class="muted">${detail}</p>` : ''} ${status === 503 ? html`<p>${t(lang, 'retry')}</p>` : ''}
    ${typeof body.correlationId === 'string' ? html`<p class="muted">${t(lang, 'correlation')}: ${body.correlationId}</p>` : ''}
    <p><a href="/">${t(lang, 'home')}</a> · ${languageSwitch({ lang, path: req.originalUrl })}</p>
  </main>`;
  sendPage(res, document(lang, title, '', content), status);
}
