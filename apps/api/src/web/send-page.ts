import type { Response } from 'express';
import type { Html } from './html';

/**
 * What every page answers with: not cached (pages hold case data), different from its htmx part,
 * never framed by another site, and scripts only from Closer itself.
 */
export function pageHeaders(res: Response): Response {
  return res
    .setHeader('Cache-Control', 'no-store')
    .setHeader('Vary', 'HX-Request')
    .setHeader(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    )
    .setHeader('X-Content-Type-Options', 'nosniff')
    .setHeader('Referrer-Policy', 'same-origin');
}

/** Sends a page or a part of one. */
export function sendPage(res: Response, body: Html, status = 200): void {
  pageHeaders(res).status(status).type('html').send(body.toString());
}
