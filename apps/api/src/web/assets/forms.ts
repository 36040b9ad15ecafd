// Closer's forms: each <form class="api" data-api="/…"> is sent as JSON to the same API endpoint
// API clients use (with the CSRF token and a fresh Idempotency-Key per submission). A refusal
// (400 naming the field, 409 giving the reason) is shown next to the field in the page's language,
// and the form keeps everything that was typed. Works with the keyboard alone: plain form controls.
//
// A browser script, compiled by tsc alone (tsconfig.json beside it) to dist/…/assets/forms.js, which
// /assets/forms.js serves: no bundler, no imports (decision 0010).
(() => {
  /** What the page says about a sent form, in its language (the JSON the page carries, components/form.ts). */
  interface FormTexts {
    saved: string;
    problems: Record<string, string>;
    rejections: Record<string, string>;
    status: Record<string, string>;
  }

  /** What the API answers a refused form with: the field and the problem (400), or the reason (409). */
  interface Refusal {
    field?: string;
    problem?: string;
    limit?: number;
    values?: string[];
    error?: string;
    message?: unknown;
  }

  type Value = string | number | boolean | Value[] | Body;
  interface Body {
    [key: string]: Value | undefined;
  }

  type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

  const csrf = (): string => document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

  const texts = (): FormTexts => {
    const el = document.getElementById('closer-form-texts');
    return el?.textContent ? (JSON.parse(el.textContent) as FormTexts) : { saved: '', problems: {}, rejections: {}, status: {} };
  };

  // htmx requests (live lists, buttons) carry the CSRF token as well.
  document.addEventListener('htmx:configRequest', (e) => {
    (e as CustomEvent<{ headers: Record<string, string> }>).detail.headers['X-CSRF-Token'] = csrf();
  });

  // A live region (data-live: the inbox, the board) is not refreshed while someone works in it, so
  // nothing typed or chosen is swept away: focus inside it, or a form in it that was typed in.
  document.addEventListener('input', (e) => {
    if (e.target instanceof Element) e.target.closest('form')?.classList.add('dirty');
  });
  document.addEventListener('htmx:beforeRequest', (e) => {
    const region = (e as CustomEvent<{ elt?: Element }>).detail?.elt;
    if (!region?.hasAttribute('data-live')) return;
    if (region.contains(document.activeElement) || region.querySelector('form.dirty')) e.preventDefault();
  });

  function valueOf(el: Control): Value | undefined {
    const type = el.getAttribute('data-type') ?? 'string';
    if (el instanceof HTMLInputElement && el.type === 'checkbox')
      return type === 'boolean' ? el.checked : el.checked ? el.value : undefined;
    if (el instanceof HTMLInputElement && el.type === 'radio') return el.checked ? convert(el.value, type) : undefined;
    const v = el.value;
    if (v === '' && !el.hasAttribute('data-keep-empty')) return undefined;
    return convert(v, type);
  }

  function convert(v: string, type: string): Value {
    switch (type) {
      case 'boolean':
        return v === 'true' ? true : v === 'false' ? false : v;
      case 'int':
      case 'number':
        return v.trim() === '' || isNaN(Number(v)) ? v : Number(v);
      case 'datetime': {
        // <input type="datetime-local"> holds the person's local time: send it as an instant.
        const d = new Date(v);
        return isNaN(d.getTime()) ? v : d.toISOString();
      }
      case 'list':
        return v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      default:
        return v;
    }
  }

  /** Field names are paths: "goals.0.description" becomes { goals: [{ description }] }. */
  function put(target: Body, path: string, value: Value): void {
    const keys = path.split('.');
    let at = target;
    for (let i = 0; i < keys.length - 1; i++) {
      const k = keys[i];
      if (at[k] === undefined) at[k] = /^\d+$/.test(keys[i + 1]) ? [] : {};
      at = at[k] as Body;
    }
    at[keys[keys.length - 1]] = value;
  }

  const isControl = (el: Element): el is Control =>
    el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement;

  /** Lists of rows leave holes when a row was removed or left empty: close them up. */
  function compact(o: Body | Value[]): void {
    const entries: [string | number, Value | undefined][] = Array.isArray(o) ? o.map((v, i) => [i, v]) : Object.entries(o);
    for (const [k, v] of entries) {
      let value = v;
      if (Array.isArray(value)) {
        value = value.filter((x) => x !== undefined && !(typeof x === 'object' && Object.keys(x).length === 0));
        (o as Record<string | number, Value | undefined>)[k] = value;
      }
      if (value && typeof value === 'object') compact(value);
    }
  }

  function bodyOf(form: HTMLFormElement): Body {
    const body: Body = {};
    for (const el of Array.from(form.elements)) {
      if (!isControl(el) || !el.name || el.disabled || el.name === '_csrf' || el.closest('[data-skip]')) continue;
      const v = valueOf(el);
      if (v !== undefined) put(body, el.name, v);
    }
    compact(body);
    return body;
  }

  function clear(form: HTMLFormElement): void {
    form.querySelectorAll<HTMLElement>('.field-error, .form-error, .form-ok').forEach((p) => {
      p.textContent = '';
      p.hidden = true;
    });
    form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  }

  const say = (template: string, params: Record<string, unknown>): string =>
    template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] !== undefined ? String(params[k]) : ''));

  function explain(status: number, answer: Refusal): string {
    const t = texts();
    if (status === 400 && answer.problem && t.problems[answer.problem])
      return say(t.problems[answer.problem], { limit: answer.limit, values: (answer.values ?? []).join(', ') });
    const known = answer.error ? t.rejections[answer.error] : undefined;
    const base = known ?? t.status[String(status)] ?? t.status.other;
    // The API's own sentence names the exact rule; it is kept beside the translation.
    return typeof answer.message === 'string' && answer.message && !known ? `${base} (${answer.message})` : base;
  }

  /** The form control an API field path names: "goals[0].description" → name="goals.0.description". */
  function controlFor(form: HTMLFormElement, field: string | undefined): Control | null {
    if (!field) return null;
    const name = field.replace(/\[(\d+)\]/g, '.$1');
    const el = form.querySelector(`[name="${name.replace(/"/g, '')}"]`);
    return el && isControl(el) ? el : null;
  }

  function show(form: HTMLFormElement, status: number, answer: Refusal): void {
    let field = answer.field;
    // A field the API names by its first word in a sentence ("plannedEnd must be after …").
    if (!field && typeof answer.message === 'string') {
      const first = /^([A-Za-z][\w.[\]]*)\s/.exec(answer.message);
      if (first && controlFor(form, first[1])) field = first[1];
    }
    const control = controlFor(form, field);
    let target: HTMLElement | null;
    if (control) {
      const holder = control.closest('.field') ?? control.parentElement!;
      target = holder.querySelector<HTMLElement>('.field-error');
      if (!target) {
        target = document.createElement('p');
        target.className = 'field-error';
        holder.appendChild(target);
      }
      if (!target.id) target.id = `${control.id || `f${Math.random().toString(36).slice(2)}`}-error`;
      control.setAttribute('aria-invalid', 'true');
      const described = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
      if (!described.includes(target.id)) described.push(target.id);
      control.setAttribute('aria-describedby', described.join(' '));
    } else {
      target = form.querySelector<HTMLElement>('.form-error');
    }
    if (!target) return;
    target.textContent = explain(status, answer);
    target.hidden = false;
    target.setAttribute('role', 'alert');
    control?.focus();
  }

  /** After success: reload the page (default), go to a path, or go where the answer says (`?handover={handoverId}`). */
  function goOn(form: HTMLFormElement, answer: Record<string, unknown>): void {
    const then = form.getAttribute('data-then') ?? 'reload';
    const ok = form.querySelector<HTMLElement>('.form-ok');
    if (ok) {
      ok.textContent = texts().saved;
      ok.hidden = false;
    }
    form.dispatchEvent(new CustomEvent('closer:saved', { bubbles: true, detail: answer }));
    if (then === 'reload') window.location.reload();
    else if (then.includes('{'))
      window.location.assign(
        then.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(answer[k] !== undefined ? String(answer[k]) : '')),
      );
    else if (then.startsWith('/')) window.location.assign(then);
  }

  async function send(form: HTMLFormElement, submitter: HTMLElement | null): Promise<void> {
    clear(form);
    const body = bodyOf(form);
    // A button can carry a value of its own (approve / refuse): name="approved" value="true".
    if ((submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement) && submitter.name)
      put(body, submitter.name, convert(submitter.value, submitter.getAttribute('data-type') ?? 'string'));
    form.setAttribute('aria-busy', 'true');
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => (b.disabled = true));
    const key = typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}${Math.random().toString(36).slice(2)}`;
    try {
      const res = await fetch(form.getAttribute('data-api')!, {
        method: form.getAttribute('data-method') ?? 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/json',
          'X-CSRF-Token': csrf(),
          'Idempotency-Key': `web-${key}`,
          Accept: 'application/json',
        },
        body: JSON.stringify(body),
      });
      const answer = (await res.json().catch(() => ({}))) as Record<string, unknown> | null;
      if (res.ok) goOn(form, answer ?? {});
      else show(form, res.status, (answer ?? {}) as Refusal);
    } catch {
      show(form, 0, {});
    } finally {
      form.removeAttribute('aria-busy');
      buttons.forEach((b) => (b.disabled = false));
    }
  }

  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-api')) return;
    e.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    void send(form, e.submitter);
  });

  // Rows that can be added to a list (goals of a plan, agreed actions): a <template> in the list.
  document.addEventListener('click', (e) => {
    const add = e.target instanceof Element ? e.target.closest('[data-add-row]') : null;
    if (!add) return;
    const list = document.getElementById(add.getAttribute('data-add-row') ?? '');
    const template = list?.querySelector('template');
    if (!list || !template) return;
    const index = list.querySelectorAll('[data-row]').length;
    const row = document.createElement('div');
    row.innerHTML = template.innerHTML.replace(/__i__/g, String(index)).replace(/__n__/g, String(index + 1));
    const node = row.firstElementChild;
    if (!node) return;
    list.insertBefore(node, add.closest('[data-add-row-holder]'));
    node.querySelector<HTMLElement>('input, select, textarea')?.focus();
  });
})();
