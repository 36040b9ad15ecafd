import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { csrf, type GuardedRequest } from './access.guard';
import { OidcService } from './oidc.service';
import { PeopleService } from './people.service';
import { RequirePermission } from './permissions';
import { CurrentUser, type Principal } from './principal';
import { SESSION_COOKIE } from './session';

/** Only a path of this site: a login never sends the browser on to another site. Without one, the person's home page. */
function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]{0,500}$/.test(value) ? value : '/app';
}

const save = (req: Request) => new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
const regenerate = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));

/**
 * Sign-in through the municipality's OpenID provider (authorization-code flow with PKCE), the
 * session that follows, and sign-out. API clients skip all this and send a bearer access token.
 */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly oidc: OidcService,
    private readonly people: PeopleService,
  ) {}

  @Get('login')
  @RequirePermission('public')
  @ApiOperation({ summary: 'Start signing in: redirects to the OpenID provider' })
  async login(@Req() req: Request, @Res() res: Response, @Query('returnTo') returnTo?: string) {
    const { url, pending } = await this.oidc.startLogin(safeReturnTo(returnTo));
    req.session.pendingLogin = pending;
    await save(req);
    res.redirect(303, url.toString());
  }

  @Get('callback')
  @RequirePermission('public')
  @ApiOperation({ summary: 'Where the OpenID provider sends the browser back after sign-in' })
  async callback(@Req() req: Request, @Res() res: Response) {
    const pending = req.session.pendingLogin;
    if (!pending) {
      res
        .status(400)
        .json({ statusCode: 400, error: 'Bad Request', message: 'no sign-in was started in this browser: start at /auth/login' });
      return;
    }
    const here = new URL(req.originalUrl, this.oidc.callbackUrl);
    const { subject, claims, idToken } = await this.oidc.finishLogin(here, pending);
    // Refuses people Closer does not know before a session exists for them.
    await this.people.principalFor(subject, claims, 'session');
    // A new session id at sign-in: a session id planted before it is worth nothing (session fixation).
    await regenerate(req);
    req.session.login = { subject, claims: claims as Record<string, unknown>, idToken, at: new Date().toISOString() };
    csrf.generateToken(req, true);
    await save(req);
    res.redirect(303, pending.returnTo);
  }

  @Get('me')
  @RequirePermission('signed-in')
  @ApiOperation({ summary: 'Who is signed in, their roles, and the CSRF token for form posts' })
  me(@CurrentUser() me: Principal, @Req() req: GuardedRequest) {
    return { ...me, ...(me.via === 'session' ? { csrfToken: csrf.getTokenFromState(req) ?? csrf.generateToken(req) } : {}) };
  }

  @Post('logout')
  @HttpCode(200)
  @RequirePermission('signed-in')
  @ApiOperation({ summary: 'Sign out: ends the session here and, where the provider supports it, there' })
  async logout(@Req() req: Request, @Res() res: Response) {
    const idToken = req.session.login?.idToken;
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(SESSION_COOKIE);
    const providerLogout = await this.oidc.logoutUrl(idToken, new URL('/', this.oidc.callbackUrl).toString());
    // The pages' sign-out button is a plain form: the browser goes on to the provider's sign-out, then back to the start page.
    if (req.is('application/x-www-form-urlencoded')) res.redirect(303, providerLogout ?? '/');
    else res.json({ signedOut: true, ...(providerLogout ? { providerLogout } : {}) });
  }
}
