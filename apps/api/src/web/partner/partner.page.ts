import { dateTime, relative } from '../format';
import { type Html, html } from '../html';
import { messages } from '../i18n';
import type { PageContext } from '../page-context';

const t = messages({
  da: {
    title: 'Mine aftalte handlinger',
    lead: 'De handlinger, der er aftalt på opfølgningsmøder, og som din afdeling står for. Du ser kun handlingen, ikke sagen.',
    caption: 'Aftalte handlinger for din afdeling, åbne først, efter frist',
    action: 'Aftalt handling',
    due: 'Frist',
    status: 'Status',
    done: 'Udført',
    open: 'Åben',
    overdue: 'Overskredet',
    doneAt: 'Udført {at}',
    markDone: 'Marker som udført',
    markDoneLabel: 'Marker som udført: {description}',
    empty: 'Ingen aftalte handlinger for din afdeling.',
    next: 'Næste side',
    first: 'Første side',
    pages: 'Sider',
  },
  en: {
    title: 'My agreed actions',
    lead: 'The actions agreed at follow-up meetings (aftalte handlinger) that your department is responsible for. You see the action only, not the case.',
    caption: "Your department's agreed actions, open first, by due time",
    action: 'Agreed action (aftalt handling)',
    due: 'Due',
    status: 'Status',
    done: 'Done',
    open: 'Open',
    overdue: 'Overdue',
    doneAt: 'Done {at}',
    markDone: 'Mark as done',
    markDoneLabel: 'Mark as done: {description}',
    empty: 'No agreed actions for your department.',
    next: 'Next page',
    first: 'First page',
    pages: 'Pages',
  },
});

export interface PartnerAction {
  id: string;
  description: string;
  dueAt: Date | string;
  status: string;
  doneAt: Date | string | null;
}

export function partnerTitle(ctx: PageContext): string {
  return t(ctx.lang, 'title');
}

export function partnerBody(ctx: PageContext, page: { actions: PartnerAction[]; next?: string }, cursor: string | undefined): Html {
  const { lang } = ctx;
  return html`<p class="muted">${t(lang, 'lead')}</p>
    ${
      page.actions.length === 0
        ? html`<p class="empty">${t(lang, 'empty')}</p>`
        : html`<div class="table-wrap">
            <table id="partner-actions">
              <caption class="muted small">
                ${t(lang, 'caption')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t(lang, 'action')}</th>
                  <th scope="col">${t(lang, 'due')}</th>
                  <th scope="col">${t(lang, 'status')}</th>
                  <th scope="col"><span class="muted small">${t(lang, 'markDone')}</span></th>
                </tr>
              </thead>
              <tbody>
                ${page.actions.map((a) => row(ctx, a))}
              </tbody>
            </table>
          </div>`
    }
    <nav class="pager" aria-label="${t(lang, 'pages')}">
      ${cursor ? html`<a href="/app/partner">${t(lang, 'first')}</a>` : ''}
      ${page.next ? html`<a href="/app/partner?cursor=${encodeURIComponent(page.next)}">${t(lang, 'next')}</a>` : ''}
    </nav>`;
}

function row(ctx: PageContext, a: PartnerAction): Html {
  const { lang } = ctx;
  const due = new Date(a.dueAt);
  const open = a.status === 'open';
  const overdue = open && due.getTime() <= Date.now();
  return html`<tr data-action="${a.id}" data-status="${a.status}" class="${overdue ? 'overdue' : ''}">
    <td>${a.description}</td>
    <td>
      <time datetime="${due.toISOString()}">${dateTime(lang, due)}</time>
      ${open ? html`<span class="muted small">${relative(lang, due)}</span>` : ''}
    </td>
    <td>
      ${
        open
          ? overdue
            ? html`<span class="badge overdue">${t(lang, 'overdue')}</span>`
            : html`<span class="badge soon">${t(lang, 'open')}</span>`
          : html`<span class="badge ok">${t(lang, 'done')}</span>
              ${a.doneAt ? html`<span class="muted small">${t(lang, 'doneAt', { at: dateTime(lang, a.doneAt) })}</span>` : ''}`
      }
    </td>
    <td>
      ${
        open
          ? html`<form
              class="api inline"
              data-api="/partner/actions/${a.id}/done"
              data-method="POST"
              data-then="reload"
              aria-label="${t(lang, 'markDoneLabel', { description: a.description })}"
            >
              <button type="submit" class="secondary">${t(lang, 'markDone')}</button>
              <p class="form-error" hidden></p>
            </form>`
          : ''
      }
    </td>
  </tr>`;
}
