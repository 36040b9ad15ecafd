/**
 * HTML built in TypeScript: `html\`…\`` escapes every value put into it, unless the value is itself
 * HTML made here (a fragment, or `raw()` for markup the code wrote). The pages are type-checked like
 * the rest of the code, and no case data can turn into markup by accident.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Something a template may hold: text (escaped), HTML, a list of either, or nothing (false, null, undefined: left out). */
export type Renderable = Html | string | number | boolean | null | undefined | readonly Renderable[];

function render(value: Renderable): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Markup the code itself wrote (never case data). */
export const raw = (markup: string): Html => new Html(markup);

/** An attribute value that appears only when the condition holds: `${attr('checked', x)}`. */
export const attr = (name: string, on: boolean | undefined): Html => new Html(on ? ` ${name}` : '');

/** Attribute values by name: `true` writes the bare name, `false`, null and undefined leave it out, anything else is escaped. */
export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** Attributes from a record: `<tr${attrs({ class: 'overdue', 'data-task': id })}>` (each with a space before it). */
export function attrs(values: Attrs | undefined): Html {
  if (!values) return new Html('');
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === false || value === null || value === undefined) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return new Html(out);
}
