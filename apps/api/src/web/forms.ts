import { attr, type Html, html, raw } from './html';
import type { Lang } from './i18n';

/**
 * The building blocks of every form on the pages, so they all behave alike: a label for every
 * control, a place for its error (filled by assets/forms.js from the API's answer), plain controls
 * a keyboard reaches. Field names are the API body's paths (`goals.0.description`).
 */

/** What assets/forms.js says about a refused form, in the page's language. */
export const FORM_TEXTS: Record<
  Lang,
  { saved: string; problems: Record<string, string>; rejections: Record<string, string>; status: Record<string, string> }
> = {
  da: {
    saved: 'Gemt',
    problems: {
      required: 'Skal udfyldes',
      'too-long': 'Må højst være {limit} tegn',
      'too-short': 'Skal være mindst {limit} tegn',
      'too-big': 'Må højst være {limit}',
      'too-small': 'Skal være mindst {limit}',
      'one-of': 'Skal være en af: {values}',
      format: 'Har ikke den rigtige form',
      type: 'Har ikke den rigtige type',
      'unknown-field': 'Feltet kendes ikke',
      invalid: 'Værdien er ikke gyldig',
    },
    rejections: {
      WrongPhase: 'Det kan ikke gøres i sagens nuværende fase',
      ChildConversationMissing:
        'Der skal først være holdt en børnesamtale (Barnets Lov § 5), eller begrundelsen for, at den ikke kan holdes, skal være registreret',
      NotNewToCase: 'Genvurderingen skal foretages af en medarbejder, der er ny på sagen (Barnets Lov § 137)',
      CaseloadCapReached: 'Rådgiverens antal sager har nået loftet',
      AlreadyAssigned: 'Sagen har allerede denne rådgiver',
      CommandFailed: 'Handlingen kunne ikke gennemføres; intet blev ændret',
      ReasonRequired: 'Angiv en begrundelse for at åbne en kollegas sag',
    },
    status: {
      '0': 'Ingen forbindelse til Closer. Prøv igen; intet er gået tabt i formularen',
      '400': 'Oplysningerne er ikke gyldige',
      '401': 'Du er ikke længere logget ind. Log ind igen i et nyt vindue, og send formularen igen',
      '403': 'Du har ikke ret til at gøre dette',
      '404': 'Findes ikke, eller du har ikke adgang',
      '409': 'Det kan ikke gøres lige nu',
      '413': 'Formularen er for stor',
      '503': 'Systemet er midlertidigt utilgængeligt. Prøv igen om lidt; intet er gået tabt i formularen',
      other: 'Noget gik galt. Prøv igen',
    },
  },
  en: {
    saved: 'Saved',
    problems: {
      required: 'Required',
      'too-long': 'At most {limit} characters',
      'too-short': 'At least {limit} characters',
      'too-big': 'At most {limit}',
      'too-small': 'At least {limit}',
      'one-of': 'Must be one of: {values}',
      format: 'Not in the right form',
      type: 'Not of the right type',
      'unknown-field': 'Unknown field',
      invalid: 'Not a valid value',
    },
    rejections: {
      WrongPhase: "Not possible in the case's current phase",
      ChildConversationMissing:
        'A child conversation (børnesamtale, Barnets Lov § 5) must be held first, or the reason it cannot be held recorded',
      NotNewToCase: 'The re-assessment must be made by someone new to the case (Barnets Lov § 137)',
      CaseloadCapReached: "The coordinator's caseload is at its cap",
      AlreadyAssigned: 'The case already has this coordinator',
      CommandFailed: 'The command could not be completed; nothing was changed',
      ReasonRequired: "Give a reason for opening a colleague's case",
    },
    status: {
      '0': 'No connection to Closer. Try again; nothing in the form is lost',
      '400': 'The data is not valid',
      '401': 'You are no longer signed in. Sign in again in a new window and send the form again',
      '403': 'You may not do this',
      '404': 'Not found, or out of your reach',
      '409': 'Not possible right now',
      '413': 'The form is too large',
      '503': 'Closer is briefly unavailable. Try again shortly; nothing in the form is lost',
      other: 'Something went wrong. Try again',
    },
  },
};

/** The texts as JSON for forms.js, safe inside a <script> element. */
export function formTextsScript(lang: Lang): Html {
  const json = JSON.stringify(FORM_TEXTS[lang]).replace(/</g, '\\u003c');
  return raw(`<script type="application/json" id="closer-form-texts">${json}</script>`);
}

let counter = 0;
const idFor = (name: string) => `f-${name.replace(/[^A-Za-z0-9]/g, '-')}-${(counter = (counter + 1) % 1_000_000)}`;

export interface ApiFormOptions {
  /** The API endpoint the form sends its JSON body to. */
  action: string;
  method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** After success: reload the page (default), go to a path, stay ('stay'), or go where the answer says ('?handover={handoverId}'). */
  then?: 'reload' | string;
  submit: string;
  /** Extra buttons (e.g. refuse beside approve), rendered after the submit button. */
  buttons?: Html;
  /** An accessible name for the form (its heading's text). */
  label?: string;
  id?: string;
}

export function apiForm(o: ApiFormOptions, fields: Html): Html {
  return html`<form
    class="api"
    data-api="${o.action}"
    data-method="${o.method ?? 'POST'}"
    data-then="${o.then ?? 'reload'}"
    ${o.label ? html`aria-label="${o.label}"` : ''}
    ${o.id ? html`id="${o.id}"` : ''}
    novalidate
  >
    ${fields}
    <p class="form-error" hidden></p>
    <p class="form-ok" hidden role="status"></p>
    <div class="row"><button type="submit">${o.submit}</button>${o.buttons ?? ''}</div>
  </form>`;
}

interface FieldOptions {
  name: string;
  label: string;
  hint?: string;
  value?: string | number;
  required?: boolean;
  /** How forms.js turns the text into JSON: int, number, boolean, datetime, list (comma-separated). */
  type?: 'int' | 'number' | 'datetime' | 'list';
}

function wrap(id: string, label: string, hint: string | undefined, control: Html): Html {
  return html`<div class="field">
    <label for="${id}">${label}</label>${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : ''}${control}
    <p class="field-error" id="${id}-error" hidden></p>
  </div>`;
}

const described = (id: string, hint?: string) => html`aria-describedby="${hint ? `${id}-hint ` : ''}${id}-error"`;

export function textInput(
  o: FieldOptions & {
    inputType?: 'text' | 'number' | 'date' | 'datetime-local' | 'email' | 'time';
    min?: number;
    max?: number;
    step?: number;
  },
): Html {
  const id = idFor(o.name);
  return wrap(
    id,
    o.label,
    o.hint,
    html`<input
      id="${id}"
      name="${o.name}"
      type="${o.inputType ?? 'text'}"
      ${o.value !== undefined ? html`value="${o.value}"` : ''}
      ${o.type ? html`data-type="${o.type}"` : ''}
      ${o.min !== undefined ? html`min="${o.min}"` : ''}
      ${o.max !== undefined ? html`max="${o.max}"` : ''}
      ${o.step !== undefined ? html`step="${o.step}"` : ''}
      ${attr('required', o.required)}
      ${described(id, o.hint)}
    />`,
  );
}

export function textArea(o: FieldOptions & { rows?: number }): Html {
  const id = idFor(o.name);
  return wrap(
    id,
    o.label,
    o.hint,
    html`<textarea id="${id}" name="${o.name}" rows="${o.rows ?? 3}" ${attr('required', o.required)} ${described(id, o.hint)}>
${o.value ?? ''}</textarea>`,
  );
}

export function select(
  o: FieldOptions & { options: { value: string; label: string }[]; placeholder?: string; dataType?: 'boolean' | 'int' },
): Html {
  const id = idFor(o.name);
  return wrap(
    id,
    o.label,
    o.hint,
    html`<select
      id="${id}"
      name="${o.name}"
      ${o.dataType ? html`data-type="${o.dataType}"` : ''}
      ${attr('required', o.required)}
      ${described(id, o.hint)}
    >
      ${o.placeholder !== undefined ? html`<option value="">${o.placeholder}</option>` : ''}
      ${o.options.map((opt) => html`<option value="${opt.value}" ${attr('selected', String(o.value) === opt.value)}>${opt.label}</option>`)}
    </select>`,
  );
}

/** A yes/no that is sent as true or false. */
export function checkbox(o: { name: string; label: string; checked?: boolean; hint?: string }): Html {
  const id = idFor(o.name);
  return html`<div class="field">
    <div class="check">
      <input id="${id}" type="checkbox" name="${o.name}" data-type="boolean" ${attr('checked', o.checked)} ${described(id, o.hint)} />
      <label for="${id}">${o.label}</label>
    </div>
    ${o.hint ? html`<span class="hint" id="${id}-hint">${o.hint}</span>` : ''}
    <p class="field-error" id="${id}-error" hidden></p>
  </div>`;
}

export function hidden(name: string, value: string, type?: 'boolean' | 'int'): Html {
  return html`<input type="hidden" name="${name}" value="${value}" ${type ? html`data-type="${type}"` : ''} />`;
}
