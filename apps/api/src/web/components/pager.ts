import { type Html, html } from '../html';
import { type Lang, t } from '../i18n';

/** A path with the query parameters that have a value. */
export function pageHref(path: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export interface PagerOptions {
  /** The list's path and the filters that stay from page to page. */
  path: string;
  params?: Record<string, string | undefined>;
  /** The query parameter that holds the position in the list (default `cursor`). */
  key?: string;
  /** The position this page starts at: a link back to the first page when there is one. */
  current?: string;
  /** The position of the next page, when there is more. */
  next?: string | null;
}

/** The links under a list that is read a page at a time: the first page, and the next. */
export function pager(lang: Lang, o: PagerOptions): Html {
  const at = (cursor?: string) => pageHref(o.path, { ...o.params, [o.key ?? 'cursor']: cursor });
  return html`<nav class="pager" aria-label="${t(lang, 'common.pages')}">
    ${o.current ? html`<a href="${at()}">${t(lang, 'common.first')}</a>` : ''}
    ${o.next ? html`<a href="${at(o.next)}" rel="next">${t(lang, 'common.next')}</a>` : ''}
  </nav>`;
}
