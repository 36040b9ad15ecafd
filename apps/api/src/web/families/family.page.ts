import type { FamilyView, TaskView } from '../../../../../workflows/contract';
import { dateTime } from '../format';
import { apiForm, hidden, select, textInput } from '../forms';
import { type Html, html } from '../html';
import { type Lang, messages } from '../i18n';
import type { PageContext } from '../page-context';
import { dueCell, marks, shortId, taskKindCell } from '../tasks';

const t = messages({
  da: {
    title: 'Familie {id}',
    contact: 'Kontaktperson',
    coordinator: 'Rådgiver (familiekoordinator)',
    team: 'Team',
    deputy: 'Stedfortræder',
    none: 'Ingen',
    notSet: 'Ikke tildelt endnu',
    colleague: 'Kollega',
    cases: 'Børnesager',
    casesCaption: 'Familiens børnesager',
    case: 'Sag',
    phase: 'Fase',
    nextDeadline: 'Næste frist',
    caseLink: 'Sag {id}',
    'phase.intake': 'Modtagelse',
    'phase.screening': 'Screening',
    'phase.assessment': 'Børnefaglig undersøgelse',
    'phase.decision': 'Afgørelse',
    'phase.measures': 'Foranstaltninger',
    'phase.closed': 'Afsluttet',
    'phase.unknown': 'Ikke registreret endnu',
    inquiries: 'Henvendelser',
    inquiriesCaption: 'Familiens henvendelser og fristen for svar',
    channel: 'Kanal',
    received: 'Modtaget',
    due: 'Svarfrist',
    answer: 'Svar',
    answered: 'Besvaret {at}',
    onTime: 'Til tiden',
    late: 'For sent',
    markAnswered: 'Registrér som besvaret',
    'channel.phone': 'Telefon',
    'channel.sms': 'SMS',
    'channel.email': 'E-mail',
    'channel.letter': 'Brev',
    newInquiry: 'Registrér en henvendelse',
    receivedAt: 'Modtaget (tom: nu)',
    register: 'Registrér henvendelsen',
    appointments: 'Aftaler',
    appointmentsCaption: 'Familiens aftaler på tværs af forvaltninger',
    department: 'Forvaltning',
    departmentHint: 'fx jobcenter, børn og familie, sundhedspleje',
    start: 'Start',
    end: 'Slut',
    newAppointment: 'Tilføj en aftale',
    add: 'Tilføj aftalen',
    conflicts: 'Overlappende aftaler',
    conflictsCaption: 'Aftaler, der overlapper, og som skal løses',
    appointment: 'Aftale',
    resolve: 'Markér som løst',
    deadline: 'Frist',
    noneYet: 'Ingen endnu.',
    refusals: 'Sager, der ikke kunne flyttes ved skift af kontaktperson',
  },
  en: {
    title: 'Family {id}',
    contact: 'Contact person',
    coordinator: 'Coordinator (familiekoordinator)',
    team: 'Team',
    deputy: 'Deputy (stedfortræder)',
    none: 'None',
    notSet: 'Not assigned yet',
    colleague: 'Colleague',
    cases: 'Child cases (børnesager)',
    casesCaption: "The family's child cases",
    case: 'Case',
    phase: 'Phase',
    nextDeadline: 'Next deadline',
    caseLink: 'Case {id}',
    'phase.intake': 'Intake',
    'phase.screening': 'Screening',
    'phase.assessment': 'Child-welfare assessment (børnefaglig undersøgelse)',
    'phase.decision': 'Decision',
    'phase.measures': 'Measures (foranstaltninger)',
    'phase.closed': 'Closed',
    'phase.unknown': 'Not recorded yet',
    inquiries: 'Inquiries (henvendelser)',
    inquiriesCaption: "The family's inquiries and the deadline for an answer",
    channel: 'Channel',
    received: 'Received',
    due: 'Answer by',
    answer: 'Answer',
    answered: 'Answered {at}',
    onTime: 'On time',
    late: 'Late',
    markAnswered: 'Record as answered',
    'channel.phone': 'Phone',
    'channel.sms': 'Text message',
    'channel.email': 'Email',
    'channel.letter': 'Letter',
    newInquiry: 'Register an inquiry',
    receivedAt: 'Received (empty: now)',
    register: 'Register the inquiry',
    appointments: 'Appointments (aftaler)',
    appointmentsCaption: "The family's appointments across departments",
    department: 'Department',
    departmentHint: 'e.g. jobcenter, børn og familie, sundhedspleje',
    start: 'Start',
    end: 'End',
    newAppointment: 'Add an appointment',
    add: 'Add the appointment',
    conflicts: 'Overlapping appointments',
    conflictsCaption: 'Appointments that overlap and must be resolved',
    appointment: 'Appointment',
    resolve: 'Mark as resolved',
    deadline: 'Due',
    noneYet: 'None yet.',
    refusals: 'Cases a change of contact person could not move',
  },
});

const CHANNELS = ['phone', 'sms', 'email', 'letter'] as const;
const PHASES = ['intake', 'screening', 'assessment', 'decision', 'measures', 'closed'] as const;

export interface FamilyPageView {
  family: FamilyView;
  names: Map<string, string>;
  teamName: string | null;
  cases: Map<string, { phase: string; closed: boolean; nextDeadline: string | null }>;
  /** A fresh id for the appointment form (the command names the appointment). */
  newAppointmentId: string;
}

export function familyTitle(ctx: PageContext, familyId: string): string {
  return t(ctx.lang, 'title', { id: shortId(familyId) });
}

function phaseName(lang: Lang, phase: string | undefined): string {
  return phase && (PHASES as readonly string[]).includes(phase)
    ? t(lang, `phase.${phase as (typeof PHASES)[number]}`)
    : t(lang, 'phase.unknown');
}

function channelName(lang: Lang, channel: string): string {
  return (CHANNELS as readonly string[]).includes(channel) ? t(lang, `channel.${channel as (typeof CHANNELS)[number]}`) : channel;
}

const caption = (text: string) =>
  html`<caption class="muted small">
    ${text}
  </caption>`;

export function familyBody(ctx: PageContext, v: FamilyPageView): Html {
  const { lang } = ctx;
  const f = v.family;
  const commands = `/families/${f.familyId}/commands`;
  const person = (id: string | undefined, empty: string) => (id ? (v.names.get(id) ?? t(lang, 'colleague')) : empty);
  const open = f.openTasks.filter((task) => task.status === 'open');
  const inquiryTasks = new Map(open.filter((k) => k.kind === 'inquiry-response' && k.subjectId).map((k) => [k.subjectId!, k]));
  const conflicts = open.filter((k) => k.kind === 'appointment-conflict');
  return html`<section id="family-contact" aria-labelledby="family-contact-h" class="card">
      <h2 id="family-contact-h">${t(lang, 'contact')}</h2>
      <dl class="facts">
        <dt>${t(lang, 'coordinator')}</dt>
        <dd data-field="coordinator">${person(f.coordinatorId, t(lang, 'notSet'))}</dd>
        <dt>${t(lang, 'team')}</dt>
        <dd>${v.teamName ?? f.teamId ?? '–'}</dd>
        <dt>${t(lang, 'deputy')}</dt>
        <dd data-field="deputy">${person(f.deputyId, t(lang, 'none'))}</dd>
      </dl>
    </section>

    <section id="family-cases" aria-labelledby="family-cases-h">
      <h2 id="family-cases-h">${t(lang, 'cases')}</h2>
      ${
        f.childCaseIds.length === 0
          ? html`<p class="empty">${t(lang, 'noneYet')}</p>`
          : html`<div class="table-wrap">
              <table>
                ${caption(t(lang, 'casesCaption'))}
                <thead>
                  <tr>
                    <th scope="col">${t(lang, 'case')}</th>
                    <th scope="col">${t(lang, 'phase')}</th>
                    <th scope="col">${t(lang, 'nextDeadline')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${f.childCaseIds.map((id) => {
                    const c = v.cases.get(id);
                    return html`<tr data-case="${id}">
                      <td><a href="/app/cases/${id}">${t(lang, 'caseLink', { id: shortId(id) })}</a></td>
                      <td data-phase="${c?.phase ?? ''}">${phaseName(lang, c?.phase)}</td>
                      <td>${c?.nextDeadline && !c.closed ? dateTime(lang, c.nextDeadline) : '–'}</td>
                    </tr>`;
                  })}
                </tbody>
              </table>
            </div>`
      }
      ${
        f.handoverRefusals.length
          ? html`<h3>${t(lang, 'refusals')}</h3>
              <ul>
                ${f.handoverRefusals.map(
                  (r) => html`<li><a href="/app/cases/${r.caseId}">${t(lang, 'caseLink', { id: shortId(r.caseId) })}</a>: ${r.reason}</li>`,
                )}
              </ul>`
          : ''
      }
    </section>

    <section id="family-inquiries" aria-labelledby="family-inquiries-h">
      <h2 id="family-inquiries-h">${t(lang, 'inquiries')}</h2>
      ${
        f.inquiries.length === 0
          ? html`<p class="empty">${t(lang, 'noneYet')}</p>`
          : html`<div class="table-wrap">
              <table>
                ${caption(t(lang, 'inquiriesCaption'))}
                <thead>
                  <tr>
                    <th scope="col">${t(lang, 'channel')}</th>
                    <th scope="col">${t(lang, 'received')}</th>
                    <th scope="col">${t(lang, 'due')}</th>
                    <th scope="col">${t(lang, 'answer')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${[...f.inquiries].reverse().map((i) => inquiryRow(lang, commands, i, inquiryTasks.get(i.inquiryId)))}
                </tbody>
              </table>
            </div>`
      }
      <div class="card">
        <h3 id="family-new-inquiry-h">${t(lang, 'newInquiry')}</h3>
        ${apiForm(
          {
            action: `/families/${f.familyId}/inquiries`,
            submit: t(lang, 'register'),
            label: t(lang, 'newInquiry'),
            id: 'family-new-inquiry',
          },
          html`<div class="row">
            ${select({
              name: 'channel',
              label: t(lang, 'channel'),
              options: CHANNELS.map((c) => ({ value: c, label: channelName(lang, c) })),
              value: 'phone',
            })}
            ${textInput({ name: 'receivedAt', label: t(lang, 'receivedAt'), inputType: 'datetime-local', type: 'datetime' })}
          </div>`,
        )}
      </div>
    </section>

    <section id="family-appointments" aria-labelledby="family-appointments-h">
      <h2 id="family-appointments-h">${t(lang, 'appointments')}</h2>
      ${
        f.appointments.length === 0
          ? html`<p class="empty">${t(lang, 'noneYet')}</p>`
          : html`<div class="table-wrap">
              <table>
                ${caption(t(lang, 'appointmentsCaption'))}
                <thead>
                  <tr>
                    <th scope="col">${t(lang, 'department')}</th>
                    <th scope="col">${t(lang, 'start')}</th>
                    <th scope="col">${t(lang, 'end')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${[...f.appointments]
                    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
                    .map(
                      (a) =>
                        html`<tr data-appointment="${a.appointmentId}">
                          <td>${a.department}</td>
                          <td><time datetime="${a.start}">${dateTime(lang, a.start)}</time></td>
                          <td><time datetime="${a.end}">${dateTime(lang, a.end)}</time></td>
                        </tr>`,
                    )}
                </tbody>
              </table>
            </div>`
      }
      ${conflicts.length ? conflictList(lang, commands, f, conflicts) : ''}
      <div class="card">
        <h3>${t(lang, 'newAppointment')}</h3>
        ${apiForm(
          { action: `${commands}/add-appointment`, submit: t(lang, 'add'), label: t(lang, 'newAppointment'), id: 'family-new-appointment' },
          html`${hidden('appointmentId', v.newAppointmentId)}
            ${textInput({ name: 'department', label: t(lang, 'department'), hint: t(lang, 'departmentHint') })}
            <div class="row">
              ${textInput({ name: 'start', label: t(lang, 'start'), inputType: 'datetime-local', type: 'datetime' })}
              ${textInput({ name: 'end', label: t(lang, 'end'), inputType: 'datetime-local', type: 'datetime' })}
            </div>`,
        )}
      </div>
    </section>`;
}

function inquiryRow(lang: Lang, commands: string, i: FamilyView['inquiries'][number], task: TaskView | undefined): Html {
  const cls = task && Date.parse(task.dueAt) < Date.now() ? 'overdue' : '';
  return html`<tr data-inquiry="${i.inquiryId}" class="${cls}">
    <td>${channelName(lang, i.channel)}</td>
    <td><time datetime="${i.receivedAt}">${dateTime(lang, i.receivedAt)}</time></td>
    <td>${task ? html`${dueCell(lang, task)} ${marks(lang, task)}` : '–'}</td>
    <td>
      ${
        i.answeredAt
          ? html`${t(lang, 'answered', { at: dateTime(lang, i.answeredAt) })}
            ${i.onTime === undefined ? '' : i.onTime ? html` <span class="badge ok">${t(lang, 'onTime')}</span>` : html` <span class="badge overdue">${t(lang, 'late')}</span>`}`
          : html`<form
              class="api inline"
              data-api="${commands}/answer-inquiry"
              data-then="reload"
              aria-label="${t(lang, 'markAnswered')}"
              novalidate
            >
              ${hidden('inquiryId', i.inquiryId)}
              <button type="submit" class="secondary">${t(lang, 'markAnswered')}</button>
              <p class="form-error" hidden></p>
            </form>`
      }
    </td>
  </tr>`;
}

function conflictList(lang: Lang, commands: string, f: FamilyView, conflicts: TaskView[]): Html {
  const byId = new Map(f.appointments.map((a) => [a.appointmentId, a]));
  return html`<h3 id="family-conflicts-h">${t(lang, 'conflicts')}</h3>
    <div class="table-wrap" id="family-conflicts">
      <table>
        ${caption(t(lang, 'conflictsCaption'))}
        <thead>
          <tr>
            <th scope="col">${t(lang, 'appointment')}</th>
            <th scope="col">${t(lang, 'deadline')}</th>
            <th scope="col">${t(lang, 'resolve')}</th>
          </tr>
        </thead>
        <tbody>
          ${conflicts.map((task) => {
            const a = task.subjectId ? byId.get(task.subjectId) : undefined;
            return html`<tr data-task="${task.taskId}" data-kind="${task.kind}">
              <td>
                ${taskKindCell(lang, task.kind)}
                ${a ? html`<br />${a.department}: <time datetime="${a.start}">${dateTime(lang, a.start)}</time>–<time datetime="${a.end}">${dateTime(lang, a.end)}</time>` : ''}
              </td>
              <td>${dueCell(lang, task)} ${marks(lang, task)}</td>
              <td>
                <form
                  class="api inline"
                  data-api="${commands}/complete-task"
                  data-then="reload"
                  aria-label="${t(lang, 'resolve')}"
                  novalidate
                >
                  ${hidden('taskId', task.taskId)}
                  <button type="submit" class="secondary">${t(lang, 'resolve')}</button>
                  <p class="form-error" hidden></p>
                </form>
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
}
