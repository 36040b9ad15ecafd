import { type Attrs, attrs, type Html, html, type Renderable } from '../html';

/** A column: its head, and what each row shows in it. */
export interface Column<T> {
  head: Renderable;
  cell: (item: T) => Renderable;
  /** The cell's attributes (`data-…` that scripts and tests read). */
  attrs?: (item: T) => Attrs;
  /** The cell names its row (`<th scope="row">`) rather than holding data. */
  rowHead?: boolean;
}

export interface TableOptions<T> {
  id?: string;
  /** What the table lists, read out before it (a small muted line above the table). */
  caption?: Renderable;
  columns: readonly Column<T>[];
  items: readonly T[];
  /** The row's attributes (its marks, `data-…`). */
  row?: (item: T) => Attrs;
  /** Said instead of a table with no rows; without it, an empty table is still drawn. */
  empty?: string;
}

/** A table that scrolls sideways on a narrow screen, its heads written once from the columns. */
export function table<T>(o: TableOptions<T>): Html {
  if (o.items.length === 0 && o.empty !== undefined) return empty(o.empty);
  return html`<div class="table-wrap">
    <table${attrs({ id: o.id })}>
      ${
        o.caption === undefined
          ? ''
          : html`<caption class="muted small">
              ${o.caption}
            </caption>`
      }
      <thead>
        <tr>
          ${o.columns.map((c) => html`<th scope="col">${c.head}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${o.items.map((item) => html`<tr${attrs(o.row?.(item))}>${o.columns.map((c) => cell(c, item))}</tr>`)}
      </tbody>
    </table>
  </div>`;
}

function cell<T>(c: Column<T>, item: T): Html {
  const a = attrs(c.attrs?.(item));
  return c.rowHead ? html`<th scope="row" ${a}>${c.cell(item)}</th>` : html`<td${a}>${c.cell(item)}</td>`;
}

/** What a list or table says when it has nothing to show. */
export const empty = (text: string): Html => html`<p class="empty">${text}</p>`;
