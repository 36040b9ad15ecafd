import type { AuditPage } from '../../audit/audit.service';
import type { DeadLetterPageDto } from '../../admin/dto/dead-letter.dto';
import type { UserView } from '../../organisation/organisation.service';
import { badge, buttonForm, filterForm, pager, select, table, textInput } from '../components';
import { date, dateTime } from '../format';
import { type Html, html } from '../html';
import { type Key, type Lang, t } from '../i18n';
import { roleName } from '../layout';
import type { PageContext } from '../page-context';
import type { AdminCasePage } from './admin-cases.service';

// Policies

export interface PolicyLine {
  version: string;
  description: string | null;
  forNewCases: boolean;
  openCases: number;
}

export const policiesTitle = (ctx: PageContext) => t(ctx.lang, 'nav.policies');

export function policiesBody(ctx: PageContext, policies: PolicyLine[]): Html {
  const { lang } = ctx;
  return html`<p class="muted">${t(lang, 'admin.policiesLead')}</p>
    ${table({
      id: 'policies',
      caption: t(lang, 'admin.policiesCaption'),
      items: policies,
      row: (p) => ({ 'data-policy': p.version }),
      columns: [
        { head: t(lang, 'admin.version'), cell: (p) => html`<code>${p.version}</code>` },
        { head: t(lang, 'common.description'), cell: (p) => p.description ?? html`<span class="muted">${t(lang, 'admin.retired')}</span>` },
        { head: t(lang, 'admin.forNewCases'), cell: (p) => (p.forNewCases ? badge('ok', t(lang, 'admin.newCases')) : '–') },
        { head: t(lang, 'admin.running'), cell: (p) => p.openCases, attrs: () => ({ 'data-running': true }) },
      ],
    })}`;
}

// Dead letters

export const deadLettersTitle = (ctx: PageContext) => t(ctx.lang, 'nav.deadLetters');

export function deadLettersBody(ctx: PageContext, page: DeadLetterPageDto, f: { status?: string; after?: string }): Html {
  const { lang } = ctx;
  return html`<p class="muted">${t(lang, 'admin.deadLettersLead')}</p>
    ${filterForm(
      lang,
      { action: '/app/admin/dead-letters' },
      select({
        id: 'dl-status',
        name: 'status',
        label: t(lang, 'common.show'),
        placeholder: t(lang, 'common.all'),
        options: [
          { value: 'open', label: t(lang, 'common.open') },
          { value: 'resolved', label: t(lang, 'admin.resolved') },
        ],
        value: f.status,
        error: false,
      }),
    )}
    ${table({
      id: 'dead-letters',
      caption: t(lang, 'admin.deadLettersCaption'),
      items: page.items,
      empty: t(lang, 'admin.noDeadLetters'),
      row: (d) => ({ 'data-dead-letter': d.id, 'data-status': d.status }),
      columns: [
        { head: t(lang, 'admin.created'), cell: (d) => html`<time datetime="${d.createdAt}">${dateTime(lang, d.createdAt)}</time>` },
        { head: t(lang, 'admin.workflow'), cell: (d) => html`<code>${d.workflowId}</code>` },
        { head: t(lang, 'admin.activity'), cell: (d) => d.activity },
        { head: t(lang, 'admin.error'), cell: (d) => html`<code>${d.errorCode}</code> <span class="small">${d.errorMessage}</span>` },
        { head: t(lang, 'admin.attempts'), cell: (d) => d.attempts },
        {
          head: t(lang, 'common.status'),
          cell: (d) =>
            d.status === 'open'
              ? html`${badge('overdue', t(lang, 'common.open'))}
                ${buttonForm({
                  action: `/admin/dead-letters/${d.id}/retry`,
                  label: t(lang, 'admin.retryLabel', { id: d.id }),
                  submit: t(lang, 'admin.retry'),
                })}`
              : html`${badge('ok', t(lang, 'admin.resolved'))}
                  <span class="muted small">${t(lang, 'admin.resolvedAt', { at: dateTime(lang, d.resolvedAt) })}</span>`,
        },
      ],
    })}
    ${pager(lang, { path: '/app/admin/dead-letters', params: { status: f.status }, key: 'after', current: f.after, next: page.nextCursor })}`;
}

// Audit

export const auditTitle = (ctx: PageContext) => t(ctx.lang, 'nav.audit');

export type AuditQueryProblem = 'chooseOne' | 'notBoth' | 'badCaseId';

export function auditBody(
  ctx: PageContext,
  users: UserView[],
  f: { caseId?: string; userId?: string; after?: string },
  page: AuditPage | null,
  problem: AuditQueryProblem | null,
): Html {
  const { lang } = ctx;
  const nameOf = (id: string) => users.find((u) => u.id === id)?.displayName ?? id;
  const outcomes: Record<string, Key> = { allowed: 'admin.allowed', denied: 'admin.denied', failed: 'admin.failed' };
  return html`<p class="muted">${t(lang, 'admin.auditLead')}</p>
    ${caseIdFilter(
      lang,
      { action: '/app/admin/audit', label: t(lang, 'admin.auditFor'), id: 'audit-case', caseId: f.caseId },
      select({
        id: 'audit-user',
        name: 'userId',
        label: t(lang, 'admin.person'),
        placeholder: t(lang, 'admin.anyone'),
        options: users.map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` })),
        value: f.userId,
        error: false,
      }),
    )}
    ${problem ? html`<p class="${problem === 'chooseOne' ? 'muted' : 'form-error'}" role="${problem === 'chooseOne' ? 'note' : 'alert'}">${t(lang, `admin.${problem}`)}</p>` : ''}
    ${
      page
        ? html`${table({
            id: 'audit',
            caption: t(lang, 'admin.auditCaption'),
            items: page.items,
            empty: t(lang, 'admin.noAudit'),
            row: (r) => ({ 'data-audit': r.id }),
            columns: [
              { head: t(lang, 'common.when'), cell: (r) => html`<time datetime="${r.at}">${dateTime(lang, r.at)}</time>` },
              { head: t(lang, 'admin.person'), cell: (r) => html`<a href="/app/admin/audit?userId=${r.actorId}">${nameOf(r.actorId)}</a>` },
              { head: t(lang, 'admin.role'), cell: (r) => roleName(lang, r.actorRole) },
              {
                head: t(lang, 'common.action'),
                cell: (r) => html`<code>${r.action}</code>${r.command ? html` <code>${r.command}</code>` : ''}`,
              },
              {
                head: t(lang, 'common.case'),
                cell: (r) => (r.caseId ? html`<a href="/app/admin/audit?caseId=${r.caseId}"><code>${r.caseId}</code></a>` : '–'),
              },
              {
                head: t(lang, 'admin.outcome'),
                cell: (r) =>
                  html`${Object.hasOwn(outcomes, r.outcome) ? t(lang, outcomes[r.outcome]) : r.outcome}
                  ${r.outOfScope ? html` ${badge('escalated', t(lang, 'admin.outOfScope'))}` : ''}`,
              },
              { head: t(lang, 'common.reason'), cell: (r) => r.reason ?? '–' },
            ],
          })}
          ${pager(lang, { path: '/app/admin/audit', params: { caseId: f.caseId, userId: f.userId }, key: 'after', current: f.after, next: page.nextAfter })}`
        : ''
    }`;
}

/** A look-up by a case id (typed or pasted, a UUID) and one more choice. */
function caseIdFilter(lang: Lang, o: { action: string; label: string; id: string; caseId?: string }, choice: Html): Html {
  const caseId = textInput({ id: o.id, name: 'caseId', label: t(lang, 'admin.caseId'), value: o.caseId ?? '', size: 38, error: false });
  return filterForm(lang, { action: o.action, label: o.label }, html`${caseId} ${choice}`);
}

// Cases in Temporal

export const casesTitle = (ctx: PageContext) => t(ctx.lang, 'nav.workflows');

export function casesBody(
  ctx: PageContext,
  page: AdminCasePage,
  f: { caseId?: string; state?: string; cursor?: string },
  workflowUrl: (caseId: string) => string,
): Html {
  const { lang } = ctx;
  return html`<p class="muted">${t(lang, 'admin.casesLead')}</p>
    ${caseIdFilter(
      lang,
      { action: '/app/admin/cases', label: t(lang, 'admin.find'), id: 'cases-id', caseId: f.caseId },
      select({
        id: 'cases-state',
        name: 'state',
        label: t(lang, 'common.show'),
        options: [
          { value: '', label: t(lang, 'common.all') },
          { value: 'running', label: t(lang, 'admin.stateRunning') },
          { value: 'closed', label: t(lang, 'admin.stateClosed') },
        ],
        value: f.state ?? '',
        error: false,
      }),
    )}
    ${table({
      id: 'cases',
      caption: t(lang, 'admin.casesCaption'),
      items: page.items,
      empty: t(lang, 'admin.noCases'),
      row: (c) => ({ 'data-case': c.id }),
      columns: [
        { head: t(lang, 'admin.caseId'), cell: (c) => html`<code>${c.id}</code>` },
        { head: t(lang, 'common.phase'), cell: (c) => c.phase },
        { head: t(lang, 'admin.policy'), cell: (c) => html`<code>${c.policyVersion}</code>` },
        { head: t(lang, 'common.team'), cell: (c) => c.teamId ?? '–' },
        { head: t(lang, 'common.opened'), cell: (c) => date(lang, c.openedAt) },
        { head: t(lang, 'admin.closed'), cell: (c) => date(lang, c.closedAt) },
        {
          head: t(lang, 'admin.links'),
          cell: (c) =>
            html`<a href="${workflowUrl(c.id)}" data-workflow-link aria-label="${t(lang, 'admin.openWorkflowLabel', { id: c.id })}"
                >${t(lang, 'admin.workflow')}</a
              >
              ·
              <a href="/app/admin/audit?caseId=${c.id}" aria-label="${t(lang, 'admin.auditLinkLabel', { id: c.id })}"
                >${t(lang, 'nav.audit')}</a
              >`,
        },
      ],
    })}
    ${pager(lang, { path: '/app/admin/cases', params: { caseId: f.caseId, state: f.state }, current: f.cursor, next: page.next })}`;
}
