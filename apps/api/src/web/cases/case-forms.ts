import type { CaseView, DecisionView, MeasureView, TaskView } from '../../../../../workflows/contract';
import { type Command, COMMANDS } from '../../../../../workflows/contract';
import {
  apiForm,
  buttonForm,
  checkbox,
  decisionForm,
  emptyList,
  hidden,
  type Option,
  section,
  select,
  textArea,
  textInput,
} from '../components';
import { attr, html, type Html } from '../html';
import { type Key, type Lang, t } from '../i18n';
import type { PageContext } from '../page-context';
import type { GoalRow, MeasureRow, Named } from './case-page.service';
import { ladderName } from './phases';
import { commandPath } from '../command-paths';

/** The triage's decisions, as the form offers them and the case page says them. */
export const TRIAGE = {
  assessment: 'phase.assessment',
  screening: 'phase.screening',
  'acute-measure': 'case.acuteMeasure',
  close: 'case.closeCase',
} as const satisfies Record<string, Key>;

/** What the forms need to decide which steps make sense now. */
export interface FormData {
  caseId: string;
  view: CaseView;
  goals: GoalRow[];
  measures: { row: MeasureRow | null; measureId: string; view: MeasureView | null }[];
  partners: Named[];
  coordinators: Named[];
  /** The case's team (the intake team while unassigned). */
  teamId: string | null;
  mayApprove: boolean;
  leadsTeam: boolean;
  /** Goals each measure scored at its latest follow-up (the measure's goals, once known). */
  scoredGoals: Map<string, string[]>;
}

const yesNo = (lang: Lang) => [
  { value: 'false', label: t(lang, 'common.no') },
  { value: 'true', label: t(lang, 'common.yes') },
];

const ladderOptions = (lang: Lang, below?: number) =>
  [1, 2, 3, 4, 5, 6].filter((n) => below === undefined || n < below).map((n) => ({ value: String(n), label: ladderName(lang, n) }));

/** A section holding one form, with its heading and the legal hint under it. */
const step = (id: string, title: string, hint: string, body: Html): Html =>
  section({ id, title, hint, level: 3, class: 'card step' }, body);

/** A goal of the plan: a row of fields that can be added (a template row carries __i__ in its ids and names; forms.ts fills in the index). */
function goalRow(lang: Lang, i: string, n: string, g?: Partial<GoalRow>): Html {
  const at = (k: keyof GoalRow) => ({ id: `plan-goal-${i}-${k}`, name: `goals.${i}.${k}`, value: g?.[k] });
  return html`<fieldset data-row>
    <legend>${t(lang, 'case.plan.goal', { n })}</legend>
    ${textInput({ ...at('goalId'), label: t(lang, 'case.goalId'), hint: t(lang, 'case.plan.goalIdHint') })}
    ${textArea({ ...at('description'), label: t(lang, 'common.description'), rows: 2 })}
    ${textInput({ ...at('ownerDepartment'), label: t(lang, 'case.ownerDepartment') })}
    ${textArea({ ...at('successMeasure'), label: t(lang, 'case.successMeasure'), rows: 2 })}
  </fieldset>`;
}

/** An agreed action: a row of fields that can be added, like a goal. */
function actionRow(lang: Lang, prefix: string, i: string, n: string, owners: Option[]): Html {
  const at = (k: string) => ({ id: `${prefix}-action-${i}-${k}`, name: `agreedActions.${i}.${k}` });
  return html`<fieldset data-row>
    <legend>${t(lang, 'case.followUp.action', { n })}</legend>
    ${textArea({ ...at('description'), label: t(lang, 'common.action'), rows: 2 })}
    ${select({ ...at('owner'), label: t(lang, 'case.owner'), options: owners })}
  </fieldset>`;
}

/** The approve / refuse form of a pending decision, for a supervisor of the case's team or the head. */
export function approvalForm(ctx: PageContext, caseId: string, d: DecisionView): Html {
  const { lang } = ctx;
  return decisionForm(
    lang,
    { action: commandPath('cases', caseId, COMMANDS.decideApproval), label: t(lang, 'case.approveLegend'), id: `approve-${d.decisionId}` },
    html`${hidden('decisionId', d.decisionId)}
    ${textArea({ name: 'reason', label: t(lang, 'common.reason'), hint: t(lang, 'case.approveReasonHint'), required: true, rows: 2 })}`,
  );
}

/** A one-button form that marks a manual task done. */
export function completeTaskForm(ctx: PageContext, action: string, task: TaskView): Html {
  const done = t(ctx.lang, 'case.done');
  return buttonForm({ action, label: done, submit: done, fields: hidden('taskId', task.taskId) });
}

/** Forms on a running measure: the follow-up when one is scheduled, and the decision on its end. */
export function measureForms(ctx: PageContext, d: FormData, m: FormData['measures'][number], coordinatorId: string | undefined): Html {
  const { lang } = ctx;
  if (!m.view || m.view.status !== 'active') return html``;
  const action = (c: Command) => commandPath('measures', m.measureId, c);
  const prefix = `m-${m.measureId.slice(0, 8)}`;
  const followUpDue = m.view.openTasks.some((x) => x.kind === 'follow-up' && x.status === 'open');
  // The decision on the end is always possible; the form opens by itself once its task is near (30 days).
  const endDue = m.view.openTasks.some(
    (x) => x.kind === 'measure-end-decision' && x.status === 'open' && Date.parse(x.dueAt) - Date.now() < 30 * 86_400_000,
  );
  const owners = [
    ...(coordinatorId ? [{ value: coordinatorId, label: t(lang, 'case.followUp.theCoordinator') }] : []),
    ...d.partners.map((p) => ({ value: p.id, label: p.name })),
  ];
  const known = d.scoredGoals.get(m.measureId);
  const goals = known ? d.goals.filter((g) => known.includes(g.goalId)) : d.goals;
  const scoreRows = goals.map((g, i) => {
    const sid = `${prefix}-score-${i}`;
    return html`<fieldset>
      <legend>${g.goalId}: ${g.description}</legend>
      ${
        known
          ? hidden(`scores.${i}.goalId`, g.goalId)
          : checkbox({
              id: `${sid}-goal`,
              name: `scores.${i}.goalId`,
              value: g.goalId,
              checked: true,
              label: t(lang, 'case.followUp.include'),
            })
      }
      ${textInput({ name: `scores.${i}.score`, label: t(lang, 'case.followUp.score'), inputType: 'number', type: 'int', min: 1, max: 10, step: 1 })}
    </fieldset>`;
  });
  const followUp = followUpDue
    ? step(
        `${prefix}-follow-up`,
        t(lang, 'case.followUp.title'),
        t(lang, 'case.followUp.hint'),
        apiForm(
          { action: action(COMMANDS.recordFollowUp), submit: t(lang, 'case.followUp.submit'), label: t(lang, 'case.followUp.title') },
          html`${textInput({
              name: 'heldAt',
              label: t(lang, 'case.followUp.heldAt'),
              hint: t(lang, 'case.conversation.heldAtHint'),
              inputType: 'datetime-local',
              type: 'datetime',
            })}
            ${emptyList('scores')} ${goals.length ? scoreRows : html`<p class="muted">${t(lang, 'case.followUp.noGoals')}</p>`}
            ${select({
              name: 'decision',
              label: t(lang, 'common.decision'),
              value: 'continue',
              options: (['continue', 'adjust', 'step-down', 'stop', 'replace'] as const).map((v) => ({
                value: v,
                label: t(lang, v === 'step-down' ? 'case.stepDown' : `case.followUp.${v}`),
              })),
            })}
            ${
              m.view.ladderStep > 1
                ? select({
                    name: 'newLadderStep',
                    label: t(lang, 'case.newLadderStep'),
                    hint: t(lang, 'case.measure.ladderHint'),
                    options: ladderOptions(lang, m.view.ladderStep),
                    placeholder: '–',
                    dataType: 'int',
                  })
                : ''
            }
            <fieldset id="${prefix}-actions">
              <legend>${t(lang, 'case.agreedActions')}</legend>
              ${emptyList('agreedActions')}
              <template>${actionRow(lang, prefix, '__i__', '__n__', owners)}</template>
              <p data-add-row-holder>
                <button type="button" class="secondary" data-add-row="${prefix}-actions">${t(lang, 'case.followUp.addAction')}</button>
              </p>
            </fieldset>`,
        ),
      )
    : '';
  const end = html`<details ${attr('open', endDue)} class="card">
    <summary>${t(lang, 'case.end.title')}</summary>
    <p class="muted small">${t(lang, 'case.end.hint')}</p>
    ${apiForm(
      { action: action(COMMANDS.decideMeasureEnd), submit: t(lang, 'case.saveDecision'), label: t(lang, 'case.end.title') },
      html`${select({
        name: 'decision',
        label: t(lang, 'common.decision'),
        placeholder: t(lang, 'common.choose'),
        options: (['extend', 'end', 'step-down'] as const).map((v) => ({
          value: v,
          label: t(lang, v === 'step-down' ? 'case.stepDown' : `case.end.${v}`),
        })),
      })}
      ${textInput({ name: 'newPlannedEnd', label: t(lang, 'case.end.newPlannedEnd'), inputType: 'date' })}
      ${
        m.view.ladderStep > 1
          ? select({
              name: 'newLadderStep',
              label: t(lang, 'case.newLadderStep'),
              options: ladderOptions(lang, m.view.ladderStep),
              placeholder: '–',
              dataType: 'int',
            })
          : ''
      }
      ${textArea({ name: 'reason', label: t(lang, 'common.reason'), required: true, rows: 2 })}`,
    )}
  </details>`;
  return html`${followUp}${end}`;
}

/** The forms for the case's next step, by phase and open tasks: only those the workflow would accept now. */
export function caseForms(ctx: PageContext, d: FormData): Html {
  const { lang } = ctx;
  const v = d.view;
  const action = (c: Command) => commandPath('cases', d.caseId, c);
  const open = v.phase !== 'closed';
  const tasks = v.openTasks.filter((x) => x.status === 'open');
  const parts: Html[] = [];

  if (open && d.leadsTeam && d.teamId) {
    parts.push(
      step(
        'step-assign',
        t(lang, 'case.assign.title'),
        '',
        d.coordinators.length
          ? apiForm(
              { action: action(COMMANDS.assignCoordinator), submit: t(lang, 'case.assign.submit'), label: t(lang, 'case.assign.title') },
              html`${hidden('teamId', d.teamId)}
              ${select({
                name: 'coordinatorId',
                label: t(lang, 'case.assign.coordinator'),
                value: v.coordinatorId,
                placeholder: t(lang, 'common.choose'),
                options: d.coordinators.map((c) => ({ value: c.id, label: c.name })),
              })}
              ${textArea({ name: 'reason', label: t(lang, 'case.assign.reason'), rows: 2 })}`,
            )
          : html`<p class="muted">${t(lang, 'case.assign.none')}</p>`,
      ),
    );
  }

  if (open && tasks.some((x) => x.kind === 'urgency-assessment')) {
    parts.push(
      step(
        'step-urgency',
        t(lang, 'case.urgency'),
        t(lang, 'case.urgency.hint'),
        apiForm(
          { action: action(COMMANDS.recordUrgencyAssessment), submit: t(lang, 'case.urgency.submit'), label: t(lang, 'case.urgency') },
          html`${select({
            name: 'childInDanger',
            label: t(lang, 'case.urgency.danger'),
            options: yesNo(lang),
            placeholder: t(lang, 'common.choose'),
            dataType: 'boolean',
          })}
          ${select({ name: 'acuteHelpNeeded', label: t(lang, 'case.urgency.acute'), options: yesNo(lang), placeholder: t(lang, 'common.choose'), dataType: 'boolean' })}`,
        ),
      ),
    );
  }

  if ((v.phase === 'intake' && v.urgency) || v.phase === 'screening') {
    const choices =
      v.phase === 'intake' ? (['assessment', 'screening', 'acute-measure', 'close'] as const) : (['assessment', 'close'] as const);
    parts.push(
      step(
        'step-triage',
        t(lang, 'case.triage.title'),
        t(lang, 'case.triage.hint'),
        apiForm(
          { action: action(COMMANDS.decideTriage), submit: t(lang, 'case.saveDecision'), label: t(lang, 'case.triage.title') },
          html`${select({
            name: 'decision',
            label: t(lang, 'common.decision'),
            placeholder: t(lang, 'common.choose'),
            options: choices.map((c) => ({ value: c, label: t(lang, TRIAGE[c]) })),
          })}
          ${textArea({ name: 'reason', label: t(lang, 'common.reason'), required: true })}`,
        ),
      ),
    );
  }

  if (['assessment', 'decision', 'measures'].includes(v.phase)) {
    parts.push(
      step(
        'step-conversation',
        t(lang, 'case.conversation.title'),
        t(lang, 'case.conversation.hint'),
        apiForm(
          {
            action: action(COMMANDS.recordChildConversation),
            submit: t(lang, 'case.conversation.submit'),
            label: t(lang, 'case.conversation.title'),
          },
          html`${textInput({
            name: 'heldAt',
            label: t(lang, 'case.conversation.heldAt'),
            hint: t(lang, 'case.conversation.heldAtHint'),
            inputType: 'datetime-local',
            type: 'datetime',
          })}
          ${textArea({ name: 'exceptionReason', label: t(lang, 'case.conversation.exception'), hint: t(lang, 'case.conversation.exceptionHint'), rows: 2 })}`,
        ),
      ),
    );
  }

  if (v.phase === 'assessment' && !v.assessment?.submittedAt) {
    parts.push(
      step(
        'step-assessment',
        t(lang, 'phase.assessment'),
        t(lang, 'case.assessment.hint'),
        apiForm(
          { action: action(COMMANDS.submitAssessment), submit: t(lang, 'case.assessment.submit'), label: t(lang, 'phase.assessment') },
          html`${select({
            name: 'conclusion',
            label: t(lang, 'case.assessment.conclusion'),
            placeholder: t(lang, 'common.choose'),
            options: (['measures-needed', 'no-measures'] as const).map((c) => ({ value: c, label: t(lang, `case.assessment.${c}`) })),
          })}
          ${textArea({ name: 'summary', label: t(lang, 'case.assessment.summary'), required: true, rows: 4 })}`,
        ),
      ),
    );
  }

  const acute = v.phase === 'assessment' && v.triage?.decision === 'acute-measure';
  if (acute || v.phase === 'decision' || v.phase === 'measures') {
    const today = new Date().toISOString().slice(0, 10);
    parts.push(
      step(
        'step-measure',
        t(lang, 'case.measure.title'),
        t(lang, 'case.measure.hint'),
        apiForm(
          { action: action(COMMANDS.proposeMeasure), submit: t(lang, 'case.measure.submit'), label: t(lang, 'case.measure.title') },
          html`${textInput({ name: 'measure.type', label: t(lang, 'case.measure.type'), hint: t(lang, 'case.measure.typeHint'), required: true })}
            ${select({
              name: 'measure.ladderStep',
              label: t(lang, 'case.measure.ladderStep'),
              hint: t(lang, 'case.measure.ladderHint'),
              placeholder: t(lang, 'common.choose'),
              options: ladderOptions(lang),
              dataType: 'int',
            })}
            ${textInput({ name: 'measure.provider', label: t(lang, 'case.provider'), required: true })}
            ${textInput({ name: 'measure.monthlyCost', label: t(lang, 'case.measure.monthlyCost'), inputType: 'number', type: 'number', min: 0, step: 1, required: true })}
            <div class="row">
              ${textInput({ name: 'measure.startDate', label: t(lang, 'case.measure.startDate'), inputType: 'date', value: today, required: true })}
              ${textInput({ name: 'measure.plannedEnd', label: t(lang, 'case.measure.plannedEnd'), inputType: 'date', required: true })}
            </div>
            ${textInput({
              name: 'measure.goalIds',
              label: t(lang, 'case.measure.goalIds'),
              hint: t(lang, 'case.measure.goalIdsHint'),
              type: 'list',
              value: d.goals.map((g) => g.goalId).join(', '),
            })}`,
        ),
      ),
    );
  }

  const planPending = v.decisions.some((x) => x.kind === 'plan' && x.status === 'pending');
  if ((v.phase === 'decision' || v.phase === 'measures') && v.decisions.some((x) => x.kind === 'measure')) {
    const rows = d.goals.length ? d.goals : [{ goalId: 'm1' }];
    parts.push(
      step(
        'step-plan',
        t(lang, 'common.childsPlan'),
        t(lang, 'case.plan.hint'),
        planPending
          ? html`<p>${t(lang, 'case.plan.pending')}</p>`
          : apiForm(
              { action: action(COMMANDS.submitPlan), submit: t(lang, 'case.plan.submit'), label: t(lang, 'common.childsPlan') },
              html`<div id="plan-goals" class="stack">
                ${rows.map((g, i) => goalRow(lang, String(i), String(i + 1), g))}
                <template>${goalRow(lang, '__i__', '__n__', { goalId: 'm__n__' })}</template>
                <p data-add-row-holder>
                  <button type="button" class="secondary" data-add-row="plan-goals">${t(lang, 'case.plan.add')}</button>
                </p>
              </div>`,
            ),
      ),
    );
  }

  if (
    (v.phase === 'decision' || v.phase === 'measures') &&
    !v.measures.some((m) => m.status === 'active') &&
    !v.decisions.some((x) => x.status === 'pending')
  ) {
    parts.push(
      step(
        'step-close',
        t(lang, 'case.close.title'),
        t(lang, 'case.close.hint'),
        apiForm(
          { action: action(COMMANDS.closeCase), submit: t(lang, 'case.closeCase'), label: t(lang, 'case.close.title') },
          textArea({ name: 'reason', label: t(lang, 'case.close.reason'), required: true, rows: 2 }),
        ),
      ),
    );
  }

  return parts.length ? html`${parts}` : html`<p class="muted">${t(lang, 'case.nothingToDo')}</p>`;
}
