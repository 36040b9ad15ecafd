import type { FamilyView, TaskView } from '../../../../../workflows/contract';
import { COMMANDS } from '../../../../../workflows/contract';
import {
  apiForm,
  badge,
  buttonForm,
  caseLink,
  casesWithReasons,
  dueCell,
  facts,
  hidden,
  marks,
  section,
  select,
  shortId,
  table,
  taskColumns,
  taskKindCell,
  taskTable,
  textInput,
} from '../components';
import { dateTime } from '../format';
import { type Html, html } from '../html';
import { type Key, type Lang, t } from '../i18n';
import type { PageContext } from '../page-context';
import { commandPath } from '../command-paths';

const CHANNELS = {
  phone: 'family.channelPhone',
  sms: 'family.channelSms',
  email: 'common.email',
  letter: 'family.channelLetter',
} as const satisfies Record<string, Key>;

/** A child case's phase as the family page says it (shorter than on the case page). */
const PHASES: Record<string, Key> = {
  intake: 'family.phaseIntake',
  screening: 'family.phaseScreening',
  assessment: 'phase.assessment',
  decision: 'common.legalDecision',
  measures: 'phase.measures',
  closed: 'common.closed',
};

export interface FamilyPageView {
  family: FamilyView;
  names: Map<string, string>;
  teamName: string | null;
  cases: Map<string, { phase: string; closed: boolean; nextDeadline: string | null }>;
  /** A fresh id for the appointment form (the command names the appointment). */
  newAppointmentId: string;
}

export function familyTitle(ctx: PageContext, familyId: string): string {
  return t(ctx.lang, 'common.familyLink', { id: shortId(familyId) });
}

function phaseName(lang: Lang, phase: string | undefined): string {
  return t(lang, phase && Object.hasOwn(PHASES, phase) ? PHASES[phase] : 'family.phaseUnknown');
}

function channelName(lang: Lang, channel: string): string {
  return Object.hasOwn(CHANNELS, channel) ? t(lang, CHANNELS[channel as keyof typeof CHANNELS]) : channel;
}

export function familyBody(ctx: PageContext, v: FamilyPageView): Html {
  const { lang } = ctx;
  const f = v.family;
  const person = (id: string | undefined, empty: string) => (id ? (v.names.get(id) ?? t(lang, 'common.colleague')) : empty);
  const open = f.openTasks.filter((task) => task.status === 'open');
  const inquiryTasks = new Map(open.filter((k) => k.kind === 'inquiry-response' && k.subjectId).map((k) => [k.subjectId!, k]));
  const conflicts = open.filter((k) => k.kind === 'appointment-conflict');
  const noneYet = t(lang, 'family.noneYet');
  return html`${section(
    { id: 'family-contact', title: t(lang, 'family.contact'), class: 'card' },
    facts([
      {
        term: t(lang, 'family.coordinator'),
        value: person(f.coordinatorId, t(lang, 'family.notSet')),
        attrs: { 'data-field': 'coordinator' },
      },
      { term: t(lang, 'common.team'), value: v.teamName ?? f.teamId ?? '–' },
      { term: t(lang, 'family.deputy'), value: person(f.deputyId, t(lang, 'common.none')), attrs: { 'data-field': 'deputy' } },
    ]),
  )}
  ${section(
    { id: 'family-cases', title: t(lang, 'family.cases') },
    html`${table({
      caption: t(lang, 'family.casesCaption'),
      items: f.childCaseIds,
      empty: noneYet,
      row: (id) => ({ 'data-case': id }),
      columns: [
        { head: t(lang, 'common.case'), cell: (id) => caseLink(lang, id) },
        {
          head: t(lang, 'common.phase'),
          cell: (id) => phaseName(lang, v.cases.get(id)?.phase),
          attrs: (id) => ({ 'data-phase': v.cases.get(id)?.phase ?? '' }),
        },
        {
          head: t(lang, 'common.nextDeadline'),
          cell: (id) => {
            const c = v.cases.get(id);
            return c?.nextDeadline && !c.closed ? dateTime(lang, c.nextDeadline) : '–';
          },
        },
      ],
    })}
    ${
      f.handoverRefusals.length
        ? html`<h3>${t(lang, 'family.refusals')}</h3>
            ${casesWithReasons(lang, f.handoverRefusals)}`
        : ''
    }`,
  )}
  ${section(
    { id: 'family-inquiries', title: t(lang, 'family.inquiries') },
    html`${table({
        caption: t(lang, 'family.inquiriesCaption'),
        items: [...f.inquiries].reverse(),
        empty: noneYet,
        row: (i) => {
          const task = inquiryTasks.get(i.inquiryId);
          return { 'data-inquiry': i.inquiryId, class: task && Date.parse(task.dueAt) < Date.now() ? 'overdue' : '' };
        },
        columns: [
          { head: t(lang, 'family.channel'), cell: (i) => channelName(lang, i.channel) },
          { head: t(lang, 'family.received'), cell: (i) => time(lang, i.receivedAt) },
          {
            head: t(lang, 'family.due'),
            cell: (i) => {
              const task = inquiryTasks.get(i.inquiryId);
              return task ? html`${dueCell(lang, task)} ${marks(lang, task)}` : '–';
            },
          },
          { head: t(lang, 'family.answer'), cell: (i) => answer(lang, f.familyId, i) },
        ],
      })}
      <div class="card">
        <h3 id="family-new-inquiry-h">${t(lang, 'family.newInquiry')}</h3>
        ${apiForm(
          {
            action: `/families/${f.familyId}/inquiries`,
            submit: t(lang, 'family.register'),
            label: t(lang, 'family.newInquiry'),
            id: 'family-new-inquiry',
          },
          html`<div class="row">
            ${select({
              name: 'channel',
              label: t(lang, 'family.channel'),
              options: Object.keys(CHANNELS).map((c) => ({ value: c, label: channelName(lang, c) })),
              value: 'phone',
            })}
            ${textInput({ name: 'receivedAt', label: t(lang, 'family.receivedAt'), inputType: 'datetime-local', type: 'datetime' })}
          </div>`,
        )}
      </div>`,
  )}
  ${section(
    { id: 'family-appointments', title: t(lang, 'family.appointments') },
    html`${table({
        caption: t(lang, 'family.appointmentsCaption'),
        items: [...f.appointments].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)),
        empty: noneYet,
        row: (a) => ({ 'data-appointment': a.appointmentId }),
        columns: [
          { head: t(lang, 'family.department'), cell: (a) => a.department },
          { head: t(lang, 'common.start'), cell: (a) => time(lang, a.start) },
          { head: t(lang, 'family.end'), cell: (a) => time(lang, a.end) },
        ],
      })}
      ${conflicts.length ? conflictList(lang, f, conflicts) : ''}
      <div class="card">
        <h3>${t(lang, 'family.newAppointment')}</h3>
        ${apiForm(
          {
            action: commandPath('families', f.familyId, COMMANDS.addAppointment),
            submit: t(lang, 'family.add'),
            label: t(lang, 'family.newAppointment'),
            id: 'family-new-appointment',
          },
          html`${hidden('appointmentId', v.newAppointmentId)}
            ${textInput({ name: 'department', label: t(lang, 'family.department'), hint: t(lang, 'family.departmentHint') })}
            <div class="row">
              ${textInput({ name: 'start', label: t(lang, 'common.start'), inputType: 'datetime-local', type: 'datetime' })}
              ${textInput({ name: 'end', label: t(lang, 'family.end'), inputType: 'datetime-local', type: 'datetime' })}
            </div>`,
        )}
      </div>`,
  )}`;
}

const time = (lang: Lang, at: string): Html => html`<time datetime="${at}">${dateTime(lang, at)}</time>`;

/** When the inquiry was answered and whether on time, or the button that records the answer. */
function answer(lang: Lang, familyId: string, i: FamilyView['inquiries'][number]): Html {
  if (!i.answeredAt) {
    const label = t(lang, 'family.markAnswered');
    return buttonForm({
      action: commandPath('families', familyId, COMMANDS.answerInquiry),
      label,
      submit: label,
      fields: hidden('inquiryId', i.inquiryId),
    });
  }
  const onTime = i.onTime === undefined ? '' : i.onTime ? badge('ok', t(lang, 'family.onTime')) : badge('overdue', t(lang, 'family.late'));
  return html`${t(lang, 'family.answered', { at: dateTime(lang, i.answeredAt) })} ${onTime}`;
}

function conflictList(lang: Lang, f: FamilyView, conflicts: TaskView[]): Html {
  const byId = new Map(f.appointments.map((a) => [a.appointmentId, a]));
  const c = taskColumns<TaskView>(lang);
  const resolve = t(lang, 'family.resolve');
  return html`<h3 id="family-conflicts-h">${t(lang, 'family.conflicts')}</h3>
    ${taskTable(lang, {
      id: 'family-conflicts',
      caption: t(lang, 'family.conflictsCaption'),
      items: conflicts,
      columns: [
        {
          head: t(lang, 'family.appointment'),
          cell: (task) => {
            const a = task.subjectId ? byId.get(task.subjectId) : undefined;
            return html`${taskKindCell(lang, task.kind)}
            ${a ? html`<br />${a.department}: ${time(lang, a.start)}–${time(lang, a.end)}` : ''}`;
          },
        },
        c.dueMarked,
        {
          head: resolve,
          cell: (task) =>
            buttonForm({
              action: commandPath('families', f.familyId, COMMANDS.completeFamilyTask),
              label: resolve,
              submit: resolve,
              fields: hidden('taskId', task.taskId),
            }),
        },
      ],
    })}`;
}
