import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { csrf, type GuardedRequest } from '../auth/access.guard';
import type { Principal } from '../auth/principal';
import { type Lang, langOf } from './i18n';

/** What every page needs to know about the request: who, in which language, where, and the CSRF token for its forms. */
export interface PageContext {
  lang: Lang;
  me: Principal;
  /** The CSRF token forms and htmx requests send back (X-CSRF-Token); the guard checks it on every write. */
  csrfToken: string;
  /** This page's path and query, to come back to (after a language change, say). */
  path: string;
  /** Whether htmx asked for a part of the page rather than the whole. */
  partial: boolean;
}

export function pageContextOf(req: Request): PageContext {
  const r = req as GuardedRequest;
  if (!r.principal) throw new Error('a page route without a signed-in person');
  const token = r.principal.via === 'session' ? (csrf.getTokenFromState(r) ?? csrf.generateToken(r)) : '';
  return { lang: langOf(req), me: r.principal, csrfToken: token, path: req.originalUrl, partial: req.headers['hx-request'] === 'true' };
}

/** The page context of a signed-in page route: `@Page() page: PageContext`. */
export const Page = createParamDecorator((_: unknown, ctx: ExecutionContext): PageContext =>
  pageContextOf(ctx.switchToHttp().getRequest()),
);

/** A query parameter as one plain text, or undefined (absent, empty, or given twice). */
export const queryText = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
