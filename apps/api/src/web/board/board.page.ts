import type { TaskItem, TaskPage, WorkListsService } from '../../work-lists/work-lists.service';
import {
  apiForm,
  badge,
  casesWithReasons,
  counts,
  decisionForm,
  dueCell,
  empty,
  hidden,
  legalBasis,
  liveRegion,
  marks,
  pageHref,
  section,
  select,
  shortId,
  subjectLink,
  table,
  taskColumns,
  taskKindName as kindName,
  taskRowClass,
  taskTable,
  textArea,
  whereColumn,
} from '../components';
import { dateTime } from '../format';
import { type Html, html } from '../html';
import { type Lang, t } from '../i18n';
import { roleName } from '../layout';
import type { PageContext } from '../page-context';
import type { ApprovalDetail, HandoverProgress, Person, TeamChoice } from './board.service';
import { commandPath } from '../command-paths';
import { COMMANDS } from '../../../../../workflows/contract';

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
  return t(ctx.lang, 'board.title', { team: teamName });
}

export function chooseTitle(ctx: PageContext): string {
  return t(ctx.lang, 'nav.board');
}

/** The head of department's (or a deputy's) choice of team. */
export function chooseBody(ctx: PageContext, teams: TeamChoice[]): Html {
  const { lang } = ctx;
  if (teams.length === 0) return empty(t(lang, 'board.noTeams'));
  return html`<p>${t(lang, 'board.chooseText')}</p>
    <ul class="card">
      ${teams.map((team) => html`<li><a href="/app/teams/${team.id}/board">${team.name}</a></li>`)}
    </ul>`;
}

/** The page: the live region, then the handover form (outside it: nothing typed there is ever replaced). */
export function boardBody(ctx: PageContext, v: BoardView): Html {
  return html`<p class="muted small">${t(ctx.lang, 'board.live')}</p>
    ${boardRegion(ctx, v)} ${v.mayHandover ? handoverForm(ctx, v) : ''}`;
}

/**
 * Everything that changes as deadlines pass, refreshed by htmx. A refresh waits while the person
 * works in one of the region's forms (focus inside it, or text typed), so nothing typed is lost.
 */
export function boardRegion(ctx: PageContext, v: BoardView): Html {
  const { lang } = ctx;
  const b = v.board;
  const none = t(lang, 'board.none');
  const escalated = b.escalations.reduce((n, l) => n + l.count, 0);
  const url = pageHref(`/app/teams/${v.teamId}/board`, { handover: v.handover?.handoverId, caseId: v.caseId });
  const part = (id: string, title: string, body: Html) => section({ id: `board-${id}`, title }, body);
  return liveRegion(
    { id: 'board-region', url, seconds: BOARD_REFRESH_SECONDS },
    html`${counts([
      { key: 'overdue', value: b.overdue.count, label: t(lang, 'common.overdueCount'), tone: 'overdue' },
      { key: 'escalated', value: escalated, label: t(lang, 'common.escalatedCount'), tone: 'escalated' },
      { key: 'approvals', value: b.approvalQueue.count, label: t(lang, 'board.approvalCount') },
      { key: 'urgency', value: b.urgencyAssessments.count, label: t(lang, 'board.urgencyCount') },
    ])}
    ${v.handover ? handoverProgress(ctx, v.handover) : ''}
    ${part('overdue', t(lang, 'board.overdue'), html`${taskList(ctx, v, b.overdue.items, t(lang, 'board.overdueCaption'))} ${more(lang, b.overdue.more)}`)}
    ${part(
      'escalations',
      t(lang, 'board.escalations'),
      html`${b.escalations.length === 0 ? empty(none) : ''}
      ${b.escalations.map(
        (l) =>
          html`<h3>${t(lang, 'board.level', { level: l.level })}</h3>
            ${taskList(ctx, v, l.items, t(lang, 'board.levelCaption', { level: l.level }))} ${more(lang, l.more)}`,
      )}`,
    )}
    ${part(
      'approvals',
      t(lang, 'board.approvals'),
      html`${b.approvalQueue.items.length === 0 ? empty(none) : ''} ${b.approvalQueue.items.map((item) => approval(ctx, v, item))}
      ${more(lang, b.approvalQueue.more)}`,
    )}
    ${part('urgency', t(lang, 'board.urgency'), html`${urgencyTable(ctx, v, b.urgencyAssessments.items)} ${more(lang, b.urgencyAssessments.more)}`)}
    ${part('caseload', t(lang, 'board.caseload'), caseloadTable(ctx, v))}
    ${part(
      'tasks',
      t(lang, 'board.openTasks'),
      html`${
        v.caseId
          ? html`<p>
              ${t(lang, 'board.onlyCase', { id: shortId(v.caseId) })}
              <a href="/app/teams/${v.teamId}/board">${t(lang, 'board.allTasks')}</a>
            </p>`
          : ''
      }
      ${openTasksTable(ctx, v)} ${v.openTasks.next ? more(lang, Math.max(0, v.openTasks.counts.total - v.openTasks.items.length)) : ''}`,
    )}`,
  );
}

function more(lang: Lang, n: number): Html | '' {
  return n > 0 ? html`<p class="muted small">${t(lang, 'board.more', { n })}</p>` : '';
}

function assignee(lang: Lang, v: BoardView, item: TaskItem): string {
  if (item.assignee.userId === null) return t(lang, 'common.unassignedRole', { role: roleName(lang, item.assignee.role) });
  // An agreed action's owner is a partner department (samarbejdspartner), not a person of the team.
  if (item.assignee.role === 'partner') return roleName(lang, 'partner');
  return v.names.get(item.assignee.userId) ?? t(lang, 'common.colleague');
}

/** The team's tasks of one kind of trouble (overdue, escalated to a level). */
function taskList(ctx: PageContext, v: BoardView, items: TaskItem[], caption: string): Html {
  const { lang } = ctx;
  return taskTable(lang, {
    caption,
    items,
    empty: t(lang, 'board.none'),
    where: whereColumn(lang),
    assignee: (item) => assignee(lang, v, item),
  });
}

function urgencyTable(ctx: PageContext, v: BoardView, items: UrgencyItem[]): Html {
  const { lang } = ctx;
  // Whole hours with one decimal ("23,5 t"), past the deadline said as such (never "-0 t").
  const hours = (item: UrgencyItem) => {
    const n = (Math.round(Math.abs(item.remainingHours) * 10) / 10).toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB');
    return item.overdue || item.remainingHours < 0 ? t(lang, 'board.hoursOver', { n }) : t(lang, 'board.hours', { n });
  };
  const c = taskColumns<UrgencyItem>(lang);
  return taskTable(lang, {
    caption: t(lang, 'board.urgencyCaption'),
    items,
    empty: t(lang, 'board.none'),
    columns: [
      whereColumn(lang),
      c.due,
      { head: t(lang, 'board.remaining'), cell: hours, attrs: (item) => ({ 'data-remaining-hours': item.remainingHours }) },
      c.status,
      c.assignee((item) => assignee(lang, v, item)),
    ],
  });
}

function caseloadTable(ctx: PageContext, v: BoardView): Html {
  const { lang } = ctx;
  return table({
    caption: t(lang, 'board.caseloadCaption'),
    items: v.board.caseload,
    empty: t(lang, 'board.none'),
    row: (c) => ({ 'data-coordinator': c.coordinatorId, class: c.overTarget ? 'overdue' : '' }),
    columns: [
      { head: t(lang, 'board.coordinator'), cell: (c) => v.names.get(c.coordinatorId) ?? t(lang, 'common.colleague'), rowHead: true },
      {
        head: t(lang, 'common.openCases'),
        cell: (c) =>
          html`${
            c.target
              ? html`<meter
                    min="0"
                    max="${Math.max(c.target, c.openCases)}"
                    high="${c.target}"
                    value="${c.openCases}"
                    aria-label="${t(lang, 'board.ofTarget', { n: c.openCases, target: c.target })}"
                  ></meter>
                  ${t(lang, 'board.ofTarget', { n: c.openCases, target: c.target })}`
              : c.openCases
          }
          ${c.overTarget ? html` ${badge('overdue', t(lang, 'board.overTarget'))}` : ''}`,
      },
      { head: t(lang, 'board.target'), cell: (c) => c.target ?? '–' },
    ],
  });
}

/** One approval: what it is, its deadline, and approve/refuse with a reason in one form. */
function approval(ctx: PageContext, v: BoardView, item: ApprovalItem): Html {
  const { lang } = ctx;
  const d = v.approvals.get(item.taskId);
  let action: string | null = null;
  let idField: Html | '' = '';
  let detail: Html | '' = '';
  let what = t(lang, 'common.legalDecision');
  const by = (id: string, at: string) =>
    t(lang, 'board.proposedBy', { name: v.names.get(id) ?? t(lang, 'common.colleague'), at: dateTime(lang, at) });
  if (item.kind === 'approval' && item.caseId && item.subjectId) {
    action = commandPath('cases', item.caseId, COMMANDS.decideApproval);
    idField = hidden('decisionId', item.subjectId);
    if (d?.decision) {
      what = t(lang, d.decision.kind === 'plan' ? 'common.childsPlan' : 'board.decisionMeasure');
      detail = html`<p class="muted small">${by(d.decision.proposedBy, d.decision.proposedAt)}</p>`;
    }
  } else if (item.kind === 'clock-change-approval') {
    what = t(lang, 'board.clockChangeTitle');
    const request = d?.clock;
    const target = item.measureId ? (['measures', item.measureId] as const) : item.caseId ? (['cases', item.caseId] as const) : null;
    if (request && target) {
      action = commandPath(target[0], target[1], COMMANDS.decideClockChange);
      idField = hidden('requestId', request.requestId);
      detail = html`<p>
          ${taskKindName(lang, v.board, request.taskId)}:
          ${t(lang, 'board.clockChange', { change: t(lang, `board.change.${request.change}`), until: dateTime(lang, request.until) })}
        </p>
        <p class="muted small">${by(request.requestedBy, request.requestedAt)}</p>`;
    } else detail = html`<p class="muted">${t(lang, 'board.clockUnknown')}</p>`;
  }
  const label = t(lang, 'board.decideTitle', {
    what: `${what} – ${t(lang, 'common.caseLink', { id: shortId(item.caseId ?? item.familyId) })}`,
  });
  return html`<article
    class="card ${taskRowClass(item)}"
    data-task="${item.taskId}"
    data-kind="${item.kind}"
    data-subject="${item.subjectId ?? ''}"
  >
    <h3>${what}</h3>
    <p class="muted small">${taskKindName(lang, v.board, null, item.kind)} · ${legalBasis(item.kind)}</p>
    <p>${subjectLink(lang, item)} · ${dueCell(lang, item)} ${marks(lang, item)}</p>
    ${detail}
    ${
      action
        ? decisionForm(lang, { action, label }, html`${idField} ${textArea({ name: 'reason', label: t(lang, 'common.reason'), rows: 2 })}`)
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
  return k ? kindName(lang, k) : t(lang, 'board.aTask');
}

function openTasksTable(ctx: PageContext, v: BoardView): Html {
  const { lang } = ctx;
  const c = taskColumns<TaskItem>(lang);
  return taskTable(lang, {
    caption: t(lang, 'board.openTasksCaption'),
    items: v.openTasks.items,
    empty: t(lang, 'board.none'),
    columns: [
      c.task,
      c.dueMarked,
      whereColumn(lang),
      c.assignee((item) => assignee(lang, v, item)),
      {
        head: t(lang, 'board.reassign'),
        cell: (item) => (v.mayReassign && item.assignee.role === 'coordinator' ? reassignForm(ctx, v, item) : '–'),
      },
    ],
  });
}

/** Moves a coordinator's task to another coordinator of the team, folded away until opened. */
function reassignForm(ctx: PageContext, v: BoardView, item: TaskItem): Html {
  const { lang } = ctx;
  const options = v.coordinators.filter((c) => c.id !== item.assignee.userId).map((c) => ({ value: c.id, label: c.name }));
  return html`<details>
    <summary>${t(lang, 'board.reassign')}</summary>
    ${apiForm(
      {
        action: `/tasks/${item.taskId}/reassign`,
        label: t(lang, 'board.reassign'),
        submit: t(lang, 'board.reassign'),
        submitClass: 'secondary',
      },
      html`${select({ name: 'assigneeId', label: t(lang, 'board.reassignTo'), options, placeholder: t(lang, 'common.choose') })}
      ${textArea({ name: 'reason', label: t(lang, 'board.reassignReason'), rows: 1 })}`,
    )}
  </details>`;
}

function handoverForm(ctx: PageContext, v: BoardView): Html {
  const { lang } = ctx;
  const people = v.coordinators.map((c) => ({ value: c.id, label: c.name }));
  return section(
    { id: 'board-handover', title: t(lang, 'board.handover'), hint: t(lang, 'board.handoverText'), class: 'card' },
    apiForm(
      {
        action: '/handovers',
        then: '?handover={handoverId}',
        submit: t(lang, 'board.startHandover'),
        label: t(lang, 'board.handover'),
        id: 'handover-form',
      },
      html`${hidden('teamId', v.teamId)}
        <div class="row">
          ${select({ name: 'fromCoordinatorId', label: t(lang, 'board.from'), options: people, placeholder: t(lang, 'common.choose') })}
          ${select({ name: 'toCoordinatorId', label: t(lang, 'board.to'), options: people, placeholder: t(lang, 'common.choose') })}
          ${select({
            name: 'reasonKind',
            label: t(lang, 'board.reasonKind'),
            options: (['sick-leave', 'leaving', 'caseload', 'other'] as const).map((k) => ({
              value: k,
              label: t(lang, `board.kind.${k}`),
            })),
            placeholder: t(lang, 'common.choose'),
          })}
        </div>
        ${textArea({ name: 'reason', label: t(lang, 'common.reason'), rows: 2 })}`,
    ),
  );
}

function handoverProgress(ctx: PageContext, p: HandoverProgress): Html {
  const { lang } = ctx;
  let text: string;
  let refused: { caseId: string; reason: string }[] = [];
  if (p.status === 'completed' && 'families' in p) {
    text = t(lang, 'board.progress.completed', { families: p.families, cases: p.cases });
    refused = p.refused;
  } else if (p.status === 'running') text = t(lang, 'board.progress.running');
  else if (p.status === 'missing') text = t(lang, 'board.progress.missing');
  else text = t(lang, 'board.progress.other', { status: p.status });
  return section(
    { id: 'board-handover-progress', title: t(lang, 'board.progress'), class: 'card', attrs: { 'data-status': p.status } },
    html`<p role="status">${text}</p>
      ${
        refused.length
          ? html`<h3>${t(lang, 'board.refused')}</h3>
              ${casesWithReasons(lang, refused)}`
          : ''
      }`,
  );
}
