import type { CaseView, DecisionView, MeasureView, TaskView } from '../../../../../workflows/contract';
import { COMMANDS, MANUAL_TASK_KINDS } from '../../../../../workflows/contract';
import { badge, empty, facts, legalBasis, marks, section, shortId, table, taskKindName, taskTable } from '../components';
import { date, dateTime, kroner } from '../format';
import { html, type Html } from '../html';
import { keyOf, type Lang, t } from '../i18n';
import type { PageContext } from '../page-context';
import type { AgreedActionRow, CaseRow, FollowUpRow, GoalRow } from './case-page.service';
import { approvalForm, caseForms, completeTaskForm, type FormData, measureForms, TRIAGE } from './case-forms';
import { ladderName, phaseName } from './phases';
import { scoreChart } from './score-chart';
import { commandPath } from '../command-paths';

export interface TimelineEvent {
  type: string;
  actor: string;
  at: Date | string;
  data: Record<string, unknown>;
}

export interface CasePageData extends FormData {
  row: CaseRow | null;
  names: Map<string, string>;
  teamNames: Map<string, string>;
  followUps: FollowUpRow[];
  actions: AgreedActionRow[];
  /** Newest first. */
  timeline: TimelineEvent[];
  timelineTruncated: boolean;
}

export function caseTitle(ctx: PageContext, caseId: string): string {
  return t(ctx.lang, 'common.caseLink', { id: shortId(caseId) });
}

/** A text of the case page's own (`case.…`) named by a value, or the value itself when it has none. */
const said = (lang: Lang, key: string, fallback: string): string => {
  const k = keyOf(`case.${key}`);
  return k ? t(lang, k) : fallback;
};

const personName = (lang: Lang, d: CasePageData, id: string | null | undefined): string =>
  !id ? '–' : id === 'system' ? t(lang, 'case.system') : (d.names.get(id) ?? d.partners.find((p) => p.id === id)?.name ?? '–');

function assigneeText(ctx: PageContext, d: CasePageData, task: TaskView): string {
  if (task.assigneeId === ctx.me.userId) return t(ctx.lang, 'common.me');
  if (task.assigneeId) {
    const name = d.names.get(task.assigneeId) ?? d.partners.find((p) => p.id === task.assigneeId)?.name;
    if (name) return name;
  }
  return said(ctx.lang, `role.${task.assignee}`, task.assignee);
}

function overview(ctx: PageContext, d: CasePageData): Html {
  const { lang } = ctx;
  const v = d.view;
  const yesNo = (b: boolean) => t(lang, b ? 'common.yes' : 'common.no');
  return section(
    { id: 'overview', title: t(lang, 'case.overview'), class: 'card' },
    facts([
      { term: t(lang, 'common.phase'), value: phaseName(lang, v.phase), attrs: { 'data-phase': v.phase, id: 'case-phase' } },
      {
        term: t(lang, 'common.coordinator'),
        value: v.coordinatorId ? personName(lang, d, v.coordinatorId) : t(lang, 'common.unassigned'),
        attrs: { id: 'case-coordinator' },
      },
      { term: t(lang, 'common.team'), value: d.teamId ? (d.teamNames.get(d.teamId) ?? d.teamId) : '–' },
      { term: t(lang, 'case.policy'), value: v.policyVersion },
      d.row && { term: t(lang, 'common.opened'), value: dateTime(lang, d.row.openedAt) },
      v.closure && { term: t(lang, 'common.closed'), value: dateTime(lang, v.closure.at) },
      v.urgency && {
        term: t(lang, 'case.urgency'),
        value: t(lang, 'case.urgencyValue', { danger: yesNo(v.urgency.childInDanger), acute: yesNo(v.urgency.acuteHelpNeeded) }),
        attrs: { id: 'case-urgency' },
      },
      v.triage && {
        term: t(lang, 'case.triage'),
        value: t(lang, TRIAGE[v.triage.decision]),
        attrs: { id: 'case-triage' },
      },
      { term: t(lang, 'case.childConversations'), value: v.childConversations, attrs: { id: 'case-conversations' } },
      !!v.assessment?.submittedAt && {
        term: t(lang, 'phase.assessment'),
        value: html`${said(lang, `assessment.${v.assessment.conclusion ?? 'measures-needed'}`, '')} ·
        ${dateTime(lang, v.assessment.submittedAt)}`,
        attrs: { id: 'case-assessment' },
      },
    ]),
  );
}

/** Open tasks of the case and its measures, by due time, with where each is and the button for a manual one. */
function nextTasks(ctx: PageContext, d: CasePageData): Html {
  const { lang } = ctx;
  const open = ctx.me.roles.some((r) => r === 'coordinator' || r === 'supervisor' || r === 'head-of-department');
  const rows: (TaskView & { where: string; action: string | null })[] = [
    ...d.view.openTasks
      .filter((x) => x.status === 'open')
      .map((task) => ({
        ...task,
        where: t(lang, 'case.onCase'),
        action: (MANUAL_TASK_KINDS.case as readonly string[]).includes(task.kind)
          ? commandPath('cases', d.caseId, COMMANDS.completeTask)
          : null,
      })),
    ...d.measures.flatMap((m) =>
      (m.view?.openTasks ?? [])
        .filter((x) => x.status === 'open')
        .map((task) => ({
          ...task,
          where: t(lang, 'case.onMeasure', { type: m.row?.type ?? shortId(m.measureId) }),
          action: (MANUAL_TASK_KINDS.measure as readonly string[]).includes(task.kind)
            ? commandPath('measures', m.measureId, COMMANDS.completeTask)
            : null,
        })),
    ),
  ].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return section(
    { id: 'next', title: t(lang, 'case.next'), class: 'card' },
    taskTable(lang, {
      caption: t(lang, 'case.nextCaption'),
      items: rows,
      empty: t(lang, 'case.noTasks'),
      where: { head: t(lang, 'case.where'), cell: (x) => x.where },
      assignee: (x) => html`${assigneeText(ctx, d, x)} ${x.action && open ? completeTaskForm(ctx, x.action, x) : ''}`,
    }),
  );
}

function eventText(lang: Lang, e: TimelineEvent): string {
  const data = e.data ?? {};
  const str = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : '');
  const key = keyOf(`event.${e.type}`);
  if (!key) return t(lang, 'event.other', { type: e.type });
  const kind = str('kind');
  const decision = str('decision');
  return t(lang, key, {
    decision: Object.hasOwn(TRIAGE, decision) ? t(lang, TRIAGE[decision as keyof typeof TRIAGE]) : decision,
    kind: kind === 'measure' || kind === 'plan' ? t(lang, `case.decision.${kind}`) : kind,
    phase: phaseName(lang, str('to') || str('phase')),
    task: kind ? taskKindName(lang, kind) : '',
  });
}

function timeline(ctx: PageContext, d: CasePageData): Html {
  const { lang } = ctx;
  return section(
    { id: 'timeline', title: t(lang, 'case.timeline'), class: 'card' },
    html`<p class="muted small">
        ${t(lang, 'case.timelineNote')} ${d.timelineTruncated ? t(lang, 'case.timelineMore', { n: d.timeline.length }) : ''}
      </p>
      ${
        d.timeline.length === 0
          ? empty(t(lang, 'case.timelineEmpty'))
          : html`<ol class="timeline" tabindex="0" aria-labelledby="timeline-h">
              ${d.timeline.map(
                (e) =>
                  html`<li data-event="${e.type}">
                    <time datetime="${new Date(e.at).toISOString()}">${dateTime(lang, e.at)}</time>
                    <span
                      >${eventText(lang, e)}
                      <span class="muted small">${t(lang, 'case.by', { name: personName(lang, d, e.actor) })}</span></span
                    >
                  </li>`,
              )}
            </ol>`
      }`,
  );
}

function plan(ctx: PageContext, d: CasePageData, goals: GoalRow[]): Html {
  const { lang } = ctx;
  const latest = new Map<string, number>();
  for (const f of d.followUps) for (const s of f.scores) latest.set(s.goalId, s.score);
  return section(
    { id: 'plan', title: t(lang, 'common.childsPlan'), hint: t(lang, 'case.planHint'), class: 'card' },
    html`${table({
        id: 'plan-goals-table',
        items: goals,
        empty: t(lang, 'case.noGoals'),
        row: (g) => ({ 'data-goal': g.goalId }),
        columns: [
          { head: t(lang, 'case.goalId'), cell: (g) => g.goalId },
          { head: t(lang, 'common.description'), cell: (g) => g.description },
          { head: t(lang, 'case.ownerDepartment'), cell: (g) => g.ownerDepartment },
          { head: t(lang, 'case.successMeasure'), cell: (g) => g.successMeasure },
          { head: t(lang, 'case.latestScore'), cell: (g) => latest.get(g.goalId) ?? '–' },
        ],
      })}
      <h3>${t(lang, 'case.chart')}</h3>
      ${scoreChart(lang, goals, d.followUps)}`,
  );
}

function measureCard(ctx: PageContext, d: CasePageData, m: CasePageData['measures'][number]): Html {
  const { lang } = ctx;
  const r = m.row;
  const view: MeasureView | null = m.view;
  const status = view?.status ?? r?.status ?? 'active';
  const actions = d.actions.filter((a) => a.measureId === m.measureId);
  const measureTasks = (view?.openTasks ?? []).filter((x) => x.status === 'open').sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const hid = `measure-${m.measureId}-h`;
  return html`<article class="card" aria-labelledby="${hid}" data-measure="${m.measureId}">
    <h3 id="${hid}">${r ? t(lang, 'case.measureHeading', { type: r.type, provider: r.provider }) : shortId(m.measureId)}</h3>
    ${facts([
      r && { term: t(lang, 'case.type'), value: r.type },
      { term: t(lang, 'case.ladder'), value: ladderName(lang, view?.ladderStep ?? r?.ladderStep ?? 0) },
      r && { term: t(lang, 'case.provider'), value: r.provider },
      r && { term: t(lang, 'case.monthlyCost'), value: kroner(lang, r.monthlyCost) },
      r && { term: t(lang, 'common.start'), value: date(lang, r.startDate) },
      { term: t(lang, 'case.plannedEnd'), value: date(lang, view?.plannedEnd ?? r?.plannedEnd) },
      { term: t(lang, 'common.status'), value: t(lang, status === 'ended' ? 'case.measure.ended' : 'common.active') },
      view && { term: t(lang, 'case.followUpsHeld'), value: view.followUpsHeld },
      !!view?.nextFollowUpDueAt && { term: t(lang, 'case.nextFollowUp'), value: dateTime(lang, view.nextFollowUpDueAt) },
    ])}
    <h4>${t(lang, 'case.measureTasks')}</h4>
    ${
      measureTasks.length === 0
        ? empty(t(lang, 'case.noTasks'))
        : html`<ul class="measure-tasks">
            ${measureTasks.map(
              (task) =>
                html`<li data-task="${task.taskId}" data-kind="${task.kind}">
                  ${taskKindName(lang, task.kind)} <span class="muted small">(${legalBasis(task.kind)})</span> · ${t(lang, 'common.due')}:
                  <time datetime="${task.dueAt}">${dateTime(lang, task.dueAt)}</time> · ${assigneeText(ctx, d, task)} ${marks(lang, task)}
                </li>`,
            )}
          </ul>`
    }
    <h4>${t(lang, 'case.agreedActions')}</h4>
    ${actions.length === 0 ? empty(t(lang, 'case.noActions')) : agreedActions(lang, d, actions)}
    ${measureForms(ctx, d, m, d.view.coordinatorId ?? ctx.me.userId)}
  </article>`;
}

function agreedActions(lang: Lang, d: CasePageData, actions: AgreedActionRow[]): Html {
  return html`<ul class="agreed-actions">
    ${actions.map(
      (a) =>
        html`<li data-action="${a.actionId}">
          ${a.description} — ${t(lang, 'case.owner')}: ${personName(lang, d, a.owner)} · ${t(lang, 'common.due')}: ${date(lang, a.dueAt)} ·
          ${t(lang, a.status === 'done' ? 'common.done' : 'common.open')}
        </li>`,
    )}
  </ul>`;
}

function measures(ctx: PageContext, d: CasePageData): Html {
  const { lang } = ctx;
  return section(
    { id: 'measures', title: t(lang, 'phase.measures'), attrs: { style: 'margin-top:1rem' } },
    d.measures.length === 0 ? html`<p class="empty card">${t(lang, 'case.noMeasures')}</p>` : d.measures.map((m) => measureCard(ctx, d, m)),
  );
}

const DECISION_TONE = { approved: 'ok', rejected: 'overdue', pending: 'soon' } as const;

function decisions(ctx: PageContext, d: CasePageData): Html {
  const { lang, me } = ctx;
  const list: DecisionView[] = d.view.decisions;
  return section(
    { id: 'decisions', title: t(lang, 'case.decisions'), class: 'card' },
    list.length === 0
      ? empty(t(lang, 'case.noDecisions'))
      : html`<ul class="decisions" style="list-style:none;padding:0">
          ${list.map(
            (x) =>
              html`<li data-decision="${x.decisionId}" data-status="${x.status}" class="card">
                <strong>${said(lang, `decision.${x.kind}`, x.kind)}</strong> ·
                ${badge(DECISION_TONE[x.status], said(lang, `status.${x.status}`, x.status))} <br /><span class="muted small"
                  >${t(lang, 'case.proposedBy')}: ${personName(lang, d, x.proposedBy)}, ${dateTime(lang, x.proposedAt)}
                  ${x.decidedBy ? html` · ${t(lang, 'case.decidedBy')}: ${personName(lang, d, x.decidedBy)}, ${dateTime(lang, x.decidedAt)}` : ''}</span
                >
                ${
                  x.status === 'pending' && d.mayApprove && d.view.phase !== 'closed'
                    ? x.proposedBy === me.userId
                      ? html`<p class="muted small">${t(lang, 'case.ownProposal')}</p>`
                      : approvalForm(ctx, d.caseId, x)
                    : ''
                }
              </li>`,
          )}
        </ul>`,
  );
}

/** The case page: overview, what is due, the next step's forms, decisions, the plan with its chart, measures, timeline. */
export function caseBody(ctx: PageContext, d: CasePageData): Html {
  const { lang } = ctx;
  const mayWrite = ctx.me.roles.some((r) => r === 'coordinator' || r === 'supervisor' || r === 'head-of-department');
  return html`<div class="grid">${overview(ctx, d)} ${nextTasks(ctx, d)}</div>
    ${
      mayWrite && d.view.phase !== 'closed'
        ? section({ id: 'actions', title: t(lang, 'case.actions'), hint: t(lang, 'case.actionsNote') }, caseForms(ctx, d))
        : ''
    }
    ${decisions(ctx, d)} ${plan(ctx, d, d.goals)} ${measures(ctx, d)} ${timeline(ctx, d)}`;
}

export type { CaseView };
