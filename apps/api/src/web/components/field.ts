import { attr, type Attrs, attrs, type Html, html } from '../html';

/**
 * The fields of every form, so they all behave alike: a label for every control, a hint it is
 * described by, and the place for its error, which assets/forms.ts fills from the API's answer (a 400
 * names the field) and the control's `aria-describedby` points at, so it is read out. Field names
 * are the API body's paths (`goals.0.description`).
 */

let counter = 0;
const idFor = (name: string) => `f-${name.replace(/[^A-Za-z0-9]/g, '-')}-${(counter = (counter + 1) % 1_000_000)}`;

export interface FieldOptions {
  name: string;
  label: string;
  hint?: string;
  value?: string | number;
  required?: boolean;
  /** How forms.ts turns the text into JSON: int, number, boolean, datetime, list (comma-separated). */
  type?: 'int' | 'number' | 'datetime' | 'list';
  /** The control's id, when something else names it (a row template's `__i__`); else one is made up. */
  id?: string;
  /**
   * False for a field of a plain GET form (a filter), which no script answers: no error place.
   * Default true.
   */
  error?: boolean;
}

/** A labelled control with its hint and its error. */
export function field(o: { id: string; label: string; hint?: string; error?: boolean }, control: Html): Html {
  return html`<div class="field">
    <label for="${o.id}">${o.label}</label>${o.hint ? html`<span class="hint" id="${o.id}-hint">${o.hint}</span>` : ''}${control}
    ${o.error === false ? '' : html`<p class="field-error" id="${o.id}-error" hidden></p>`}
  </div>`;
}

/** What the control is described by: its hint and its error. */
function describedBy(id: string, o: { hint?: string; error?: boolean }): string | undefined {
  const ids = [o.hint ? `${id}-hint` : '', o.error === false ? '' : `${id}-error`].filter(Boolean).join(' ');
  return ids || undefined;
}

/**
 * A field around its control: the control gets the attributes every control has (id, name,
 * required, what describes it, how forms.ts reads it) and its own.
 */
function labelled(o: FieldOptions, control: (attributes: Html) => Html, own: Attrs = {}): Html {
  const id = o.id ?? idFor(o.name);
  const common = attrs({ id, name: o.name, 'data-type': o.type, ...own, required: o.required, 'aria-describedby': describedBy(id, o) });
  return field({ id, ...o }, control(common));
}

export function textInput(
  o: FieldOptions & {
    inputType?: 'text' | 'number' | 'date' | 'datetime-local' | 'email' | 'time';
    min?: number;
    max?: number;
    step?: number;
    size?: number;
  },
): Html {
  const { min, max, step, size, value } = o;
  return labelled(o, (a) => html`<input${a} />`, { type: o.inputType ?? 'text', value, min, max, step, size });
}

export function textArea(o: FieldOptions & { rows?: number; maxLength?: number }): Html {
  // The newline after the opening tag keeps a value's own first newline (a parser drops the first one).
  return labelled(o, (a) => html`<textarea${a}>\n${o.value ?? ''}</textarea>`, { rows: o.rows ?? 3, maxlength: o.maxLength });
}

export interface Option {
  value: string;
  label: string;
}

export function select(
  o: Omit<FieldOptions, 'type'> & { options: readonly Option[]; placeholder?: string; dataType?: 'boolean' | 'int' },
): Html {
  const current = String(o.value ?? '');
  return labelled(
    { ...o, type: undefined },
    (a) =>
      html`<select${a}>
        ${o.placeholder !== undefined ? html`<option value="">${o.placeholder}</option>` : ''}
        ${o.options.map((opt) => html`<option value="${opt.value}" ${attrs({ selected: current === opt.value })}>${opt.label}</option>`)}
      </select>`,
    { 'data-type': o.dataType },
  );
}

/**
 * A box to tick: sent as true or false, or, with a `value`, as that value when ticked and not at all
 * when not (a list of ticked things).
 */
export function checkbox(o: { name: string; label: string; checked?: boolean; hint?: string; value?: string; id?: string }): Html {
  const id = o.id ?? idFor(o.name);
  return html`<div class="field">
    <div class="check">
      <input
        id="${id}"
        type="checkbox"
        name="${o.name}"
        ${o.value === undefined ? html`data-type="boolean"` : html`value="${o.value}"`}
        ${attr('checked', o.checked)}
        ${attrs({ 'aria-describedby': describedBy(id, o) })}
      />
      <label for="${id}">${o.label}</label>
    </div>
    ${o.hint ? html`<span class="hint" id="${id}-hint">${o.hint}</span>` : ''}
    <p class="field-error" id="${id}-error" hidden></p>
  </div>`;
}

/**
 * One choice among options (radio buttons, sent as the chosen value under `name`), or several
 * (checkboxes, sent as the list `name.0`, `name.1`, …): a fieldset with its legend and one error.
 */
export function choices(o: {
  kind: 'one' | 'several';
  name: string;
  legend: string;
  /** The start of each option's id (`<idPrefix>-<value>`) and of the error's (`<idPrefix>-error`). */
  idPrefix: string;
  options: readonly (Option & { checked: boolean })[];
}): Html {
  const error = `${o.idPrefix}-error`;
  return html`<div class="field">
    <fieldset>
      <legend>${o.legend}</legend>
      ${o.options.map(
        (opt, i) =>
          html`<div class="check">
            <input
              type="${o.kind === 'one' ? 'radio' : 'checkbox'}"
              id="${o.idPrefix}-${opt.value}"
              name="${o.kind === 'one' ? o.name : `${o.name}.${i}`}"
              value="${opt.value}"
              ${attr('checked', opt.checked)}
              aria-describedby="${error}"
            />
            <label for="${o.idPrefix}-${opt.value}">${opt.label}</label>
          </div>`,
      )}
    </fieldset>
    <p class="field-error" id="${error}" hidden></p>
  </div>`;
}

export function hidden(name: string, value: string, type?: 'boolean' | 'int'): Html {
  return html`<input type="hidden" ${attrs({ name, value, 'data-type': type })} />`;
}

/**
 * A list the body must carry even when it has no rows (`agreedActions: []`): forms.ts turns this empty
 * list field into [] and the rows after it (`agreedActions.0.…`) fill it in.
 */
export const emptyList = (name: string): Html => html`<input type="hidden" name="${name}" value="" data-type="list" data-keep-empty />`;
