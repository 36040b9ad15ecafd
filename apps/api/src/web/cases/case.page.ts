import type { CaseView, DecisionView, MeasureView, TaskView } from '../../../../../workflows/contract';
import { date, dateTime, kroner } from '../format';
import { html, type Html } from '../html';
import type { Lang } from '../i18n';
import type { PageContext } from '../page-context';
import { dueCell, legalBasis, marks, shortId, taskKindCell, taskKindName, taskRowClass } from '../tasks';
import type { AgreedActionRow, CaseRow, FollowUpRow, GoalRow } from './case-page.service';
import { approvalForm, caseForms, completeTaskForm, type FormData, measureForms } from './case-forms';
import { type Key, t } from './case-texts';
import { ladderName, phaseName } from './phases';
import { scoreChart } from './score-chart';

/** Tasks a person marks done by hand on the case, and on a measure (the workflows' manual kinds). */
const MANUAL_CASE_KINDS = [
  'manual-receipt',
  'preliminary-assessment',
  'read-in',
  'appointment-conflict',
  'committee-review',
  'close-or-continue',
];
const MANUAL_MEASURE_KINDS = ['placement-statement', 'plan-revision'];

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
  return t(ctx.lang, 'title', { id: shortId(caseId) });
}

const personName = (lang: Lang, d: CasePageData, id: string | null | undefined): string =>
  !id ? '–' : id === 'system' ? t(lang, 'system') : (d.names.get(id) ?? d.partners.find((p) => p.id === id)?.name ?? '–');

function assigneeText(ctx: PageContext, d: CasePageData, task: TaskView): string {
  if (task.assigneeId === ctx.me.userId) return t(ctx.lang, 'me');
  if (task.assigneeId) {
    const name = d.names.get(task.assigneeId) ?? d.partners.find((p) => p.id === task.assigneeId)?.name;
    if (name) return name;
  }
  return t(ctx.lang, `role.${task.assignee}` as Key);
}

function overview(ctx: PageContext, d: CasePageData): Html {
  const { lang } = ctx;
  const v = d.view;
  const teamId = d.teamId;
  return html`<section class="card" aria-labelledby="overview-h" id="overview">
    <h2 id="overview-h">${t(lang, 'overview')}</h2>
    <dl class="facts">
      <dt>${t(lang, 'phase')}</dt>
      <dd data-phase="${v.phase}" id="case-phase">${phaseName(lang, v.phase)}</dd>
      <dt>${t(lang, 'coordinator')}</dt>
      <dd id="case-coordinator">${v.coordinatorId ? personName(lang, d, v.coordinatorId) : t(lang, 'unassigned')}</dd>
      <dt>${t(lang, 'team')}</dt>
      <dd>${teamId ? (d.teamNames.get(teamId) ?? teamId) : '–'}</dd>
      <dt>${t(lang, 'policy')}</dt>
      <dd>${v.policyVersion}</dd>
      ${
        d.row
          ? html`<dt>${t(lang, 'opened')}</dt>
              <dd>${dateTime(lang, d.row.openedAt)}</dd>`
          : ''
      }
      ${
        v.closure
          ? html`<dt>${t(lang, 'closedAt')}</dt>
              <dd>${dateTime(lang, v.closure.at)}</dd>`
          : ''
      }
      ${
        v.urgency
          ? html`<dt>${t(lang, 'urgency')}</dt>
              <dd id="case-urgency">
                ${t(lang, 'urgencyValue', {
                  danger: t(lang, v.urgency.childInDanger ? 'yes' : 'no'),
                  acute: t(lang, v.urgency.acuteHelpNeeded ? 'yes' : 'no'),
                })}
              </dd>`
          : ''
      }
      ${
        v.triage
          ? html`<dt>${t(lang, 'triage')}</dt>
              <dd id="case-triage">${t(lang, `triage.${v.triage.decision}` as Key)}</dd>`
          : ''
      }
      <dt>${t(lang, 'childConversations')}</dt>
      <dd id="case-conversations">${v.childConversations}</dd>
      ${
        v.assessment?.submittedAt
          ? html`<dt>${t(lang, 'assessment.title')}</dt>
              <dd id="case-assessment">
                ${t(lang, `assessment.${v.assessment.conclusion ?? 'measures-needed'}` as Key)} ·
                ${dateTime(lang, v.assessment.submittedAt)}
              </dd>`
          : ''
      }
    </dl>
  </section>`;
}

function nextTasks(ctx: PageContext, d: CasePageData): Html {
  const { lang } = ctx;
  const open = ctx.me.roles.some((r) => r === 'coordinator' || r === 'supervisor' || r === 'head-of-department');
  const rows: { task: TaskView; where: string; action: string | null }[] = [
    ...d.view.openTasks
      .filter((x) => x.status === 'open')
      .map((task) => ({
        task,
        where: t(lang, 'onCase'),
        action: MANUAL_CASE_KINDS.includes(task.kind) ? `/cases/${d.caseId}/commands/complete-task` : null,
      })),
    ...d.measures.flatMap((m) =>
      (m.view?.openTasks ?? [])
        .filter((x) => x.status === 'open')
        .map((task) => ({
          task,
          where: t(lang, 'onMeasure', { type: m.row?.type ?? shortId(m.measureId) }),
          action: MANUAL_MEASURE_KINDS.includes(task.kind) ? `/measures/${m.measureId}/commands/complete-task` : null,
        })),
    ),
  ].sort((a, b) => Date.parse(a.task.dueAt) - Date.parse(b.task.dueAt));
  return html`<section class="card" aria-labelledby="next-h" id="next">
    <h2 id="next-h">${t(lang, 'next')}</h2>
    ${
      rows.length === 0
        ? html`<p class="empty">${t(lang, 'noTasks')}</p>`
        : html`<div class="table-wrap">
            <table>
              <caption class="muted small">
                ${t(lang, 'nextCaption')}
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
                ${rows.map(({ task, where, action }) => {
                  const cls = taskRowClass(task);
                  return html`<tr class="${cls}" data-task="${task.taskId}" data-kind="${task.kind}">
                    <td>${taskKindCell(lang, task.kind)}</td>
                    <td>${dueCell(lang, task)}</td>
                    <td>${marks(lang, task)}</td>
                    <td>${where}</td>
                    <td>${assigneeText(ctx, d, task)} ${action && open ? completeTaskForm(ctx, action, task) : ''}</td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
    }
  </section>`;
}

function eventText(lang: Lang, e: TimelineEvent): string {
  const data = e.data ?? {};
  const str = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : '');
  const key = `ev.${e.type}` as Key;
  const known = t(lang, key) !== key;
  if (!known) return t(lang, 'ev.other', { type: e.type });
  const kind = str('kind');
  return t(lang, key, {
    decision: str('decision') ? t(lang, `triage.${str('decision')}` as Key) : '',
    kind: kind === 'measure' || kind === 'plan' ? t(lang, `decision.${kind}` as Key) : kind,
    phase: phaseName(lang, str('to') || str('phase')),
    task: kind ? taskKindName(lang, kind) : '',
  });
}

function timeline(ctx: PageContext, d: CasePageData): Html {
  const { lang } = ctx;
  return html`<section class="card" aria-labelledby="timeline-h" id="timeline">
    <h2 id="timeline-h">${t(lang, 'timeline')}</h2>
    <p class="muted small">${t(lang, 'timelineNote')} ${d.timelineTruncated ? t(lang, 'timelineMore', { n: d.timeline.length }) : ''}</p>
    ${
      d.timeline.length === 0
        ? html`<p class="empty">${t(lang, 'timelineEmpty')}</p>`
        : html`<ol class="timeline" tabindex="0" aria-labelledby="timeline-h">
            ${d.timeline.map(
              (e) =>
                html`<li data-event="${e.type}">
                  <time datetime="${new Date(e.at).toISOString()}">${dateTime(lang, e.at)}</time>
                  <span
                    >${eventText(lang, e)} <span class="muted small">${t(lang, 'by', { name: personName(lang, d, e.actor) })}</span></span
                  >
                </li>`,
            )}
          </ol>`
    }
  </section>`;
}

function plan(ctx: PageContext, d: CasePageData, goals: GoalRow[]): Html {
  const { lang } = ctx;
  const latest = new Map<string, number>();
  for (const f of d.followUps) for (const s of f.scores) latest.set(s.goalId, s.score);
  return html`<section class="card" aria-labelledby="plan-h" id="plan">
    <h2 id="plan-h">${t(lang, 'plan')}</h2>
    <p class="muted small">${t(lang, 'planHint')}</p>
    ${
      goals.length === 0
        ? html`<p class="empty">${t(lang, 'noGoals')}</p>`
        : html`<div class="table-wrap">
            <table id="plan-goals-table">
              <thead>
                <tr>
                  <th scope="col">${t(lang, 'goalId')}</th>
                  <th scope="col">${t(lang, 'description')}</th>
                  <th scope="col">${t(lang, 'ownerDepartment')}</th>
                  <th scope="col">${t(lang, 'successMeasure')}</th>
                  <th scope="col">${t(lang, 'latestScore')}</th>
                </tr>
              </thead>
              <tbody>
                ${goals.map(
                  (g) =>
                    html`<tr data-goal="${g.goalId}">
                      <td>${g.goalId}</td>
                      <td>${g.description}</td>
                      <td>${g.ownerDepartment}</td>
                      <td>${g.successMeasure}</td>
                      <td>${latest.get(g.goalId) ?? '–'}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }
    <h3>${t(lang, 'chart')}</h3>
    ${scoreChart(lang, goals, d.followUps)}
  </section>`;
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
    <h3 id="${hid}">${r ? t(lang, 'measureHeading', { type: r.type, provider: r.provider }) : shortId(m.measureId)}</h3>
    <dl class="facts">
      ${
        r
          ? html`<dt>${t(lang, 'type')}</dt>
              <dd>${r.type}</dd>`
          : ''
      }
      <dt>${t(lang, 'ladder')}</dt>
      <dd>${ladderName(lang, view?.ladderStep ?? r?.ladderStep ?? 0)}</dd>
      ${
        r
          ? html`<dt>${t(lang, 'provider')}</dt>
              <dd>${r.provider}</dd>`
          : ''
      }
      ${
        r
          ? html`<dt>${t(lang, 'monthlyCost')}</dt>
              <dd>${kroner(lang, r.monthlyCost)}</dd>`
          : ''
      }
      ${
        r
          ? html`<dt>${t(lang, 'start')}</dt>
              <dd>${date(lang, r.startDate)}</dd>`
          : ''
      }
      <dt>${t(lang, 'plannedEnd')}</dt>
      <dd>${date(lang, view?.plannedEnd ?? r?.plannedEnd)}</dd>
      <dt>${t(lang, 'status')}</dt>
      <dd>${t(lang, status === 'ended' ? 'measure.ended' : 'measure.active')}</dd>
      ${
        view
          ? html`<dt>${t(lang, 'followUpsHeld')}</dt>
              <dd>${view.followUpsHeld}</dd>`
          : ''
      }
      ${
        view?.nextFollowUpDueAt
          ? html`<dt>${t(lang, 'nextFollowUp')}</dt>
              <dd>${dateTime(lang, view.nextFollowUpDueAt)}</dd>`
          : ''
      }
    </dl>
    <h4>${t(lang, 'measureTasks')}</h4>
    ${
      measureTasks.length === 0
        ? html`<p class="empty">${t(lang, 'noTasks')}</p>`
        : html`<ul class="measure-tasks">
            ${measureTasks.map(
              (task) =>
                html`<li data-task="${task.taskId}" data-kind="${task.kind}">
                  ${taskKindName(lang, task.kind)} <span class="muted small">(${legalBasis(task.kind)})</span> · ${t(lang, 'due')}:
                  <time datetime="${task.dueAt}">${dateTime(lang, task.dueAt)}</time> · ${assigneeText(ctx, d, task)} ${marks(lang, task)}
                </li>`,
            )}
          </ul>`
    }
    <h4>${t(lang, 'agreedActions')}</h4>
    ${
      actions.length === 0
        ? html`<p class="empty">${t(lang, 'noActions')}</p>`
        : html`<ul class="agreed-actions">
            ${actions.map(
              (a) =>
                html`<li data-action="${a.actionId}">
                  ${a.description} — ${t(lang, 'owner')}: ${personName(lang, d, a.owner)} · ${t(lang, 'due')}: ${date(lang, a.dueAt)} ·
                  ${t(lang, a.status === 'done' ? 'action.done' : 'action.open')}
                </li>`,
            )}
          </ul>`
    }
    ${measureForms(ctx, d, m, d.view.coordinatorId ?? ctx.me.userId)}
  </article>`;
}

function measures(ctx: PageContext, d: CasePageData): Html {
  const { lang } = ctx;
  return html`<section aria-labelledby="measures-h" id="measures" style="margin-top:1rem">
    <h2 id="measures-h">${t(lang, 'measures')}</h2>
    ${d.measures.length === 0 ? html`<p class="empty card">${t(lang, 'noMeasures')}</p>` : d.measures.map((m) => measureCard(ctx, d, m))}
  </section>`;
}

function decisions(ctx: PageContext, d: CasePageData): Html {
  const { lang, me } = ctx;
  const list: DecisionView[] = d.view.decisions;
  return html`<section class="card" aria-labelledby="decisions-h" id="decisions">
    <h2 id="decisions-h">${t(lang, 'decisions')}</h2>
    ${
      list.length === 0
        ? html`<p class="empty">${t(lang, 'noDecisions')}</p>`
        : html`<ul class="decisions" style="list-style:none;padding:0">
            ${list.map(
              (x) =>
                html`<li data-decision="${x.decisionId}" data-status="${x.status}" class="card">
                  <strong>${t(lang, `decision.${x.kind}` as Key)}</strong> ·
                  <span class="badge ${x.status === 'approved' ? 'ok' : x.status === 'rejected' ? 'overdue' : 'soon'}"
                    >${t(lang, `status.${x.status}` as Key)}</span
                  >
                  <br /><span class="muted small"
                    >${t(lang, 'proposedBy')}: ${personName(lang, d, x.proposedBy)}, ${dateTime(lang, x.proposedAt)}
                    ${x.decidedBy ? html` · ${t(lang, 'decidedBy')}: ${personName(lang, d, x.decidedBy)}, ${dateTime(lang, x.decidedAt)}` : ''}</span
                  >
                  ${
                    x.status === 'pending' && d.mayApprove && d.view.phase !== 'closed'
                      ? x.proposedBy === me.userId
                        ? html`<p class="muted small">${t(lang, 'ownProposal')}</p>`
                        : approvalForm(ctx, d.caseId, x)
                      : ''
                  }
                </li>`,
            )}
          </ul>`
    }
  </section>`;
}

/** The case page: overview, what is due, the next step's forms, decisions, the plan with its chart, measures, timeline. */
export function caseBody(ctx: PageContext, d: CasePageData): Html {
  const { lang } = ctx;
  const mayWrite = ctx.me.roles.some((r) => r === 'coordinator' || r === 'supervisor' || r === 'head-of-department');
  return html`<div class="grid">${overview(ctx, d)} ${nextTasks(ctx, d)}</div>
    ${
      mayWrite && d.view.phase !== 'closed'
        ? html`<section aria-labelledby="actions-h" id="actions">
            <h2 id="actions-h">${t(lang, 'actions')}</h2>
            <p class="muted small">${t(lang, 'actionsNote')}</p>
            ${caseForms(ctx, d)}
          </section>`
        : ''
    }
    ${decisions(ctx, d)} ${plan(ctx, d, d.goals)} ${measures(ctx, d)} ${timeline(ctx, d)}`;
}

export type { CaseView };
