import type { CaseView, DecisionView, MeasureView, TaskView } from '../../../../../workflows/contract';
import { attr, html, type Html } from '../html';
import type { Lang } from '../i18n';
import { apiForm, hidden, select, textArea, textInput } from '../forms';
import type { PageContext } from '../page-context';
import type { GoalRow, MeasureRow, Named } from './case-page.service';
import { t } from './case-texts';
import { ladderName } from './phases';

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
  { value: 'false', label: t(lang, 'no') },
  { value: 'true', label: t(lang, 'yes') },
];

const ladderOptions = (lang: Lang, below?: number) =>
  [1, 2, 3, 4, 5, 6].filter((n) => below === undefined || n < below).map((n) => ({ value: String(n), label: ladderName(lang, n) }));

/**
 * A list the body must carry even when it has no rows (`agreedActions: []`): forms.js turns this empty
 * list field into [] and the rows after it (`agreedActions.0.…`) fill it in.
 */
const emptyList = (name: string): Html => html`<input type="hidden" name="${name}" value="" data-type="list" data-keep-empty />`;

/** A section holding one form, with its heading and the legal hint under it. */
function section(id: string, title: string, hint: string, body: Html): Html {
  return html`<section class="card step" id="${id}" aria-labelledby="${id}-h">
    <h3 id="${id}-h">${title}</h3>
    <p class="muted small">${hint}</p>
    ${body}
  </section>`;
}

/** A field of a row that can be added (template rows carry __i__ in their ids and names, forms.js fills in the index). */
function rowField(
  o: { id: string; name: string; label: string; hint?: string; value?: string },
  control: 'input' | 'textarea' | { options: { value: string; label: string }[] },
): Html {
  const describedBy = html`aria-describedby="${o.hint ? `${o.id}-hint ` : ''}${o.id}-error"`;
  const input =
    control === 'input'
      ? html`<input id="${o.id}" name="${o.name}" type="text" value="${o.value ?? ''}" ${describedBy} />`
      : control === 'textarea'
        ? html`<textarea id="${o.id}" name="${o.name}" rows="2" ${describedBy}>${o.value ?? ''}</textarea>`
        : html`<select id="${o.id}" name="${o.name}" ${describedBy}>
            ${control.options.map((opt) => html`<option value="${opt.value}" ${attr('selected', o.value === opt.value)}>${opt.label}</option>`)}
          </select>`;
  return html`<div class="field">
    <label for="${o.id}">${o.label}</label>${o.hint ? html`<span class="hint" id="${o.id}-hint">${o.hint}</span>` : ''}${input}
    <p class="field-error" id="${o.id}-error" hidden></p>
  </div>`;
}

function goalRow(lang: Lang, i: string, n: string, g?: Partial<GoalRow>): Html {
  const id = (k: string) => `plan-goal-${i}-${k}`;
  const name = (k: string) => `goals.${i}.${k}`;
  return html`<fieldset data-row>
    <legend>${t(lang, 'plan.goal', { n })}</legend>
    ${rowField({ id: id('goalId'), name: name('goalId'), label: t(lang, 'goalId'), hint: t(lang, 'plan.goalIdHint'), value: g?.goalId }, 'input')}
    ${rowField({ id: id('description'), name: name('description'), label: t(lang, 'description'), value: g?.description }, 'textarea')}
    ${rowField({ id: id('ownerDepartment'), name: name('ownerDepartment'), label: t(lang, 'ownerDepartment'), value: g?.ownerDepartment }, 'input')}
    ${rowField({ id: id('successMeasure'), name: name('successMeasure'), label: t(lang, 'successMeasure'), value: g?.successMeasure }, 'textarea')}
  </fieldset>`;
}

function actionRow(lang: Lang, prefix: string, i: string, n: string, owners: { value: string; label: string }[]): Html {
  const id = (k: string) => `${prefix}-action-${i}-${k}`;
  return html`<fieldset data-row>
    <legend>${t(lang, 'followUp.action', { n })}</legend>
    ${rowField({ id: id('description'), name: `agreedActions.${i}.description`, label: t(lang, 'followUp.actionDescription') }, 'textarea')}
    ${rowField({ id: id('owner'), name: `agreedActions.${i}.owner`, label: t(lang, 'followUp.actionOwner') }, { options: owners })}
  </fieldset>`;
}

/** The approve / refuse form of a pending decision, for a supervisor of the case's team or the head. */
export function approvalForm(ctx: PageContext, caseId: string, d: DecisionView): Html {
  const { lang } = ctx;
  const id = `approve-${d.decisionId}`;
  return html`<form
    class="api"
    data-api="/cases/${caseId}/commands/decide-approval"
    data-method="POST"
    data-then="reload"
    aria-label="${t(lang, 'approveLegend')}"
    id="${id}"
    novalidate
  >
    ${hidden('decisionId', d.decisionId)}
    ${textArea({ name: 'reason', label: t(lang, 'approveReason'), hint: t(lang, 'approveReasonHint'), required: true, rows: 2 })}
    <p class="form-error" hidden></p>
    <p class="form-ok" hidden role="status"></p>
    <div class="row">
      <button type="submit" name="approved" value="true" data-type="boolean">${t(lang, 'approve')}</button>
      <button type="submit" name="approved" value="false" data-type="boolean" class="danger">${t(lang, 'refuse')}</button>
    </div>
  </form>`;
}

/** A one-button form that marks a manual task done. */
export function completeTaskForm(ctx: PageContext, action: string, task: TaskView): Html {
  return html`<form class="api inline" data-api="${action}" aria-label="${t(ctx.lang, 'done')}" novalidate>
    ${hidden('taskId', task.taskId)}
    <button type="submit" class="secondary">${t(ctx.lang, 'done')}</button>
    <p class="form-error" hidden></p>
  </form>`;
}

/** Forms on a running measure: the follow-up when one is scheduled, and the decision on its end. */
export function measureForms(ctx: PageContext, d: FormData, m: FormData['measures'][number], coordinatorId: string | undefined): Html {
  const { lang } = ctx;
  if (!m.view || m.view.status !== 'active') return html``;
  const action = (c: string) => `/measures/${m.measureId}/commands/${c}`;
  const prefix = `m-${m.measureId.slice(0, 8)}`;
  const followUpDue = m.view.openTasks.some((x) => x.kind === 'follow-up' && x.status === 'open');
  // The decision on the end is always possible; the form opens by itself once its task is near (30 days).
  const endDue = m.view.openTasks.some(
    (x) => x.kind === 'measure-end-decision' && x.status === 'open' && Date.parse(x.dueAt) - Date.now() < 30 * 86_400_000,
  );
  const owners = [
    ...(coordinatorId ? [{ value: coordinatorId, label: t(lang, 'followUp.theCoordinator') }] : []),
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
          : html`<div class="field">
              <div class="check">
                <input
                  id="${sid}-goal"
                  type="checkbox"
                  name="scores.${i}.goalId"
                  value="${g.goalId}"
                  checked
                  aria-describedby="${sid}-goal-error"
                />
                <label for="${sid}-goal">${t(lang, 'followUp.include')}</label>
              </div>
              <p class="field-error" id="${sid}-goal-error" hidden></p>
            </div>`
      }
      ${textInput({ name: `scores.${i}.score`, label: t(lang, 'followUp.score'), inputType: 'number', type: 'int', min: 1, max: 10, step: 1 })}
    </fieldset>`;
  });
  const followUp = followUpDue
    ? section(
        `${prefix}-follow-up`,
        t(lang, 'followUp.title'),
        t(lang, 'followUp.hint'),
        apiForm(
          { action: action('record-follow-up'), submit: t(lang, 'followUp.submit'), label: t(lang, 'followUp.title') },
          html`${textInput({
              name: 'heldAt',
              label: t(lang, 'followUp.heldAt'),
              hint: t(lang, 'conversation.heldAtHint'),
              inputType: 'datetime-local',
              type: 'datetime',
            })}
            ${emptyList('scores')} ${goals.length ? scoreRows : html`<p class="muted">${t(lang, 'followUp.noGoals')}</p>`}
            ${select({
              name: 'decision',
              label: t(lang, 'followUp.decision'),
              value: 'continue',
              options: (['continue', 'adjust', 'step-down', 'stop', 'replace'] as const).map((v) => ({
                value: v,
                label: t(lang, `followUp.${v}`),
              })),
            })}
            ${
              m.view.ladderStep > 1
                ? select({
                    name: 'newLadderStep',
                    label: t(lang, 'followUp.newLadderStep'),
                    hint: t(lang, 'measure.ladderHint'),
                    options: ladderOptions(lang, m.view.ladderStep),
                    placeholder: '–',
                    dataType: 'int',
                  })
                : ''
            }
            <fieldset id="${prefix}-actions">
              <legend>${t(lang, 'followUp.actions')}</legend>
              ${emptyList('agreedActions')}
              <template>${actionRow(lang, prefix, '__i__', '__n__', owners)}</template>
              <p data-add-row-holder>
                <button type="button" class="secondary" data-add-row="${prefix}-actions">${t(lang, 'followUp.addAction')}</button>
              </p>
            </fieldset>`,
        ),
      )
    : '';
  const end = html`<details ${attr('open', endDue)} class="card">
    <summary>${t(lang, 'end.title')}</summary>
    <p class="muted small">${t(lang, 'end.hint')}</p>
    ${apiForm(
      { action: action('decide-measure-end'), submit: t(lang, 'end.submit'), label: t(lang, 'end.title') },
      html`${select({
        name: 'decision',
        label: t(lang, 'end.decision'),
        placeholder: t(lang, 'choose'),
        options: (['extend', 'end', 'step-down'] as const).map((v) => ({ value: v, label: t(lang, `end.${v}`) })),
      })}
      ${textInput({ name: 'newPlannedEnd', label: t(lang, 'end.newPlannedEnd'), inputType: 'date' })}
      ${
        m.view.ladderStep > 1
          ? select({
              name: 'newLadderStep',
              label: t(lang, 'end.newLadderStep'),
              options: ladderOptions(lang, m.view.ladderStep),
              placeholder: '–',
              dataType: 'int',
            })
          : ''
      }
      ${textArea({ name: 'reason', label: t(lang, 'end.reason'), required: true, rows: 2 })}`,
    )}
  </details>`;
  return html`${followUp}${end}`;
}

/** The forms for the case's next step, by phase and open tasks: only those the workflow would accept now. */
export function caseForms(ctx: PageContext, d: FormData): Html {
  const { lang } = ctx;
  const v = d.view;
  const action = (c: string) => `/cases/${d.caseId}/commands/${c}`;
  const open = v.phase !== 'closed';
  const tasks = v.openTasks.filter((x) => x.status === 'open');
  const parts: Html[] = [];

  if (open && d.leadsTeam && d.teamId) {
    parts.push(
      section(
        'step-assign',
        t(lang, 'assign.title'),
        '',
        d.coordinators.length
          ? apiForm(
              { action: action('assign-coordinator'), submit: t(lang, 'assign.submit'), label: t(lang, 'assign.title') },
              html`${hidden('teamId', d.teamId)}
              ${select({
                name: 'coordinatorId',
                label: t(lang, 'assign.coordinator'),
                value: v.coordinatorId,
                placeholder: t(lang, 'choose'),
                options: d.coordinators.map((c) => ({ value: c.id, label: c.name })),
              })}
              ${textArea({ name: 'reason', label: t(lang, 'assign.reason'), rows: 2 })}`,
            )
          : html`<p class="muted">${t(lang, 'assign.none')}</p>`,
      ),
    );
  }

  if (open && tasks.some((x) => x.kind === 'urgency-assessment')) {
    parts.push(
      section(
        'step-urgency',
        t(lang, 'urgency.title'),
        t(lang, 'urgency.hint'),
        apiForm(
          { action: action('record-urgency-assessment'), submit: t(lang, 'urgency.submit'), label: t(lang, 'urgency.title') },
          html`${select({
            name: 'childInDanger',
            label: t(lang, 'urgency.danger'),
            options: yesNo(lang),
            placeholder: t(lang, 'choose'),
            dataType: 'boolean',
          })}
          ${select({ name: 'acuteHelpNeeded', label: t(lang, 'urgency.acute'), options: yesNo(lang), placeholder: t(lang, 'choose'), dataType: 'boolean' })}`,
        ),
      ),
    );
  }

  if ((v.phase === 'intake' && v.urgency) || v.phase === 'screening') {
    const choices =
      v.phase === 'intake' ? (['assessment', 'screening', 'acute-measure', 'close'] as const) : (['assessment', 'close'] as const);
    parts.push(
      section(
        'step-triage',
        t(lang, 'triage.title'),
        t(lang, 'triage.hint'),
        apiForm(
          { action: action('decide-triage'), submit: t(lang, 'triage.submit'), label: t(lang, 'triage.title') },
          html`${select({
            name: 'decision',
            label: t(lang, 'triage.decision'),
            placeholder: t(lang, 'choose'),
            options: choices.map((c) => ({ value: c, label: t(lang, `triage.${c}`) })),
          })}
          ${textArea({ name: 'reason', label: t(lang, 'triage.reason'), required: true })}`,
        ),
      ),
    );
  }

  if (['assessment', 'decision', 'measures'].includes(v.phase)) {
    parts.push(
      section(
        'step-conversation',
        t(lang, 'conversation.title'),
        t(lang, 'conversation.hint'),
        apiForm(
          { action: action('record-child-conversation'), submit: t(lang, 'conversation.submit'), label: t(lang, 'conversation.title') },
          html`${textInput({
            name: 'heldAt',
            label: t(lang, 'conversation.heldAt'),
            hint: t(lang, 'conversation.heldAtHint'),
            inputType: 'datetime-local',
            type: 'datetime',
          })}
          ${textArea({ name: 'exceptionReason', label: t(lang, 'conversation.exception'), hint: t(lang, 'conversation.exceptionHint'), rows: 2 })}`,
        ),
      ),
    );
  }

  if (v.phase === 'assessment' && !v.assessment?.submittedAt) {
    parts.push(
      section(
        'step-assessment',
        t(lang, 'assessment.title'),
        t(lang, 'assessment.hint'),
        apiForm(
          { action: action('submit-assessment'), submit: t(lang, 'assessment.submit'), label: t(lang, 'assessment.title') },
          html`${select({
            name: 'conclusion',
            label: t(lang, 'assessment.conclusion'),
            placeholder: t(lang, 'choose'),
            options: (['measures-needed', 'no-measures'] as const).map((c) => ({ value: c, label: t(lang, `assessment.${c}`) })),
          })}
          ${textArea({ name: 'summary', label: t(lang, 'assessment.summary'), required: true, rows: 4 })}`,
        ),
      ),
    );
  }

  const acute = v.phase === 'assessment' && v.triage?.decision === 'acute-measure';
  if (acute || v.phase === 'decision' || v.phase === 'measures') {
    const today = new Date().toISOString().slice(0, 10);
    parts.push(
      section(
        'step-measure',
        t(lang, 'measure.title'),
        t(lang, 'measure.hint'),
        apiForm(
          { action: action('propose-measure'), submit: t(lang, 'measure.submit'), label: t(lang, 'measure.title') },
          html`${textInput({ name: 'measure.type', label: t(lang, 'measure.type'), hint: t(lang, 'measure.typeHint'), required: true })}
            ${select({
              name: 'measure.ladderStep',
              label: t(lang, 'measure.ladderStep'),
              hint: t(lang, 'measure.ladderHint'),
              placeholder: t(lang, 'choose'),
              options: ladderOptions(lang),
              dataType: 'int',
            })}
            ${textInput({ name: 'measure.provider', label: t(lang, 'measure.provider'), required: true })}
            ${textInput({ name: 'measure.monthlyCost', label: t(lang, 'measure.monthlyCost'), inputType: 'number', type: 'number', min: 0, step: 1, required: true })}
            <div class="row">
              ${textInput({ name: 'measure.startDate', label: t(lang, 'measure.startDate'), inputType: 'date', value: today, required: true })}
              ${textInput({ name: 'measure.plannedEnd', label: t(lang, 'measure.plannedEnd'), inputType: 'date', required: true })}
            </div>
            ${textInput({
              name: 'measure.goalIds',
              label: t(lang, 'measure.goalIds'),
              hint: t(lang, 'measure.goalIdsHint'),
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
      section(
        'step-plan',
        t(lang, 'plan.title'),
        t(lang, 'plan.hint'),
        planPending
          ? html`<p>${t(lang, 'plan.pending')}</p>`
          : apiForm(
              { action: action('submit-plan'), submit: t(lang, 'plan.submit'), label: t(lang, 'plan.title') },
              html`<div id="plan-goals" class="stack">
                ${rows.map((g, i) => goalRow(lang, String(i), String(i + 1), g))}
                <template>${goalRow(lang, '__i__', '__n__', { goalId: 'm__n__' })}</template>
                <p data-add-row-holder><button type="button" class="secondary" data-add-row="plan-goals">${t(lang, 'plan.add')}</button></p>
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
      section(
        'step-close',
        t(lang, 'close.title'),
        t(lang, 'close.hint'),
        apiForm(
          { action: action('close-case'), submit: t(lang, 'close.submit'), label: t(lang, 'close.title') },
          textArea({ name: 'reason', label: t(lang, 'close.reason'), required: true, rows: 2 }),
        ),
      ),
    );
  }

  return parts.length ? html`${parts}` : html`<p class="muted">${t(lang, 'nothingToDo')}</p>`;
}
