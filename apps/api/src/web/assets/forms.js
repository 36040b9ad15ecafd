// Closer's forms: each <form class="api" data-api="/…"> is sent as JSON to the same API endpoint
// API clients use (with the CSRF token and a fresh Idempotency-Key per submission). A refusal
// (400 naming the field, 409 giving the reason) is shown next to the field in the page's language,
// and the form keeps everything that was typed. Works with the keyboard alone: plain form controls.
(function () {
  'use strict';
  var csrf = function () {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute('content') : '';
  };
  var texts = function () {
    var el = document.getElementById('closer-form-texts');
    return el ? JSON.parse(el.textContent) : { problems: {}, rejections: {}, status: {} };
  };

  // htmx requests (live lists, buttons) carry the CSRF token as well.
  document.addEventListener('htmx:configRequest', function (e) {
    e.detail.headers['X-CSRF-Token'] = csrf();
  });

  // A live region (data-live: the inbox, the board) is not refreshed while someone works in it, so
  // nothing typed or chosen is swept away: focus inside it, or a form in it that was typed in.
  document.addEventListener('input', function (e) {
    var form = e.target && e.target.closest && e.target.closest('form');
    if (form) form.classList.add('dirty');
  });
  document.addEventListener('htmx:beforeRequest', function (e) {
    var region = e.detail && e.detail.elt;
    if (!region || !region.hasAttribute || !region.hasAttribute('data-live')) return;
    if (region.contains(document.activeElement) || region.querySelector('form.dirty')) e.preventDefault();
  });

  function valueOf(el) {
    var type = el.getAttribute('data-type') || 'string';
    if (el.type === 'checkbox') return type === 'boolean' ? el.checked : el.checked ? el.value : undefined;
    if (el.type === 'radio') return el.checked ? convert(el.value, type) : undefined;
    var v = el.value;
    if (v === '' && !el.hasAttribute('data-keep-empty')) return undefined;
    return convert(v, type);
  }

  function convert(v, type) {
    switch (type) {
      case 'boolean':
        return v === 'true' ? true : v === 'false' ? false : v;
      case 'int':
      case 'number':
        return v.trim() === '' || isNaN(Number(v)) ? v : Number(v);
      case 'datetime': {
        // <input type="datetime-local"> holds the person's local time: send it as an instant.
        var d = new Date(v);
        return isNaN(d.getTime()) ? v : d.toISOString();
      }
      case 'list':
        return v
          .split(',')
          .map(function (s) {
            return s.trim();
          })
          .filter(Boolean);
      default:
        return v;
    }
  }

  /** Field names are paths: "goals.0.description" becomes { goals: [{ description }] }. */
  function put(target, path, value) {
    var keys = path.split('.');
    var at = target;
    for (var i = 0; i < keys.length - 1; i++) {
      var k = keys[i];
      if (at[k] === undefined) at[k] = /^\d+$/.test(keys[i + 1]) ? [] : {};
      at = at[k];
    }
    at[keys[keys.length - 1]] = value;
  }

  function bodyOf(form) {
    var body = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === '_csrf' || el.closest('[data-skip]')) return;
      var v = valueOf(el);
      if (v !== undefined) put(body, el.name, v);
    });
    // Lists of rows leave holes when a row was removed or left empty: close them up.
    (function compact(o) {
      Object.keys(o).forEach(function (k) {
        if (Array.isArray(o[k]))
          o[k] = o[k].filter(function (x) {
            return x !== undefined && !(typeof x === 'object' && Object.keys(x).length === 0);
          });
        if (o[k] && typeof o[k] === 'object') compact(o[k]);
      });
    })(body);
    return body;
  }

  function clear(form) {
    form.querySelectorAll('.field-error, .form-error, .form-ok').forEach(function (p) {
      p.textContent = '';
      p.hidden = true;
    });
    form.querySelectorAll('[aria-invalid]').forEach(function (el) {
      el.removeAttribute('aria-invalid');
    });
  }

  function say(template, params) {
    return template.replace(/\{(\w+)\}/g, function (_, k) {
      return params[k] !== undefined ? String(params[k]) : '';
    });
  }

  function explain(status, answer) {
    var t = texts();
    if (status === 400 && answer.problem && t.problems[answer.problem])
      return say(t.problems[answer.problem], { limit: answer.limit, values: (answer.values || []).join(', ') });
    var known = answer.error && t.rejections[answer.error];
    var base = known || t.status[String(status)] || t.status.other;
    // The API's own sentence names the exact rule; it is kept beside the translation.
    return answer.message && typeof answer.message === 'string' && !known ? base + ' (' + answer.message + ')' : base;
  }

  /** The form control an API field path names: "goals[0].description" → name="goals.0.description". */
  function controlFor(form, field) {
    if (!field) return null;
    var name = field.replace(/\[(\d+)\]/g, '.$1');
    var el = form.querySelector('[name="' + name.replace(/"/g, '') + '"]');
    if (el) return el;
    // A field the API names by its first word in a sentence ("plannedEnd must be after …").
    return null;
  }

  function show(form, status, answer) {
    var field = answer.field;
    if (!field && typeof answer.message === 'string') {
      var first = /^([A-Za-z][\w.\[\]]*)\s/.exec(answer.message);
      if (first && controlFor(form, first[1])) field = first[1];
    }
    var control = controlFor(form, field);
    var text = explain(status, answer);
    var target;
    if (control) {
      var holder = control.closest('.field') || control.parentElement;
      target = holder.querySelector('.field-error');
      if (!target) {
        target = document.createElement('p');
        target.className = 'field-error';
        holder.appendChild(target);
      }
      if (!target.id) target.id = (control.id || 'f' + Math.random().toString(36).slice(2)) + '-error';
      control.setAttribute('aria-invalid', 'true');
      var described = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      if (described.indexOf(target.id) < 0) described.push(target.id);
      control.setAttribute('aria-describedby', described.join(' '));
    } else {
      target = form.querySelector('.form-error');
    }
    target.textContent = text;
    target.hidden = false;
    target.setAttribute('role', 'alert');
    if (control) control.focus();
  }

  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-api')) return;
    e.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clear(form);
    var submitter = e.submitter;
    var body = bodyOf(form);
    // A button can carry a value of its own (approve / refuse): name="approved" value="true".
    if (submitter && submitter.name) put(body, submitter.name, convert(submitter.value, submitter.getAttribute('data-type') || 'string'));
    form.setAttribute('aria-busy', 'true');
    var buttons = form.querySelectorAll('button');
    buttons.forEach(function (b) {
      b.disabled = true;
    });
    var key = window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(36).slice(2);
    fetch(form.getAttribute('data-api'), {
      method: form.getAttribute('data-method') || 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf(), 'Idempotency-Key': 'web-' + key, Accept: 'application/json' },
      body: JSON.stringify(body),
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (answer) {
            if (res.ok) {
              var then = form.getAttribute('data-then') || 'reload';
              var ok = form.querySelector('.form-ok');
              if (ok) {
                ok.textContent = texts().saved;
                ok.hidden = false;
              }
              form.dispatchEvent(new CustomEvent('closer:saved', { bubbles: true, detail: answer }));
              if (then === 'reload') window.location.reload();
              // A place named by the answer: data-then="?handover={handoverId}".
              else if (then.indexOf('{') >= 0)
                window.location.assign(
                  then.replace(/\{(\w+)\}/g, function (_, k) {
                    return encodeURIComponent(answer && answer[k] !== undefined ? answer[k] : '');
                  }),
                );
              else if (then.charAt(0) === '/') window.location.assign(then);
              return;
            }
            show(form, res.status, answer || {});
          });
      })
      .catch(function () {
        show(form, 0, {});
      })
      .finally(function () {
        form.removeAttribute('aria-busy');
        buttons.forEach(function (b) {
          b.disabled = false;
        });
      });
  });

  // Rows that can be added to a list (goals of a plan, agreed actions): <template data-row-for="goals">.
  document.addEventListener('click', function (e) {
    var add = e.target.closest && e.target.closest('[data-add-row]');
    if (!add) return;
    var list = document.getElementById(add.getAttribute('data-add-row'));
    var template = list && list.querySelector('template');
    if (!template) return;
    var index = list.querySelectorAll('[data-row]').length;
    var row = document.createElement('div');
    row.innerHTML = template.innerHTML.replace(/__i__/g, String(index)).replace(/__n__/g, String(index + 1));
    var node = row.firstElementChild;
    list.insertBefore(node, add.closest('[data-add-row-holder]') || null);
    var first = node.querySelector('input, select, textarea');
    if (first) first.focus();
  });
})();
