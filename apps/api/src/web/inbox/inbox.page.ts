import { TASK_KINDS } from '../../../../../libs/notifications/task-kinds';
import type { TaskItem, TaskPage } from '../../work-lists/work-lists.service';
import {
  buttonForm,
  counts,
  filterForm,
  hidden,
  liveRegion,
  pageHref,
  pager,
  select,
  shortId,
  taskKindName,
  taskTable,
  whereColumn,
} from '../components';
import { count } from '../format';
import { html, type Html } from '../html';
import { t } from '../i18n';
import { roleName } from '../layout';
import type { PageContext } from '../page-context';

export const INBOX_REFRESH_SECONDS = 15;

export interface InboxFilters {
  kind?: string;
  state?: string;
  cursor?: string;
  /** Only one case's tasks (the link from a case page). */
  caseId?: string;
}

export function inboxTitle(ctx: PageContext): string {
  return t(ctx.lang, 'nav.inbox');
}

const STATES = { open: 'inbox.allOpen', overdue: 'common.overdueCount', escalated: 'common.escalatedCount' } as const;

/** The page's body: filters, then the live region (counts and the list) that htmx refreshes. */
export function inboxBody(ctx: PageContext, page: TaskPage, f: InboxFilters): Html {
  const { lang } = ctx;
  return html`${filterForm(
      lang,
      { action: '/app/inbox' },
      html`${select({
        id: 'inbox-kind',
        name: 'kind',
        label: t(lang, 'inbox.kind'),
        placeholder: t(lang, 'inbox.allKinds'),
        options: Object.keys(TASK_KINDS).map((k) => ({ value: k, label: taskKindName(lang, k) })),
        value: f.kind,
        error: false,
      })}
      ${select({
        id: 'inbox-state',
        name: 'state',
        label: t(lang, 'common.show'),
        options: Object.entries(STATES).map(([value, key]) => ({ value, label: t(lang, key) })),
        value: f.state ?? 'open',
        error: false,
      })}
      ${f.caseId ? hidden('caseId', f.caseId) : ''}`,
    )}
    ${f.caseId ? html`<p>${t(lang, 'inbox.onlyCase', { id: shortId(f.caseId) })} <a href="/app/inbox">${t(lang, 'inbox.allCases')}</a></p>` : ''}
    <p class="muted small">${t(lang, 'inbox.live')}</p>
    ${inboxRegion(ctx, page, f)}`;
}

/** The filters as query parameters (the list's default state left out). */
const filters = (f: InboxFilters) => ({ kind: f.kind, state: f.state !== 'open' ? f.state : undefined, caseId: f.caseId });

/** Counts and list: refreshed every few seconds by htmx, so a deadline passing shows without a reload. */
export function inboxRegion(ctx: PageContext, page: TaskPage, f: InboxFilters): Html {
  const { lang } = ctx;
  const c = page.counts;
  const shown = (k: keyof Omit<typeof c, 'capped'>) => count(lang, c[k], c.capped.includes(k));
  return liveRegion(
    { id: 'inbox-region', url: pageHref('/app/inbox', { ...filters(f), cursor: f.cursor }), seconds: INBOX_REFRESH_SECONDS },
    html`${counts([
      { key: 'total', value: shown('total'), label: t(lang, 'inbox.total') },
      { key: 'overdue', value: shown('overdue'), label: t(lang, 'common.overdueCount'), tone: 'overdue' },
      { key: 'escalated', value: shown('escalated'), label: t(lang, 'common.escalatedCount'), tone: 'escalated' },
      { key: 'dueToday', value: shown('dueToday'), label: t(lang, 'inbox.dueToday') },
    ])}
    ${taskTable(lang, {
      caption: t(lang, 'inbox.caption'),
      items: page.items,
      empty: t(lang, 'inbox.empty'),
      where: whereColumn(lang),
      assignee: (item) => assignee(ctx, item),
    })}
    ${pager(lang, { path: '/app/inbox', params: filters(f), current: f.cursor, next: page.next })}`,
  );
}

/** Who has the task; an unassigned coordinator's task can be taken from here. */
function assignee(ctx: PageContext, item: TaskItem): Html {
  const { lang, me } = ctx;
  const unassigned = item.assignee.userId === null;
  const mayClaim = unassigned && item.assignee.role === 'coordinator' && me.roles.includes('coordinator');
  return html`${
    item.assignee.userId === me.userId
      ? t(lang, 'common.me')
      : unassigned
        ? t(lang, 'common.unassignedRole', { role: roleName(lang, item.assignee.role) })
        : t(lang, 'common.colleague')
  }
  ${mayClaim ? buttonForm({ action: `/tasks/${item.taskId}/claim`, label: t(lang, 'inbox.claim'), submit: t(lang, 'inbox.claim') }) : ''}`;
}
