import { type Attrs, attrs, type Html, html, type Renderable } from '../html';

/** One term and its value; `attrs` go on the value (an `id` or `data-…` scripts and tests read). */
export interface Fact {
  term: string;
  value: Renderable;
  attrs?: Attrs;
}

/** Facts as a definition list (term, then value); a fact that is `false`, null or undefined is left out. */
export function facts(items: readonly (Fact | false | null | undefined)[]): Html {
  return html`<dl class="facts">${items.map((f) => (f ? html`<dt>${f.term}</dt><dd${attrs(f.attrs)}>${f.value}</dd>` : ''))}</dl>`;
}
