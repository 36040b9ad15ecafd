import type { AuditPage } from '../../audit/audit.service';
import type { DeadLetterPageDto } from '../../admin/dto/dead-letter.dto';
import type { UserView } from '../../organisation/organisation.service';
import { date, dateTime } from '../format';
import { type Html, html } from '../html';
import { messages } from '../i18n';
import { roleName } from '../layout';
import type { PageContext } from '../page-context';
import type { AdminCasePage } from './admin-cases.service';

const t = messages({
  da: {
    policies: 'Politikker',
    policiesLead:
      'De versioner af sagspolitikken (alle frister, kadencer og eskaleringskæder), som systemet kender. En sag beholder den version, den startede på.',
    policiesCaption: 'Politikversioner og de kørende sager på hver',
    version: 'Version',
    description: 'Beskrivelse',
    forNewCases: 'Nye sager',
    newCases: 'Bruges til nye sager',
    retired: 'Ikke længere i systemet',
    running: 'Kørende sager',
    deadLetters: 'Fejlede opgaver',
    deadLettersLead:
      'Skrivninger til læsemodellen, der fejlede permanent og blev parkeret, så arbejdsgangene kunne fortsætte. Et nyt forsøg kører den samme kode igen.',
    deadLettersCaption: 'Fejlede opgaver, åbne først, ældste først',
    created: 'Oprettet',
    workflow: 'Arbejdsgang',
    activity: 'Aktivitet',
    error: 'Fejl',
    status: 'Status',
    attempts: 'Forsøg',
    'status.open': 'Åben',
    'status.resolved': 'Løst',
    allStatuses: 'Alle',
    show: 'Vis',
    filter: 'Filtrér',
    retry: 'Prøv igen',
    retryLabel: 'Prøv igen: {id}',
    resolvedAt: 'løst {at}',
    noDeadLetters: 'Ingen fejlede opgaver.',
    audit: 'Adgangslog',
    auditLead: 'Hvem har set eller ændret en sag, eller hvad en person har gjort. Kun id’er og begrundelser, aldrig sagens indhold.',
    caseId: 'Sags-id',
    userId: 'Person',
    anyone: 'Vælg person',
    auditFor: 'Slå op',
    auditCaption: 'Adgangslog, nyeste først',
    at: 'Tidspunkt',
    actor: 'Person',
    role: 'Rolle',
    action: 'Handling',
    case: 'Sag',
    outcome: 'Udfald',
    'outcome.allowed': 'Tilladt',
    'outcome.denied': 'Afvist',
    'outcome.failed': 'Fejlede',
    outOfScope: 'Uden for normal adgang',
    reason: 'Begrundelse',
    noAudit: 'Ingen registreringer.',
    chooseOne: 'Angiv et sags-id eller vælg en person.',
    notBoth: 'Angiv enten et sags-id eller en person, ikke begge.',
    badCaseId: 'Sags-id skal være et UUID.',
    cases: 'Sager i Temporal',
    casesLead: 'Sagernes id’er med et link til hver sags arbejdsgang i Temporal UI og til dens adgangslog. Ingen persondata.',
    casesCaption: 'Sager, nyeste først',
    phase: 'Fase',
    policy: 'Politik',
    team: 'Team',
    opened: 'Oprettet',
    closed: 'Lukket',
    links: 'Links',
    openWorkflow: 'Arbejdsgang',
    openWorkflowLabel: 'Arbejdsgang for sag {id} i Temporal UI',
    auditLink: 'Adgangslog',
    auditLinkLabel: 'Adgangslog for sag {id}',
    'state.all': 'Alle',
    'state.running': 'Kørende',
    'state.closed': 'Lukkede',
    find: 'Find',
    noCases: 'Ingen sager.',
    next: 'Næste side',
    first: 'Første side',
    pages: 'Sider',
  },
  en: {
    policies: 'Policies',
    policiesLead:
      'The versions of the case policy (every deadline, cadence and escalation chain) this system knows. A case keeps the version it started on.',
    policiesCaption: 'Policy versions and the running cases on each',
    version: 'Version',
    description: 'Description',
    forNewCases: 'New cases',
    newCases: 'Used for new cases',
    retired: 'No longer in the system',
    running: 'Running cases',
    deadLetters: 'Dead letters',
    deadLettersLead:
      'Read-model writes that failed for good and were parked so the workflows could go on. A retry runs the same code again.',
    deadLettersCaption: 'Dead letters, open first, oldest first',
    created: 'Created',
    workflow: 'Workflow',
    activity: 'Activity',
    error: 'Error',
    status: 'Status',
    attempts: 'Attempts',
    'status.open': 'Open',
    'status.resolved': 'Resolved',
    allStatuses: 'All',
    show: 'Show',
    filter: 'Filter',
    retry: 'Retry',
    retryLabel: 'Retry: {id}',
    resolvedAt: 'resolved {at}',
    noDeadLetters: 'No dead letters.',
    audit: 'Audit',
    auditLead: 'Who has looked at or changed a case, or what a person has done. Ids and reasons only, never case content.',
    caseId: 'Case id',
    userId: 'Person',
    anyone: 'Choose a person',
    auditFor: 'Look up',
    auditCaption: 'Audit records, newest first',
    at: 'When',
    actor: 'Person',
    role: 'Role',
    action: 'Action',
    case: 'Case',
    outcome: 'Outcome',
    'outcome.allowed': 'Allowed',
    'outcome.denied': 'Denied',
    'outcome.failed': 'Failed',
    outOfScope: 'Outside normal scope',
    reason: 'Reason',
    noAudit: 'No records.',
    chooseOne: 'Give a case id or choose a person.',
    notBoth: 'Give either a case id or a person, not both.',
    badCaseId: 'The case id must be a UUID.',
    cases: 'Cases in Temporal',
    casesLead: "The cases' ids with a link to each case's workflow in Temporal UI and to its audit. No personal data.",
    casesCaption: 'Cases, newest first',
    phase: 'Phase',
    policy: 'Policy',
    team: 'Team',
    opened: 'Opened',
    closed: 'Closed',
    links: 'Links',
    openWorkflow: 'Workflow',
    openWorkflowLabel: 'Workflow of case {id} in Temporal UI',
    auditLink: 'Audit',
    auditLinkLabel: 'Audit of case {id}',
    'state.all': 'All',
    'state.running': 'Running',
    'state.closed': 'Closed',
    find: 'Find',
    noCases: 'No cases.',
    next: 'Next page',
    first: 'First page',
    pages: 'Pages',
  },
});

const caption = (text: string) =>
  html`<caption class="muted small">
    ${text}
  </caption>`;

function pager(
  lang: PageContext['lang'],
  path: string,
  params: Record<string, string | undefined>,
  key: string,
  current?: string,
  next?: string,
): Html {
  const q = (cursor?: string) => {
    const s = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) s.set(k, v);
    if (cursor) s.set(key, cursor);
    const text = s.toString();
    return text ? `${path}?${text}` : path;
  };
  return html`<nav class="pager" aria-label="${t(lang, 'pages')}">
    ${current ? html`<a href="${q()}">${t(lang, 'first')}</a>` : ''} ${next ? html`<a href="${q(next)}">${t(lang, 'next')}</a>` : ''}
  </nav>`;
}

// Policies

export interface PolicyLine {
  version: string;
  description: string | null;
  forNewCases: boolean;
  openCases: number;
}

export const policiesTitle = (ctx: PageContext) => t(ctx.lang, 'policies');

export function policiesBody(ctx: PageContext, policies: PolicyLine[]): Html {
  const { lang } = ctx;
  return html`<p class="muted">${t(lang, 'policiesLead')}</p>
    <div class="table-wrap">
      <table id="policies">
        ${caption(t(lang, 'policiesCaption'))}
        <thead>
          <tr>
            <th scope="col">${t(lang, 'version')}</th>
            <th scope="col">${t(lang, 'description')}</th>
            <th scope="col">${t(lang, 'forNewCases')}</th>
            <th scope="col">${t(lang, 'running')}</th>
          </tr>
        </thead>
        <tbody>
          ${policies.map(
            (p) =>
              html`<tr data-policy="${p.version}">
                <td><code>${p.version}</code></td>
                <td>${p.description ?? html`<span class="muted">${t(lang, 'retired')}</span>`}</td>
                <td>${p.forNewCases ? html`<span class="badge ok">${t(lang, 'newCases')}</span>` : '–'}</td>
                <td data-running>${p.openCases}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

// Dead letters

export const deadLettersTitle = (ctx: PageContext) => t(ctx.lang, 'deadLetters');

export function deadLettersBody(ctx: PageContext, page: DeadLetterPageDto, f: { status?: string; after?: string }): Html {
  const { lang } = ctx;
  return html`<p class="muted">${t(lang, 'deadLettersLead')}</p>
    <form method="get" action="/app/admin/dead-letters" class="row card" aria-label="${t(lang, 'filter')}">
      <div class="field">
        <label for="dl-status">${t(lang, 'show')}</label>
        <select id="dl-status" name="status">
          <option value="">${t(lang, 'allStatuses')}</option>
          ${(['open', 'resolved'] as const).map(
            (s) => html`<option value="${s}" ${f.status === s ? html`selected` : ''}>${t(lang, `status.${s}`)}</option>`,
          )}
        </select>
      </div>
      <div><button type="submit" class="secondary">${t(lang, 'filter')}</button></div>
    </form>
    ${
      page.items.length === 0
        ? html`<p class="empty">${t(lang, 'noDeadLetters')}</p>`
        : html`<div class="table-wrap">
            <table id="dead-letters">
              ${caption(t(lang, 'deadLettersCaption'))}
              <thead>
                <tr>
                  <th scope="col">${t(lang, 'created')}</th>
                  <th scope="col">${t(lang, 'workflow')}</th>
                  <th scope="col">${t(lang, 'activity')}</th>
                  <th scope="col">${t(lang, 'error')}</th>
                  <th scope="col">${t(lang, 'attempts')}</th>
                  <th scope="col">${t(lang, 'status')}</th>
                </tr>
              </thead>
              <tbody>
                ${page.items.map(
                  (d) =>
                    html`<tr data-dead-letter="${d.id}" data-status="${d.status}">
                      <td><time datetime="${d.createdAt}">${dateTime(lang, d.createdAt)}</time></td>
                      <td><code>${d.workflowId}</code></td>
                      <td>${d.activity}</td>
                      <td><code>${d.errorCode}</code> <span class="small">${d.errorMessage}</span></td>
                      <td>${d.attempts}</td>
                      <td>
                        ${
                          d.status === 'open'
                            ? html`<span class="badge overdue">${t(lang, 'status.open')}</span>
                                <form
                                  class="api inline"
                                  data-api="/admin/dead-letters/${d.id}/retry"
                                  data-method="POST"
                                  data-then="reload"
                                  aria-label="${t(lang, 'retryLabel', { id: d.id })}"
                                >
                                  <button type="submit" class="secondary">${t(lang, 'retry')}</button>
                                  <p class="form-error" hidden></p>
                                </form>`
                            : html`<span class="badge ok">${t(lang, 'status.resolved')}</span>
                                <span class="muted small">${t(lang, 'resolvedAt', { at: dateTime(lang, d.resolvedAt) })}</span>`
                        }
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }
    ${pager(lang, '/app/admin/dead-letters', { status: f.status }, 'after', f.after, page.nextCursor)}`;
}

// Audit

export const auditTitle = (ctx: PageContext) => t(ctx.lang, 'audit');

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
  return html`<p class="muted">${t(lang, 'auditLead')}</p>
    <form method="get" action="/app/admin/audit" class="row card" aria-label="${t(lang, 'auditFor')}">
      <div class="field">
        <label for="audit-case">${t(lang, 'caseId')}</label>
        <input id="audit-case" name="caseId" type="text" value="${f.caseId ?? ''}" size="38" />
      </div>
      <div class="field">
        <label for="audit-user">${t(lang, 'userId')}</label>
        <select id="audit-user" name="userId">
          <option value="">${t(lang, 'anyone')}</option>
          ${users.map((u) => html`<option value="${u.id}" ${f.userId === u.id ? html`selected` : ''}>${u.displayName} (${u.username})</option>`)}
        </select>
      </div>
      <div><button type="submit" class="secondary">${t(lang, 'auditFor')}</button></div>
    </form>
    ${problem ? html`<p class="${problem === 'chooseOne' ? 'muted' : 'form-error'}" role="${problem === 'chooseOne' ? 'note' : 'alert'}">${t(lang, problem)}</p>` : ''}
    ${
      !page
        ? ''
        : page.items.length === 0
          ? html`<p class="empty">${t(lang, 'noAudit')}</p>`
          : html`<div class="table-wrap">
              <table id="audit">
                ${caption(t(lang, 'auditCaption'))}
                <thead>
                  <tr>
                    <th scope="col">${t(lang, 'at')}</th>
                    <th scope="col">${t(lang, 'actor')}</th>
                    <th scope="col">${t(lang, 'role')}</th>
                    <th scope="col">${t(lang, 'action')}</th>
                    <th scope="col">${t(lang, 'case')}</th>
                    <th scope="col">${t(lang, 'outcome')}</th>
                    <th scope="col">${t(lang, 'reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${page.items.map(
                    (r) =>
                      html`<tr data-audit="${r.id}">
                        <td><time datetime="${r.at}">${dateTime(lang, r.at)}</time></td>
                        <td><a href="/app/admin/audit?userId=${r.actorId}">${nameOf(r.actorId)}</a></td>
                        <td>${roleName(lang, r.actorRole)}</td>
                        <td><code>${r.action}</code>${r.command ? html` <code>${r.command}</code>` : ''}</td>
                        <td>${r.caseId ? html`<a href="/app/admin/audit?caseId=${r.caseId}"><code>${r.caseId}</code></a>` : '–'}</td>
                        <td>
                          ${['allowed', 'denied', 'failed'].includes(r.outcome) ? t(lang, `outcome.${r.outcome}`) : r.outcome}
                          ${r.outOfScope ? html` <span class="badge escalated">${t(lang, 'outOfScope')}</span>` : ''}
                        </td>
                        <td>${r.reason ?? '–'}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
    }
    ${page ? pager(lang, '/app/admin/audit', { caseId: f.caseId, userId: f.userId }, 'after', f.after, page.nextAfter) : ''}`;
}

// Cases in Temporal

export const casesTitle = (ctx: PageContext) => t(ctx.lang, 'cases');

export function casesBody(
  ctx: PageContext,
  page: AdminCasePage,
  f: { caseId?: string; state?: string; cursor?: string },
  workflowUrl: (caseId: string) => string,
): Html {
  const { lang } = ctx;
  return html`<p class="muted">${t(lang, 'casesLead')}</p>
    <form method="get" action="/app/admin/cases" class="row card" aria-label="${t(lang, 'find')}">
      <div class="field">
        <label for="cases-id">${t(lang, 'caseId')}</label>
        <input id="cases-id" name="caseId" type="text" value="${f.caseId ?? ''}" size="38" />
      </div>
      <div class="field">
        <label for="cases-state">${t(lang, 'show')}</label>
        <select id="cases-state" name="state">
          ${(['all', 'running', 'closed'] as const).map(
            (s) =>
              html`<option value="${s === 'all' ? '' : s}" ${(f.state ?? '') === (s === 'all' ? '' : s) ? html`selected` : ''}>
                ${t(lang, `state.${s}`)}
              </option>`,
          )}
        </select>
      </div>
      <div><button type="submit" class="secondary">${t(lang, 'find')}</button></div>
    </form>
    ${
      page.items.length === 0
        ? html`<p class="empty">${t(lang, 'noCases')}</p>`
        : html`<div class="table-wrap">
            <table id="cases">
              ${caption(t(lang, 'casesCaption'))}
              <thead>
                <tr>
                  <th scope="col">${t(lang, 'caseId')}</th>
                  <th scope="col">${t(lang, 'phase')}</th>
                  <th scope="col">${t(lang, 'policy')}</th>
                  <th scope="col">${t(lang, 'team')}</th>
                  <th scope="col">${t(lang, 'opened')}</th>
                  <th scope="col">${t(lang, 'closed')}</th>
                  <th scope="col">${t(lang, 'links')}</th>
                </tr>
              </thead>
              <tbody>
                ${page.items.map(
                  (c) =>
                    html`<tr data-case="${c.id}">
                      <td><code>${c.id}</code></td>
                      <td>${c.phase}</td>
                      <td><code>${c.policyVersion}</code></td>
                      <td>${c.teamId ?? '–'}</td>
                      <td>${date(lang, c.openedAt)}</td>
                      <td>${date(lang, c.closedAt)}</td>
                      <td>
                        <a href="${workflowUrl(c.id)}" data-workflow-link aria-label="${t(lang, 'openWorkflowLabel', { id: c.id })}"
                          >${t(lang, 'openWorkflow')}</a
                        >
                        ·
                        <a href="/app/admin/audit?caseId=${c.id}" aria-label="${t(lang, 'auditLinkLabel', { id: c.id })}"
                          >${t(lang, 'auditLink')}</a
                        >
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }
    ${pager(lang, '/app/admin/cases', { caseId: f.caseId, state: f.state }, 'cursor', f.cursor, page.next)}`;
}
