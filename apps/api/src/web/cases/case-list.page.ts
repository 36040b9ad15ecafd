import { dateTime, date } from '../format';
import { html, type Html } from '../html';
import { messages } from '../i18n';
import type { PageContext } from '../page-context';
import { marks, shortId } from '../tasks';
import { PHASE_KEYS, phaseName } from './phases';

const t = messages({
  da: {
    title: 'Sager',
    filter: 'Filtrér',
    phase: 'Fase',
    allPhases: 'Alle faser',
    overdue: 'Frist',
    'overdue.any': 'Alle',
    'overdue.true': 'Overskredet',
    'overdue.false': 'Ikke overskredet',
    closed: 'Status',
    'closed.any': 'Alle sager',
    'closed.false': 'Åbne sager',
    'closed.true': 'Afsluttede sager',
    case: 'Sag',
    coordinator: 'Rådgiver',
    team: 'Team',
    nextDeadline: 'Næste frist',
    marks: 'Markering',
    opened: 'Oprettet',
    none: 'Ingen',
    unassigned: 'Ikke tildelt',
    caseLink: 'Sag {id}',
    empty: 'Ingen sager passer til filtret.',
    next: 'Næste side',
    first: 'Første side',
    pages: 'Sider',
    caption: 'Sager jeg har adgang til, sorteret efter næste frist',
  },
  en: {
    title: 'Cases',
    filter: 'Filter',
    phase: 'Phase',
    allPhases: 'All phases',
    overdue: 'Deadline',
    'overdue.any': 'All',
    'overdue.true': 'Overdue',
    'overdue.false': 'Not overdue',
    closed: 'Status',
    'closed.any': 'All cases',
    'closed.false': 'Open cases',
    'closed.true': 'Closed cases',
    case: 'Case',
    coordinator: 'Coordinator (rådgiver)',
    team: 'Team',
    nextDeadline: 'Next deadline',
    marks: 'Marks',
    opened: 'Opened',
    none: 'None',
    unassigned: 'Unassigned',
    caseLink: 'Case {id}',
    empty: 'No cases match the filter.',
    next: 'Next page',
    first: 'First page',
    pages: 'Pages',
    caption: 'Cases I can reach, by next deadline',
  },
});

export interface CaseListFilters {
  phase?: string;
  overdue?: string;
  closed?: string;
  cursor?: string;
}

export interface CaseListItem {
  caseId: string;
  phase: string;
  openedAt: string;
  closedAt: string | null;
  coordinatorId: string | null;
  teamId: string | null;
  nextDeadline: string | null;
  escalationLevel: number;
  overdue: boolean;
}

export function caseListTitle(ctx: PageContext): string {
  return t(ctx.lang, 'title');
}

function query(f: CaseListFilters, cursor?: string): string {
  const q = new URLSearchParams();
  if (f.phase) q.set('phase', f.phase);
  if (f.overdue) q.set('overdue', f.overdue);
  if (f.closed) q.set('closed', f.closed);
  if (cursor) q.set('cursor', cursor);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function caseListBody(
  ctx: PageContext,
  page: { items: CaseListItem[]; next?: string },
  f: CaseListFilters,
  names: { users: Map<string, string>; teams: Map<string, string> },
): Html {
  const { lang } = ctx;
  const choice = (id: string, name: string, label: string, options: { value: string; label: string }[], current?: string) =>
    html`<div class="field">
      <label for="${id}">${label}</label>
      <select id="${id}" name="${name}">
        ${options.map((o) => html`<option value="${o.value}" ${(current ?? '') === o.value ? html`selected` : ''}>${o.label}</option>`)}
      </select>
    </div>`;
  return html`<form method="get" action="/app/cases" class="row card" aria-label="${t(lang, 'filter')}">
      ${choice(
        'cases-phase',
        'phase',
        t(lang, 'phase'),
        [{ value: '', label: t(lang, 'allPhases') }, ...PHASE_KEYS.map((p) => ({ value: p, label: phaseName(lang, p) }))],
        f.phase,
      )}
      ${choice(
        'cases-overdue',
        'overdue',
        t(lang, 'overdue'),
        (['', 'true', 'false'] as const).map((v) => ({ value: v, label: t(lang, `overdue.${v || 'any'}` as 'overdue.any') })),
        f.overdue,
      )}
      ${choice(
        'cases-closed',
        'closed',
        t(lang, 'closed'),
        (['', 'false', 'true'] as const).map((v) => ({ value: v, label: t(lang, `closed.${v || 'any'}` as 'closed.any') })),
        f.closed,
      )}
      <div><button type="submit" class="secondary">${t(lang, 'filter')}</button></div>
    </form>
    ${
      page.items.length === 0
        ? html`<p class="empty">${t(lang, 'empty')}</p>`
        : html`<div class="table-wrap">
            <table id="case-list">
              <caption class="muted small">
                ${t(lang, 'caption')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t(lang, 'case')}</th>
                  <th scope="col">${t(lang, 'phase')}</th>
                  <th scope="col">${t(lang, 'coordinator')}</th>
                  <th scope="col">${t(lang, 'team')}</th>
                  <th scope="col">${t(lang, 'nextDeadline')}</th>
                  <th scope="col">${t(lang, 'marks')}</th>
                  <th scope="col">${t(lang, 'opened')}</th>
                </tr>
              </thead>
              <tbody>
                ${page.items.map(
                  (c) =>
                    html`<tr class="${c.overdue && !c.closedAt ? 'overdue' : ''}" data-case="${c.caseId}">
                      <td><a href="/app/cases/${c.caseId}">${t(lang, 'caseLink', { id: shortId(c.caseId) })}</a></td>
                      <td>${phaseName(lang, c.phase)}</td>
                      <td>${c.coordinatorId ? (names.users.get(c.coordinatorId) ?? '–') : t(lang, 'unassigned')}</td>
                      <td>${c.teamId ? (names.teams.get(c.teamId) ?? c.teamId) : '–'}</td>
                      <td>
                        ${c.nextDeadline ? html`<time datetime="${c.nextDeadline}">${dateTime(lang, c.nextDeadline)}</time>` : t(lang, 'none')}
                      </td>
                      <td>
                        ${
                          c.nextDeadline && !c.closedAt
                            ? marks(lang, { dueAt: c.nextDeadline, overdue: c.overdue, escalationLevel: c.escalationLevel })
                            : ''
                        }
                      </td>
                      <td>${date(lang, c.openedAt)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }
    <nav class="pager" aria-label="${t(lang, 'pages')}">
      ${f.cursor ? html`<a href="/app/cases${query(f)}">${t(lang, 'first')}</a>` : ''}
      ${page.next ? html`<a href="/app/cases${query(f, page.next)}" rel="next">${t(lang, 'next')}</a>` : ''}
    </nav>`;
}
