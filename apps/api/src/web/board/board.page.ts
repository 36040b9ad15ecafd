import type { TaskItem, TaskPage, WorkListsService } from '../../work-lists/work-lists.service';
import { dateTime } from '../format';
import { apiForm, hidden, select, textArea } from '../forms';
import { type Html, html } from '../html';
import { type Lang, messages } from '../i18n';
import { roleName } from '../layout';
import type { PageContext } from '../page-context';
import { dueCell, legalBasis, marks, shortId, taskKindCell, taskKindName as kindName, taskRowClass } from '../tasks';
import type { ApprovalDetail, HandoverProgress, Person, TeamChoice } from './board.service';

const t = messages({
  da: {
    title: 'Tavle – {team}',
    chooseTitle: 'Tavle',
    chooseText: 'Vælg det team, hvis tavle du vil se.',
    noTeams: 'Du leder ikke noget team.',
    live: 'Tavlen opdateres af sig selv, når en frist passerer. Den holder pause, mens du skriver i en formular.',
    overdueCount: 'Overskredne',
    approvalCount: 'Til godkendelse',
    urgencyCount: 'Venter på vurdering',
    escalatedCount: 'Eskalerede',
    overdue: 'Overskredne frister',
    overdueCaption: 'Teamets overskredne opgaver, ældste frist først',
    escalations: 'Eskaleringer',
    level: 'Niveau {level}',
    levelCaption: 'Opgaver eskaleret til niveau {level}',
    approvals: 'Godkendelser',
    urgency: 'Underretninger, der venter på vurdering inden for 24 timer',
    urgencyCaption: 'Underretninger uden vurdering, efter frist',
    remaining: 'Tilbage',
    hours: '{n} t',
    hoursOver: '{n} t over fristen',
    caseload: 'Sagstal',
    caseloadCaption: 'Åbne sager pr. rådgiver mod målet',
    coordinator: 'Rådgiver',
    openCases: 'Åbne sager',
    target: 'Mål',
    overTarget: 'Over målet',
    ofTarget: '{n} af {target}',
    openTasks: 'Teamets åbne opgaver',
    openTasksCaption: 'Åbne opgaver i teamet, efter frist, med mulighed for at flytte dem',
    onlyCase: 'Kun opgaverne i sag {id}.',
    allTasks: 'Vis alle teamets opgaver',
    task: 'Opgave',
    due: 'Frist',
    status: 'Status',
    where: 'Sag',
    assignee: 'Tildelt',
    unassigned: 'Ikke tildelt ({role})',
    colleague: 'Kollega',
    caseLink: 'Sag {id}',
    familyLink: 'Familie {id}',
    more: 'og {n} mere',
    none: 'Ingen.',
    reason: 'Begrundelse',
    approve: 'Godkend',
    refuse: 'Afvis',
    decideTitle: 'Godkend eller afvis: {what}',
    decision: 'Afgørelse',
    'decision.plan': 'Barnets plan',
    'decision.measure': 'Afgørelse om foranstaltning',
    clockChangeTitle: 'Ændring af frist',
    proposedBy: 'Foreslået af {name}, {at}',
    aTask: 'En opgave',
    clockChange: 'Fristen ønskes {change} til {until}',
    'change.pause': 'sat i bero',
    'change.extend': 'forlænget',
    clockUnknown: 'Anmodningen kan ikke hentes lige nu; åbn sagen.',
    reassign: 'Flyt opgaven',
    reassignTo: 'Ny rådgiver',
    reassignReason: 'Begrundelse for at flytte',
    choose: 'Vælg',
    handover: 'Overdragelse af sager',
    handoverText:
      'Flyt alle en rådgivers familier og sager med deres åbne opgaver til en anden rådgiver i teamet, fx ved sygdom eller fratræden.',
    from: 'Fra rådgiver',
    to: 'Til rådgiver',
    reasonKind: 'Årsag',
    'kind.sick-leave': 'Sygdom',
    'kind.leaving': 'Fratræden',
    'kind.caseload': 'Sagstal',
    'kind.other': 'Andet',
    startHandover: 'Start overdragelsen',
    progress: 'Overdragelsens forløb',
    'progress.running': 'Overdragelsen er i gang …',
    'progress.completed': 'Overdragelsen er gennemført: {families} familier og {cases} sager flyttet.',
    'progress.missing': 'Overdragelsen findes ikke.',
    'progress.other': 'Overdragelsen endte med status: {status}',
    refused: 'Sager, der ikke kunne flyttes',
  },
  en: {
    title: 'Board – {team}',
    chooseTitle: 'Board',
    chooseText: 'Choose the team whose board you want to see.',
    noTeams: 'You lead no team.',
    live: 'The board updates itself when a deadline passes. It pauses while you type in a form.',
    overdueCount: 'Overdue',
    approvalCount: 'To approve',
    urgencyCount: 'Awaiting assessment',
    escalatedCount: 'Escalated',
    overdue: 'Overdue deadlines',
    overdueCaption: "The team's overdue tasks, oldest deadline first",
    escalations: 'Escalations',
    level: 'Level {level}',
    levelCaption: 'Tasks escalated to level {level}',
    approvals: 'Approvals',
    urgency: 'Reports awaiting the urgency assessment (vurdering inden for 24 timer)',
    urgencyCaption: 'Reports without an assessment, by deadline',
    remaining: 'Remaining',
    hours: '{n} h',
    hoursOver: '{n} h past the deadline',
    caseload: 'Caseload (sagstal)',
    caseloadCaption: 'Open cases per coordinator against the target',
    coordinator: 'Coordinator',
    openCases: 'Open cases',
    target: 'Target',
    overTarget: 'Over target',
    ofTarget: '{n} of {target}',
    openTasks: "The team's open tasks",
    openTasksCaption: 'Open tasks of the team, by deadline, to reassign',
    onlyCase: 'Only the tasks of case {id}.',
    allTasks: "Show all the team's tasks",
    task: 'Task',
    due: 'Due',
    status: 'Status',
    where: 'Case',
    assignee: 'Assigned to',
    unassigned: 'Unassigned ({role})',
    colleague: 'Colleague',
    caseLink: 'Case {id}',
    familyLink: 'Family {id}',
    more: 'and {n} more',
    none: 'None.',
    reason: 'Reason',
    approve: 'Approve',
    refuse: 'Refuse',
    decideTitle: 'Approve or refuse: {what}',
    decision: 'Decision',
    'decision.plan': "The child's plan (barnets plan)",
    'decision.measure': 'Decision on a measure (foranstaltning)',
    clockChangeTitle: 'Change of a deadline',
    proposedBy: 'Proposed by {name}, {at}',
    aTask: 'A task',
    clockChange: 'The deadline is asked to be {change} until {until}',
    'change.pause': 'paused',
    'change.extend': 'extended',
    clockUnknown: 'The request cannot be read right now; open the case.',
    reassign: 'Reassign the task',
    reassignTo: 'New coordinator',
    reassignReason: 'Reason for reassigning',
    choose: 'Choose',
    handover: 'Handover (overdragelse)',
    handoverText:
      "Move all of a coordinator's families and cases with their open tasks to another coordinator of the team, e.g. on sick leave or when they leave.",
    from: 'From coordinator',
    to: 'To coordinator',
    reasonKind: 'Cause',
    'kind.sick-leave': 'Sick leave',
    'kind.leaving': 'Leaving',
    'kind.caseload': 'Caseload',
    'kind.other': 'Other',
    startHandover: 'Start the handover',
    progress: "The handover's progress",
    'progress.running': 'The handover is running …',
    'progress.completed': 'The handover is done: {families} families and {cases} cases moved.',
    'progress.missing': 'The handover was not found.',
    'progress.other': 'The handover ended with status: {status}',
    refused: 'Cases that could not be moved',
  },
});

export const BOARD_REFRESH_SECONDS = 15;

export type Board = Awaited<ReturnType<WorkListsService['board']>>;
type ApprovalItem = Board['approvalQueue']['items'][number];
type UrgencyItem = Board['urgencyAssessments']['items'][number];

export interface BoardView {
  teamId: string;
  teamName: string;
  board: Board;
  openTasks: TaskPage;
  names: Map<string, string>;
  coordinators: Person[];
  /** What each approval task decides (a decision, a clock-change request), by the approval task's id. */
  approvals: Map<string, ApprovalDetail>;
  handover?: HandoverProgress;
  /** The open-task list narrowed to one case. */
  caseId?: string;
  mayReassign: boolean;
  mayHandover: boolean;
}

export function boardTitle(ctx: PageContext, teamName: string): string {
  return t(ctx.lang, 'title', { team: teamName });
}

export function chooseTitle(ctx: PageContext): string {
  return t(ctx.lang, 'chooseTitle');
}

/** The head of department's (or a deputy's) choice of team. */
export function chooseBody(ctx: PageContext, teams: TeamChoice[]): Html {
  const { lang } = ctx;
  if (teams.length === 0) return html`<p class="empty">${t(lang, 'noTeams')}</p>`;
  return html`<p>${t(lang, 'chooseText')}</p>
    <ul class="card">
      ${teams.map((team) => html`<li><a href="/app/teams/${team.id}/board">${team.name}</a></li>`)}
    </ul>`;
}

/** The page: the live region, then the handover form (outside it: nothing typed there is ever replaced). */
export function boardBody(ctx: PageContext, v: BoardView): Html {
  return html`<p class="muted small">${t(ctx.lang, 'live')}</p>
    ${boardRegion(ctx, v)} ${v.mayHandover ? handoverForm(ctx, v) : ''}`;
}

/**
 * Everything that changes as deadlines pass, refreshed by htmx. A refresh waits while the person
 * works in one of the region's forms (focus inside it, or text typed), so nothing typed is lost.
 */
export function boardRegion(ctx: PageContext, v: BoardView): Html {
  const { lang } = ctx;
  const b = v.board;
  const escalated = b.escalations.reduce((n, l) => n + l.count, 0);
  const q = new URLSearchParams();
  if (v.handover) q.set('handover', v.handover.handoverId);
  if (v.caseId) q.set('caseId', v.caseId);
  const url = `/app/teams/${v.teamId}/board${q.size ? `?${q.toString()}` : ''}`;
  return html`<div id="board-region" hx-get="${url}" hx-trigger="every ${BOARD_REFRESH_SECONDS}s" data-live hx-swap="outerHTML">
    <ul class="counts" aria-live="polite">
      <li data-count="overdue" class="overdue"><strong>${b.overdue.count}</strong>${t(lang, 'overdueCount')}</li>
      <li data-count="escalated" class="escalated"><strong>${escalated}</strong>${t(lang, 'escalatedCount')}</li>
      <li data-count="approvals"><strong>${b.approvalQueue.count}</strong>${t(lang, 'approvalCount')}</li>
      <li data-count="urgency"><strong>${b.urgencyAssessments.count}</strong>${t(lang, 'urgencyCount')}</li>
    </ul>
    ${v.handover ? handoverProgress(ctx, v, v.handover) : ''}
    <section id="board-overdue" aria-labelledby="board-overdue-h">
      <h2 id="board-overdue-h">${t(lang, 'overdue')}</h2>
      ${taskTable(ctx, v, b.overdue.items, t(lang, 'overdueCaption'))} ${more(lang, b.overdue.more)}
    </section>
    <section id="board-escalations" aria-labelledby="board-escalations-h">
      <h2 id="board-escalations-h">${t(lang, 'escalations')}</h2>
      ${b.escalations.length === 0 ? html`<p class="empty">${t(lang, 'none')}</p>` : ''}
      ${b.escalations.map(
        (l) =>
          html`<h3>${t(lang, 'level', { level: l.level })}</h3>
            ${taskTable(ctx, v, l.items, t(lang, 'levelCaption', { level: l.level }))} ${more(lang, l.more)}`,
      )}
    </section>
    <section id="board-approvals" aria-labelledby="board-approvals-h">
      <h2 id="board-approvals-h">${t(lang, 'approvals')}</h2>
      ${b.approvalQueue.items.length === 0 ? html`<p class="empty">${t(lang, 'none')}</p>` : ''}
      ${b.approvalQueue.items.map((item) => approval(ctx, v, item))} ${more(lang, b.approvalQueue.more)}
    </section>
    <section id="board-urgency" aria-labelledby="board-urgency-h">
      <h2 id="board-urgency-h">${t(lang, 'urgency')}</h2>
      ${urgencyTable(ctx, v, b.urgencyAssessments.items)} ${more(lang, b.urgencyAssessments.more)}
    </section>
    <section id="board-caseload" aria-labelledby="board-caseload-h">
      <h2 id="board-caseload-h">${t(lang, 'caseload')}</h2>
      ${caseloadTable(ctx, v)}
    </section>
    <section id="board-tasks" aria-labelledby="board-tasks-h">
      <h2 id="board-tasks-h">${t(lang, 'openTasks')}</h2>
      ${
        v.caseId
          ? html`<p>${t(lang, 'onlyCase', { id: shortId(v.caseId) })} <a href="/app/teams/${v.teamId}/board">${t(lang, 'allTasks')}</a></p>`
          : ''
      }
      ${openTasksTable(ctx, v)} ${v.openTasks.next ? more(lang, Math.max(0, v.openTasks.counts.total - v.openTasks.items.length)) : ''}
    </section>
  </div>`;
}

function more(lang: Lang, n: number): Html | '' {
  return n > 0 ? html`<p class="muted small">${t(lang, 'more', { n })}</p>` : '';
}

function where(lang: Lang, item: TaskItem): Html {
  return item.caseId
    ? html`<a href="/app/cases/${item.caseId}">${t(lang, 'caseLink', { id: shortId(item.caseId) })}</a>`
    : item.familyId
      ? html`<a href="/app/families/${item.familyId}">${t(lang, 'familyLink', { id: shortId(item.familyId) })}</a>`
      : html`–`;
}

function assignee(lang: Lang, v: BoardView, item: TaskItem): string {
  if (item.assignee.userId === null) return t(lang, 'unassigned', { role: roleName(lang, item.assignee.role) });
  // An agreed action's owner is a partner department (samarbejdspartner), not a person of the team.
  if (item.assignee.role === 'partner') return roleName(lang, 'partner');
  return v.names.get(item.assignee.userId) ?? t(lang, 'colleague');
}

function taskTable(ctx: PageContext, v: BoardView, items: TaskItem[], caption: string): Html {
  const { lang } = ctx;
  if (items.length === 0) return html`<p class="empty">${t(lang, 'none')}</p>`;
  return html`<div class="table-wrap">
    <table>
      <caption class="muted small">
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t(lang, 'task')}</th>
          <th scope="col">${t(lang, 'due')}</th>
          <th scope="col">${t(lang, 'status')}</th>
          <th scope="col">${t(lang, 'where')}</th>
          <th scope="col">${t(lang, 'assignee')}</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (item) =>
            html`<tr class="${taskRowClass(item)}" data-task="${item.taskId}" data-kind="${item.kind}">
              <td>${taskKindCell(lang, item.kind)}</td>
              <td>${dueCell(lang, item)}</td>
              <td>${marks(lang, item)}</td>
              <td>${where(lang, item)}</td>
              <td>${assignee(lang, v, item)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function urgencyTable(ctx: PageContext, v: BoardView, items: UrgencyItem[]): Html {
  const { lang } = ctx;
  if (items.length === 0) return html`<p class="empty">${t(lang, 'none')}</p>`;
  // Whole hours with one decimal ("23,5 t"), past the deadline said as such (never "-0 t").
  const hours = (item: UrgencyItem) => {
    const n = (Math.round(Math.abs(item.remainingHours) * 10) / 10).toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB');
    return item.overdue || item.remainingHours < 0 ? t(lang, 'hoursOver', { n }) : t(lang, 'hours', { n });
  };
  return html`<div class="table-wrap">
    <table>
      <caption class="muted small">
        ${t(lang, 'urgencyCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t(lang, 'where')}</th>
          <th scope="col">${t(lang, 'due')}</th>
          <th scope="col">${t(lang, 'remaining')}</th>
          <th scope="col">${t(lang, 'status')}</th>
          <th scope="col">${t(lang, 'assignee')}</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (item) =>
            html`<tr class="${taskRowClass(item)}" data-task="${item.taskId}" data-kind="${item.kind}">
              <td>${where(lang, item)}</td>
              <td>${dueCell(lang, item)}</td>
              <td data-remaining-hours="${item.remainingHours}">${hours(item)}</td>
              <td>${marks(lang, item)}</td>
              <td>${assignee(lang, v, item)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function caseloadTable(ctx: PageContext, v: BoardView): Html {
  const { lang } = ctx;
  if (v.board.caseload.length === 0) return html`<p class="empty">${t(lang, 'none')}</p>`;
  return html`<div class="table-wrap">
    <table>
      <caption class="muted small">
        ${t(lang, 'caseloadCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t(lang, 'coordinator')}</th>
          <th scope="col">${t(lang, 'openCases')}</th>
          <th scope="col">${t(lang, 'target')}</th>
        </tr>
      </thead>
      <tbody>
        ${v.board.caseload.map((c) => {
          const name = v.names.get(c.coordinatorId) ?? t(lang, 'colleague');
          return html`<tr data-coordinator="${c.coordinatorId}" class="${c.overTarget ? 'overdue' : ''}">
            <th scope="row">${name}</th>
            <td>
              ${
                c.target
                  ? html`<meter
                        min="0"
                        max="${Math.max(c.target, c.openCases)}"
                        high="${c.target}"
                        value="${c.openCases}"
                        aria-label="${t(lang, 'ofTarget', { n: c.openCases, target: c.target })}"
                      ></meter>
                      ${t(lang, 'ofTarget', { n: c.openCases, target: c.target })}`
                  : c.openCases
              }
              ${c.overTarget ? html` <span class="badge overdue">${t(lang, 'overTarget')}</span>` : ''}
            </td>
            <td>${c.target ?? '–'}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

/** One approval: what it is, its deadline, and approve/refuse with a reason in one form. */
function approval(ctx: PageContext, v: BoardView, item: ApprovalItem): Html {
  const { lang } = ctx;
  const d = v.approvals.get(item.taskId);
  let action: string | null = null;
  let idField: Html | '' = '';
  let detail: Html | '' = '';
  let what = t(lang, 'decision');
  const by = (id: string, at: string) => t(lang, 'proposedBy', { name: v.names.get(id) ?? t(lang, 'colleague'), at: dateTime(lang, at) });
  if (item.kind === 'approval' && item.caseId && item.subjectId) {
    action = `/cases/${item.caseId}/commands/decide-approval`;
    idField = hidden('decisionId', item.subjectId);
    if (d?.decision) {
      what = t(lang, `decision.${d.decision.kind}`);
      detail = html`<p class="muted small">${by(d.decision.proposedBy, d.decision.proposedAt)}</p>`;
    }
  } else if (item.kind === 'clock-change-approval') {
    what = t(lang, 'clockChangeTitle');
    const request = d?.clock;
    const base = item.measureId ? `/measures/${item.measureId}` : item.caseId ? `/cases/${item.caseId}` : null;
    if (request && base) {
      action = `${base}/commands/decide-clock-change`;
      idField = hidden('requestId', request.requestId);
      detail = html`<p>
          ${taskKindName(lang, v.board, request.taskId)}:
          ${t(lang, 'clockChange', { change: t(lang, `change.${request.change}`), until: dateTime(lang, request.until) })}
        </p>
        <p class="muted small">${by(request.requestedBy, request.requestedAt)}</p>`;
    } else detail = html`<p class="muted">${t(lang, 'clockUnknown')}</p>`;
  }
  const label = t(lang, 'decideTitle', { what: `${what} – ${t(lang, 'caseLink', { id: shortId(item.caseId ?? item.familyId) })}` });
  return html`<article
    class="card ${taskRowClass(item)}"
    data-task="${item.taskId}"
    data-kind="${item.kind}"
    data-subject="${item.subjectId ?? ''}"
  >
    <h3>${what}</h3>
    <p class="muted small">${taskKindName(lang, v.board, null, item.kind)} · ${legalBasis(item.kind)}</p>
    <p>${where(lang, item)} · ${dueCell(lang, item)} ${marks(lang, item)}</p>
    ${detail}
    ${
      action
        ? html`<form class="api" data-api="${action}" data-method="POST" data-then="reload" aria-label="${label}" novalidate>
            ${idField} ${textArea({ name: 'reason', label: t(lang, 'reason'), rows: 2 })}
            <p class="form-error" hidden></p>
            <p class="form-ok" hidden role="status"></p>
            <div class="row">
              <button type="submit" name="approved" value="true" data-type="boolean">${t(lang, 'approve')}</button>
              <button type="submit" name="approved" value="false" data-type="boolean" class="danger">${t(lang, 'refuse')}</button>
            </div>
          </form>`
        : ''
    }
  </article>`;
}

/** A task's name: given by kind, or looked up among the board's tasks by id (a clocked task). */
function taskKindName(lang: Lang, board: Board, taskId: string | null, kind?: string): string {
  const k =
    kind ??
    [...board.overdue.items, ...board.changedClocks.items, ...board.escalations.flatMap((l) => l.items)].find((x) => x.taskId === taskId)
      ?.kind;
  return k ? kindName(lang, k) : t(lang, 'aTask');
}

function openTasksTable(ctx: PageContext, v: BoardView): Html {
  const { lang } = ctx;
  const items = v.openTasks.items;
  if (items.length === 0) return html`<p class="empty">${t(lang, 'none')}</p>`;
  return html`<div class="table-wrap">
    <table>
      <caption class="muted small">
        ${t(lang, 'openTasksCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t(lang, 'task')}</th>
          <th scope="col">${t(lang, 'due')}</th>
          <th scope="col">${t(lang, 'where')}</th>
          <th scope="col">${t(lang, 'assignee')}</th>
          <th scope="col">${t(lang, 'reassign')}</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (item) =>
            html`<tr class="${taskRowClass(item)}" data-task="${item.taskId}" data-kind="${item.kind}">
              <td>${taskKindCell(lang, item.kind)}</td>
              <td>${dueCell(lang, item)} ${marks(lang, item)}</td>
              <td>${where(lang, item)}</td>
              <td>${assignee(lang, v, item)}</td>
              <td>${v.mayReassign && item.assignee.role === 'coordinator' ? reassignForm(ctx, v, item) : '–'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function reassignForm(ctx: PageContext, v: BoardView, item: TaskItem): Html {
  const { lang } = ctx;
  const options = v.coordinators.filter((c) => c.id !== item.assignee.userId).map((c) => ({ value: c.id, label: c.name }));
  return html`<details>
    <summary>${t(lang, 'reassign')}</summary>
    <form
      class="api"
      data-api="/tasks/${item.taskId}/reassign"
      data-method="POST"
      data-then="reload"
      aria-label="${t(lang, 'reassign')}"
      novalidate
    >
      ${select({ name: 'assigneeId', label: t(lang, 'reassignTo'), options, placeholder: t(lang, 'choose') })}
      ${textArea({ name: 'reason', label: t(lang, 'reassignReason'), rows: 1 })}
      <p class="form-error" hidden></p>
      <p class="form-ok" hidden role="status"></p>
      <button type="submit" class="secondary">${t(lang, 'reassign')}</button>
    </form>
  </details>`;
}

function handoverForm(ctx: PageContext, v: BoardView): Html {
  const { lang } = ctx;
  const people = v.coordinators.map((c) => ({ value: c.id, label: c.name }));
  return html`<section id="board-handover" aria-labelledby="board-handover-h" class="card">
    <h2 id="board-handover-h">${t(lang, 'handover')}</h2>
    <p class="muted small">${t(lang, 'handoverText')}</p>
    ${apiForm(
      {
        action: '/handovers',
        then: '?handover={handoverId}',
        submit: t(lang, 'startHandover'),
        label: t(lang, 'handover'),
        id: 'handover-form',
      },
      html`${hidden('teamId', v.teamId)}
        <div class="row">
          ${select({ name: 'fromCoordinatorId', label: t(lang, 'from'), options: people, placeholder: t(lang, 'choose') })}
          ${select({ name: 'toCoordinatorId', label: t(lang, 'to'), options: people, placeholder: t(lang, 'choose') })}
          ${select({
            name: 'reasonKind',
            label: t(lang, 'reasonKind'),
            options: (['sick-leave', 'leaving', 'caseload', 'other'] as const).map((k) => ({ value: k, label: t(lang, `kind.${k}`) })),
            placeholder: t(lang, 'choose'),
          })}
        </div>
        ${textArea({ name: 'reason', label: t(lang, 'reason'), rows: 2 })}`,
    )}
  </section> `;
}

function handoverProgress(ctx: PageContext, v: BoardView, p: HandoverProgress): Html {
  const { lang } = ctx;
  let text: string;
  let refused: { caseId: string; reason: string }[] = [];
  if (p.status === 'completed' && 'families' in p) {
    text = t(lang, 'progress.completed', { families: p.families, cases: p.cases });
    refused = p.refused;
  } else if (p.status === 'running') text = t(lang, 'progress.running');
  else if (p.status === 'missing') text = t(lang, 'progress.missing');
  else text = t(lang, 'progress.other', { status: p.status });
  return html`<section id="board-handover-progress" aria-labelledby="board-handover-progress-h" class="card" data-status="${p.status}">
    <h2 id="board-handover-progress-h">${t(lang, 'progress')}</h2>
    <p role="status">${text}</p>
    ${
      refused.length
        ? html`<h3>${t(lang, 'refused')}</h3>
            <ul>
              ${refused.map((r) => html`<li><a href="/app/cases/${r.caseId}">${t(lang, 'caseLink', { id: shortId(r.caseId) })}</a>: ${r.reason}</li>`)}
            </ul>`
        : ''
    }
  </section>`;
}
