import { type Html, html, raw } from '../html';
import { CATALOGUES, type Lang, t } from '../i18n';

/**
 * The forms of the pages. A form that changes something is sent by assets/forms.ts as JSON to the API
 * endpoint clients use (`data-api`), and shows the API's refusal next to the field or above the
 * buttons (`.form-error`) in the page's language; a filter is a plain GET form.
 */

export interface ApiFormOptions {
  /** The API endpoint the form sends its JSON body to. */
  action: string;
  method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** After success: reload the page (default), go to a path, stay ('stay'), or go where the answer says ('?handover={handoverId}'). */
  then?: 'reload' | string;
  /** The submit button's text; or `buttons`, which replace it (approve and refuse). */
  submit?: string;
  buttons?: Html;
  /** The submit button's look: the main one (default) or a quieter one. */
  submitClass?: 'secondary' | 'danger';
  /** An accessible name for the form (its heading's text). */
  label?: string;
  id?: string;
}

export function apiForm(o: ApiFormOptions, fields: Html | ''): Html {
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
    <div class="row">
      ${o.buttons ?? html`<button type="submit" ${o.submitClass ? html`class="${o.submitClass}"` : ''}>${o.submit}</button>`}
    </div>
  </form>`;
}

/** A four-eyes decision: the fields, then approve and refuse, which send `approved: true` or `false`. */
export function decisionForm(lang: Lang, o: { action: string; label: string; id?: string }, fields: Html): Html {
  return apiForm(
    {
      ...o,
      buttons: html`<button type="submit" name="approved" value="true" data-type="boolean">${t(lang, 'common.approve')}</button>
        <button type="submit" name="approved" value="false" data-type="boolean" class="danger">${t(lang, 'common.refuse')}</button>`,
    },
    fields,
  );
}

/** One button in a row or a list that does one thing to it (mark done, take, retry, remove), with the place for its refusal. */
export function buttonForm(o: {
  action: string;
  method?: 'POST' | 'DELETE';
  /** The form's accessible name: what the button does, to what. */
  label: string;
  submit: string;
  /** The body: hidden fields naming what the button acts on. */
  fields?: Html;
  tone?: 'secondary' | 'danger';
}): Html {
  return html`<form
    class="api inline"
    data-api="${o.action}"
    data-method="${o.method ?? 'POST'}"
    data-then="reload"
    aria-label="${o.label}"
    novalidate
  >
    ${o.fields ?? ''}
    <button type="submit" class="${o.tone ?? 'secondary'}">${o.submit}</button>
    <p class="form-error" hidden></p>
  </form>`;
}

/** The filters above a list: a plain GET form back to the list's page, its fields in a row, its button named as the form (default "Filtrér"). */
export function filterForm(lang: Lang, o: { action: string; label?: string }, fields: Html): Html {
  const label = o.label ?? t(lang, 'common.filter');
  return html`<form method="get" action="${o.action}" class="row card" aria-label="${label}">
    ${fields}
    <div><button type="submit" class="secondary">${label}</button></div>
  </form>`;
}

/** What assets/forms.ts says about a sent form, in the page's language (the catalogue's form texts). */
export interface FormTexts {
  saved: string;
  problems: Record<string, string>;
  rejections: Record<string, string>;
  status: Record<string, string>;
}

export function formTexts(lang: Lang): FormTexts {
  const c = CATALOGUES[lang];
  return { saved: c.form.saved, problems: c.problem, rejections: c.rejection, status: c.answer };
}

/** The texts as JSON for forms.ts, safe inside a <script> element. */
export function formTextsScript(lang: Lang): Html {
  const json = JSON.stringify(formTexts(lang)).replace(/</g, '\\u003c');
  return raw(`<script type="application/json" id="closer-form-texts">${json}</script>`);
}
