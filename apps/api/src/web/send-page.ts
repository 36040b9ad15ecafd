import type { Response } from 'express';
import type { Html } from './html';

/** Sends a page or a part of one. Pages hold case data: never cached, and a part differs from the whole (htmx). */
export function sendPage(res: Response, body: Html, status = 200): void {
  res.status(status).setHeader('Cache-Control', 'no-store').setHeader('Vary', 'HX-Request').type('html').send(body.toString());
}
