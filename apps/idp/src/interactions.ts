import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import { authenticate } from './accounts';
import { LOGIN_MESSAGES, PAGE_CSP, errorPage, loginPage } from './login-page';
import { loginThrottle, type LoginThrottleSettings } from './login-throttle';

/**
 * The provider's interaction routes: the login form, and consent, which is granted at once because
 * both clients are Closer's own (a user has nothing to decide). oidc-provider sends the browser
 * here whenever it needs the user; these routes hand the result back with interactionFinished.
 */
export function interactionRoutes(provider: Provider, throttle: LoginThrottleSettings): Router {
  const router = express.Router();
  const html = (res: Response, status: number, body: string) => {
    res
      .status(status)
      .set({ 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_CSP, 'cache-control': 'no-store' })
      .send(body);
  };
  const formAction = (uid: string) => `/interaction/${encodeURIComponent(uid)}/login`;

  router.get('/interaction/:uid', async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        html(res, 200, loginPage({ action: formAction(details.uid) }));
        return;
      }
      if (details.prompt.name === 'consent') {
        await grantConsent(provider, req, res, details);
        return;
      }
      html(res, 400, errorPage('Ukendt trin i log ind. / Unknown login step.'));
    } catch (err) {
      next(err);
    }
  });

  const body = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 });
  const locked = (req: Request, res: Response) => {
    html(res, 429, loginPage({ action: req.originalUrl, username: field(req, 'username'), error: LOGIN_MESSAGES.locked }));
  };

  router.post('/interaction/:uid/login', body, ...loginThrottle(throttle, locked), async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name !== 'login') {
        html(res, 400, errorPage('Ukendt trin i log ind. / Unknown login step.'));
        return;
      }
      const username = field(req, 'username');
      const password = field(req, 'password');
      const action = formAction(details.uid);
      if (!username || !password) {
        html(res, 400, loginPage({ action, username, error: LOGIN_MESSAGES.missing }));
        return;
      }
      const user = authenticate(username, password);
      if (!user) {
        html(res, 401, loginPage({ action, username, error: LOGIN_MESSAGES.wrongCredentials }));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: user.id } }, { mergeWithLastSubmission: false });
    } catch (err) {
      next(err);
    }
  });

  router.use('/interaction', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err instanceof errors.SessionNotFound || err instanceof errors.InvalidRequest) {
      // An expired or finished login (interactions live 10 minutes), or a lost cookie.
      html(res, 400, errorPage('Log ind-forløbet er udløbet. Start forfra. / The sign-in has expired. Please start again.'));
      return;
    }
    const status = typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Refused by the body parser: too large, or not a form.
      html(res, status, errorPage('Ugyldig forespørgsel. / Bad request.'));
      return;
    }
    console.error('Login interaction failed:', err instanceof Error ? err.message : err);
    html(res, 500, errorPage('Intern fejl. / Internal error.'));
  });
  return router;
}

/** A form field as a bounded string; anything else (missing, repeated) is empty. */
function field(req: Request, name: string): string {
  const value: unknown = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, 200) : '';
}

type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

async function grantConsent(provider: Provider, req: Request, res: Response, details: InteractionDetails): Promise<void> {
  const accountId = details.session?.accountId;
  if (!accountId) throw new errors.SessionNotFound('no account in the login session');
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  const grant =
    (details.grantId && (await provider.Grant.find(details.grantId))) ||
    new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
    grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}
