import { badge, buttonForm, pager, table } from '../components';
import { dateTime, relative } from '../format';
import { type Html, html } from '../html';
import { t } from '../i18n';
import type { PageContext } from '../page-context';

export interface PartnerAction {
  id: string;
  description: string;
  dueAt: Date | string;
  status: string;
  doneAt: Date | string | null;
}

export function partnerTitle(ctx: PageContext): string {
  return t(ctx.lang, 'nav.partner');
}

export function partnerBody(ctx: PageContext, page: { actions: PartnerAction[]; next?: string }, cursor: string | undefined): Html {
  const { lang } = ctx;
  const markDone = t(lang, 'partner.markDone');
  const overdue = (a: PartnerAction) => a.status === 'open' && new Date(a.dueAt).getTime() <= Date.now();
  return html`<p class="muted">${t(lang, 'partner.lead')}</p>
    ${table({
      id: 'partner-actions',
      caption: t(lang, 'partner.caption'),
      items: page.actions,
      empty: t(lang, 'partner.empty'),
      row: (a) => ({ 'data-action': a.id, 'data-status': a.status, class: overdue(a) ? 'overdue' : '' }),
      columns: [
        { head: t(lang, 'partner.action'), cell: (a) => a.description },
        { head: t(lang, 'common.due'), cell: (a) => due(lang, a) },
        { head: t(lang, 'common.status'), cell: (a) => status(lang, a, overdue(a)) },
        {
          head: html`<span class="muted small">${markDone}</span>`,
          cell: (a) =>
            a.status === 'open'
              ? buttonForm({
                  action: `/partner/actions/${a.id}/done`,
                  label: t(lang, 'partner.markDoneLabel', { description: a.description }),
                  submit: markDone,
                })
              : '',
        },
      ],
    })}
    ${pager(lang, { path: '/app/partner', current: cursor, next: page.next })}`;
}

function due(lang: PageContext['lang'], a: PartnerAction): Html {
  const at = new Date(a.dueAt);
  return html`<time datetime="${at.toISOString()}">${dateTime(lang, at)}</time>
    ${a.status === 'open' ? html`<span class="muted small">${relative(lang, at)}</span>` : ''}`;
}

function status(lang: PageContext['lang'], a: PartnerAction, overdue: boolean): Html {
  if (a.status === 'open') return overdue ? badge('overdue', t(lang, 'common.overdue')) : badge('soon', t(lang, 'common.open'));
  return html`${badge('ok', t(lang, 'common.done'))}
  ${a.doneAt ? html`<span class="muted small">${t(lang, 'partner.doneAt', { at: dateTime(lang, a.doneAt) })}</span>` : ''}`;
}
