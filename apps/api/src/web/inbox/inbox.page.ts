import { TASK_KINDS } from '../../../../../libs/notifications/task-kinds';
import type { TaskItem, TaskPage } from '../../work-lists/work-lists.service';
import { html, type Html } from '../html';
import { count } from '../format';
import { messages } from '../i18n';
import { roleName } from '../layout';
import type { PageContext } from '../page-context';
import { dueCell, marks, shortId, taskKindCell, taskKindName, taskRowClass } from '../tasks';

const t = messages({
  da: {
    title: 'Indbakke',
    total: 'Åbne opgaver',
    overdue: 'Overskredne',
    escalated: 'Eskalerede',
    dueToday: 'Frist i dag',
    task: 'Opgave',
    due: 'Frist',
    status: 'Status',
    case: 'Sag',
    assignee: 'Tildelt',
    me: 'Mig',
    unassigned: 'Ikke tildelt ({role})',
    someone: 'Kollega',
    claim: 'Tag opgaven',
    empty: 'Ingen åbne opgaver. Godt arbejde.',
    kind: 'Opgavetype',
    allKinds: 'Alle typer',
    state: 'Vis',
    'state.open': 'Alle åbne',
    'state.overdue': 'Overskredne',
    'state.escalated': 'Eskalerede',
    filter: 'Filtrér',
    next: 'Næste side',
    first: 'Første side',
    live: 'Listen opdateres af sig selv, når en frist passerer.',
    family: 'Familie',
    caseLink: 'Sag {id}',
    familyLink: 'Familie {id}',
    caption: 'Mine åbne opgaver, sorteret efter frist',
    onlyCase: 'Viser kun opgaver i sag {id}.',
    allCases: 'Vis alle',
  },
  en: {
    title: 'Inbox',
    total: 'Open tasks',
    overdue: 'Overdue',
    escalated: 'Escalated',
    dueToday: 'Due today',
    task: 'Task',
    due: 'Due',
    status: 'Status',
    case: 'Case',
    assignee: 'Assigned to',
    me: 'Me',
    unassigned: 'Unassigned ({role})',
    someone: 'Colleague',
    claim: 'Take the task',
    empty: 'No open tasks. Well done.',
    kind: 'Kind of task',
    allKinds: 'All kinds',
    state: 'Show',
    'state.open': 'All open',
    'state.overdue': 'Overdue',
    'state.escalated': 'Escalated',
    filter: 'Filter',
    next: 'Next page',
    first: 'First page',
    live: 'The list updates itself when a deadline passes.',
    family: 'Family',
    caseLink: 'Case {id}',
    familyLink: 'Family {id}',
    caption: 'My open tasks, by due time',
    onlyCase: 'Showing only the tasks of case {id}.',
    allCases: 'Show all',
  },
});

export const INBOX_REFRESH_SECONDS = 15;

export interface InboxFilters {
  kind?: string;
  state?: string;
  cursor?: string;
  /** Only one case's tasks (the link from a case page). */
  caseId?: string;
}

export function inboxTitle(ctx: PageContext): string {
  return t(ctx.lang, 'title');
}

/** The page's body: filters, then the live region (counts and the list) that htmx refreshes. */
export function inboxBody(ctx: PageContext, page: TaskPage, f: InboxFilters): Html {
  const { lang } = ctx;
  return html`<form method="get" action="/app/inbox" class="row card" aria-label="${t(lang, 'filter')}">
      <div class="field">
        <label for="inbox-kind">${t(lang, 'kind')}</label>
        <select id="inbox-kind" name="kind">
          <option value="">${t(lang, 'allKinds')}</option>
          ${Object.keys(TASK_KINDS).map((k) => html`<option value="${k}" ${f.kind === k ? html`selected` : ''}>${taskKindName(lang, k)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="inbox-state">${t(lang, 'state')}</label>
        <select id="inbox-state" name="state">
          ${(['open', 'overdue', 'escalated'] as const).map(
            (s) => html`<option value="${s}" ${(f.state ?? 'open') === s ? html`selected` : ''}>${t(lang, `state.${s}`)}</option>`,
          )}
        </select>
      </div>
      ${f.caseId ? html`<input type="hidden" name="caseId" value="${f.caseId}" />` : ''}
      <div><button type="submit" class="secondary">${t(lang, 'filter')}</button></div>
    </form>
    ${f.caseId ? html`<p>${t(lang, 'onlyCase', { id: shortId(f.caseId) })} <a href="/app/inbox">${t(lang, 'allCases')}</a></p>` : ''}
    <p class="muted small">${t(lang, 'live')}</p>
    ${inboxRegion(ctx, page, f)}`;
}

function query(f: InboxFilters, cursor?: string): string {
  const q = new URLSearchParams();
  if (f.kind) q.set('kind', f.kind);
  if (f.state && f.state !== 'open') q.set('state', f.state);
  if (f.caseId) q.set('caseId', f.caseId);
  if (cursor) q.set('cursor', cursor);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Counts and list: refreshed every few seconds by htmx, so a deadline passing shows without a reload. */
export function inboxRegion(ctx: PageContext, page: TaskPage, f: InboxFilters): Html {
  const { lang } = ctx;
  const c = page.counts;
  const shown = (k: keyof Omit<typeof c, 'capped'>) => count(lang, c[k], c.capped.includes(k));
  return html`<div
    id="inbox-region"
    hx-get="/app/inbox${query(f, f.cursor)}"
    hx-trigger="every ${INBOX_REFRESH_SECONDS}s"
    data-live
    hx-swap="outerHTML"
  >
    <ul class="counts" aria-live="polite">
      <li data-count="total"><strong>${shown('total')}</strong>${t(lang, 'total')}</li>
      <li data-count="overdue" class="overdue"><strong>${shown('overdue')}</strong>${t(lang, 'overdue')}</li>
      <li data-count="escalated" class="escalated"><strong>${shown('escalated')}</strong>${t(lang, 'escalated')}</li>
      <li data-count="dueToday"><strong>${shown('dueToday')}</strong>${t(lang, 'dueToday')}</li>
    </ul>
    ${
      page.items.length === 0
        ? html`<p class="empty">${t(lang, 'empty')}</p>`
        : html`<div class="table-wrap">
            <table>
              <caption class="muted small">
                ${t(lang, 'caption')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t(lang, 'task')}</th>
                  <th scope="col">${t(lang, 'due')}</th>
                  <th scope="col">${t(lang, 'status')}</th>
                  <th scope="col">${t(lang, 'case')}</th>
                  <th scope="col">${t(lang, 'assignee')}</th>
                </tr>
              </thead>
              <tbody>
                ${page.items.map((item) => row(ctx, item))}
              </tbody>
            </table>
          </div>`
    }
    <nav class="pager" aria-label="${t(lang, 'next')}">
      ${f.cursor ? html`<a href="/app/inbox${query(f)}">${t(lang, 'first')}</a>` : ''}
      ${page.next ? html`<a href="/app/inbox${query(f, page.next)}">${t(lang, 'next')}</a>` : ''}
    </nav>
  </div>`;
}

function row(ctx: PageContext, item: TaskItem): Html {
  const { lang, me } = ctx;
  const where = item.caseId
    ? html`<a href="/app/cases/${item.caseId}">${t(lang, 'caseLink', { id: shortId(item.caseId) })}</a>`
    : item.familyId
      ? html`<a href="/app/families/${item.familyId}">${t(lang, 'familyLink', { id: shortId(item.familyId) })}</a>`
      : '–';
  const unassigned = item.assignee.userId === null;
  const mayClaim = unassigned && item.assignee.role === 'coordinator' && me.roles.includes('coordinator');
  return html`<tr class="${taskRowClass(item)}" data-task="${item.taskId}" data-kind="${item.kind}">
    <td>${taskKindCell(lang, item.kind)}</td>
    <td>${dueCell(lang, item)}</td>
    <td>${marks(lang, item)}</td>
    <td>${where}</td>
    <td>
      ${
        item.assignee.userId === me.userId
          ? t(lang, 'me')
          : unassigned
            ? t(lang, 'unassigned', { role: roleName(lang, item.assignee.role) })
            : t(lang, 'someone')
      }
      ${
        mayClaim
          ? html`<form class="api inline" data-api="/tasks/${item.taskId}/claim" aria-label="${t(lang, 'claim')}">
              <button type="submit" class="secondary">${t(lang, 'claim')}</button>
              <p class="form-error" hidden></p>
            </form>`
          : ''
      }
    </td>
  </tr>`;
}
