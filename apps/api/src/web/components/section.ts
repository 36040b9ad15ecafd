import { type Attrs, attrs, type Html, html, type Renderable } from '../html';

export interface SectionOptions {
  id?: string;
  title: string;
  /** The heading's level: 2 for a part of the page, 3 for a part of a part. */
  level?: 2 | 3;
  /** The heading's id, which names the section (default: the section's id and `-h`). */
  headingId?: string;
  /** A small muted line under the heading (a legal basis, what the part is for). */
  hint?: string;
  class?: string;
  attrs?: Attrs;
}

/** A part of a page named by its heading (`aria-labelledby`), so it is a landmark a screen reader lists. */
export function section(o: SectionOptions, body: Renderable): Html {
  const hid = o.headingId ?? `${o.id}-h`;
  const heading = o.level === 3 ? html`<h3 id="${hid}">${o.title}</h3>` : html`<h2 id="${hid}">${o.title}</h2>`;
  return html`<section${attrs({ class: o.class, id: o.id, 'aria-labelledby': hid, ...o.attrs })}>
    ${heading} ${o.hint ? html`<p class="muted small">${o.hint}</p>` : ''} ${body}
  </section>`;
}
