import { type Html, html, type Renderable } from '../html';

/**
 * A part of the page that htmx asks again every few seconds (the same route answers only this part),
 * so a deadline passing shows without a reload. assets/forms.ts holds a refresh back while someone
 * works in it (`data-live`).
 */
export function liveRegion(o: { id: string; url: string; seconds: number }, body: Renderable): Html {
  return html`<div id="${o.id}" hx-get="${o.url}" hx-trigger="every ${o.seconds}s" data-live hx-swap="outerHTML">${body}</div>`;
}

/** The big numbers at the top of a work list, each with what it counts; read out when they change. */
export function counts(items: readonly { key: string; value: Renderable; label: string; tone?: 'overdue' | 'escalated' }[]): Html {
  return html`<ul class="counts" aria-live="polite">
    ${items.map((c) => html`<li data-count="${c.key}" ${c.tone ? html` class="${c.tone}"` : ''}><strong>${c.value}</strong>${c.label}</li>`)}
  </ul>`;
}
