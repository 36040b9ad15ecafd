import { caseLink, filterForm, marks, pager, select, table } from '../components';
import { date, dateTime } from '../format';
import { html, type Html } from '../html';
import { t } from '../i18n';
import type { PageContext } from '../page-context';
import { PHASE_KEYS, phaseName } from './phases';

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
  return t(ctx.lang, 'nav.cases');
}

export function caseListBody(
  ctx: PageContext,
  page: { items: CaseListItem[]; next?: string },
  f: CaseListFilters,
  names: { users: Map<string, string>; teams: Map<string, string> },
): Html {
  const { lang } = ctx;
  const filter = (name: 'phase' | 'overdue' | 'closed', label: string, options: { value: string; label: string }[]) =>
    select({ id: `cases-${name}`, name, label, options, value: f[name] ?? '', error: false });
  return html`${filterForm(
    lang,
    { action: '/app/cases' },
    html`${filter('phase', t(lang, 'common.phase'), [
      { value: '', label: t(lang, 'caseList.allPhases') },
      ...PHASE_KEYS.map((p) => ({ value: p, label: phaseName(lang, p) })),
    ])}
    ${filter('overdue', t(lang, 'caseList.overdue'), [
      { value: '', label: t(lang, 'common.all') },
      { value: 'true', label: t(lang, 'common.overdue') },
      { value: 'false', label: t(lang, 'caseList.notOverdue') },
    ])}
    ${filter('closed', t(lang, 'common.status'), [
      { value: '', label: t(lang, 'caseList.allCases') },
      { value: 'false', label: t(lang, 'common.openCases') },
      { value: 'true', label: t(lang, 'caseList.closedCases') },
    ])}`,
  )}
  ${table({
    id: 'case-list',
    caption: t(lang, 'caseList.caption'),
    items: page.items,
    empty: t(lang, 'caseList.empty'),
    row: (c) => ({ class: c.overdue && !c.closedAt ? 'overdue' : '', 'data-case': c.caseId }),
    columns: [
      { head: t(lang, 'common.case'), cell: (c) => caseLink(lang, c.caseId) },
      { head: t(lang, 'common.phase'), cell: (c) => phaseName(lang, c.phase) },
      {
        head: t(lang, 'common.coordinator'),
        cell: (c) => (c.coordinatorId ? (names.users.get(c.coordinatorId) ?? '–') : t(lang, 'common.unassigned')),
      },
      { head: t(lang, 'common.team'), cell: (c) => (c.teamId ? (names.teams.get(c.teamId) ?? c.teamId) : '–') },
      {
        head: t(lang, 'common.nextDeadline'),
        cell: (c) =>
          c.nextDeadline ? html`<time datetime="${c.nextDeadline}">${dateTime(lang, c.nextDeadline)}</time>` : t(lang, 'common.none'),
      },
      {
        head: t(lang, 'caseList.marks'),
        cell: (c) =>
          c.nextDeadline && !c.closedAt
            ? marks(lang, { dueAt: c.nextDeadline, overdue: c.overdue, escalationLevel: c.escalationLevel })
            : '',
      },
      { head: t(lang, 'common.opened'), cell: (c) => date(lang, c.openedAt) },
    ],
  })}
  ${pager(lang, { path: '/app/cases', params: { phase: f.phase, overdue: f.overdue, closed: f.closed }, current: f.cursor, next: page.next })}`;
}
