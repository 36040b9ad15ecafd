import { dateTime } from '../format';
import { attr, type Html, html } from '../html';
import { messages } from '../i18n';
import { roleName } from '../layout';
import type { PageContext } from '../page-context';
import { apiForm, textInput } from '../forms';
import { shortId, taskKindName } from '../tasks';

const t = messages({
  da: {
    title: 'Notifikationer',
    settings: 'Sådan får jeg besked',
    mode: 'Besked om mine opgaver',
    'mode.immediate': 'En mail ved hvert skridt, med det samme',
    'mode.digest': 'Én samlet mail om dagen (dagligt overblik)',
    digestTime: 'Tidspunkt for det daglige overblik',
    digestHint: 'TT:MM, dansk tid ({zone})',
    save: 'Gem',
    chosen: 'Valgt nu: {choice}',
    'chosen.immediate': 'mail med det samme',
    'chosen.digest': 'dagligt overblik kl. {time}',
    always: 'Altid med det samme, uanset valget',
    alwaysEscalations: 'Eskaleringer til {roles}',
    alwaysKinds: 'Opgaver på 24-timersfristen: {kinds}',
    told: 'Det, jeg har fået besked om',
    caption: 'Skridt på mine opgaver, nyeste først',
    when: 'Tidspunkt',
    task: 'Opgave',
    step: 'Skridt',
    due: 'Frist',
    where: 'Sag',
    delivery: 'Levering',
    'delivery.immediate': 'Med det samme',
    'delivery.digest': 'Dagligt overblik',
    mailed: 'sendt',
    waiting: 'venter',
    empty: 'Du har ikke fået besked om noget endnu.',
    'step.task.opened': 'Ny opgave',
    'step.task.assigned': 'Tildelt dig',
    'step.task.reminded': 'Påmindelse',
    'step.task.overdue': 'Frist overskredet',
    'step.task.escalated': 'Eskaleret niveau {level}',
    caseLink: 'Sag {id}',
    familyLink: 'Familie {id}',
    next: 'Næste side',
    first: 'Første side',
    pages: 'Sider',
  },
  en: {
    title: 'Notifications',
    settings: 'How I am told',
    mode: 'Mail about my tasks',
    'mode.immediate': 'One mail for each step, at once',
    'mode.digest': 'One mail a day (daily digest)',
    digestTime: 'Time of the daily digest',
    digestHint: 'HH:MM, Danish time ({zone})',
    save: 'Save',
    chosen: 'Chosen now: {choice}',
    'chosen.immediate': 'mail at once',
    'chosen.digest': 'daily digest at {time}',
    always: 'Always at once, whatever the choice',
    alwaysEscalations: 'Escalations to {roles}',
    alwaysKinds: 'Tasks on the 24-hour clock: {kinds}',
    told: 'What I have been told',
    caption: 'Steps of my tasks, newest first',
    when: 'When',
    task: 'Task',
    step: 'Step',
    due: 'Due',
    where: 'Case',
    delivery: 'Delivery',
    'delivery.immediate': 'At once',
    'delivery.digest': 'Daily digest',
    mailed: 'sent',
    waiting: 'waiting',
    empty: 'You have not been told of anything yet.',
    'step.task.opened': 'New task',
    'step.task.assigned': 'Assigned to you',
    'step.task.reminded': 'Reminder',
    'step.task.overdue': 'Deadline passed',
    'step.task.escalated': 'Escalated level {level}',
    caseLink: 'Case {id}',
    familyLink: 'Family {id}',
    next: 'Next page',
    first: 'First page',
    pages: 'Pages',
  },
});

export interface NotificationSettings {
  mode: string;
  digestTime: string;
  timezone: string;
  alwaysImmediate: { escalationsTo: readonly string[]; taskKinds: { kind: string }[] };
}

export interface ToldItem {
  id: unknown;
  caseId: unknown;
  familyId: unknown;
  taskKind: unknown;
  step: unknown;
  level: unknown;
  dueAt: unknown;
  occurredAt: unknown;
  delivery: unknown;
  mailed: boolean;
}

export function notificationsTitle(ctx: PageContext): string {
  return t(ctx.lang, 'title');
}

export function notificationsBody(
  ctx: PageContext,
  settings: NotificationSettings,
  told: { items: ToldItem[]; next: string | null },
  cursor: string | undefined,
): Html {
  const { lang } = ctx;
  const chosen = settings.mode === 'digest' ? t(lang, 'chosen.digest', { time: settings.digestTime }) : t(lang, 'chosen.immediate');
  return html`<section class="card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">${t(lang, 'settings')}</h2>
      <p id="notification-choice" data-mode="${settings.mode}" data-digest-time="${settings.digestTime}">
        ${t(lang, 'chosen', { choice: chosen })}
      </p>
      ${apiForm(
        {
          action: '/me/notification-settings',
          method: 'PUT',
          submit: t(lang, 'save'),
          label: t(lang, 'settings'),
          id: 'notification-settings',
        },
        html`<div class="field">
            <fieldset>
              <legend>${t(lang, 'mode')}</legend>
              ${(['immediate', 'digest'] as const).map(
                (m) =>
                  html`<div class="check">
                    <input
                      type="radio"
                      id="mode-${m}"
                      name="mode"
                      value="${m}"
                      ${attr('checked', settings.mode === m)}
                      aria-describedby="mode-error"
                    />
                    <label for="mode-${m}">${t(lang, `mode.${m}`)}</label>
                  </div>`,
              )}
            </fieldset>
            <p class="field-error" id="mode-error" hidden></p>
          </div>
          ${textInput({
            name: 'digestTime',
            label: t(lang, 'digestTime'),
            hint: t(lang, 'digestHint', { zone: settings.timezone }),
            inputType: 'time',
            value: settings.digestTime,
          })}`,
      )}
      <h3>${t(lang, 'always')}</h3>
      <ul>
        <li>${t(lang, 'alwaysEscalations', { roles: settings.alwaysImmediate.escalationsTo.map((r) => roleName(lang, r)).join(', ') })}</li>
        <li>${t(lang, 'alwaysKinds', { kinds: settings.alwaysImmediate.taskKinds.map((k) => taskKindName(lang, k.kind)).join(', ') })}</li>
      </ul>
    </section>
    <section aria-labelledby="told-heading">
      <h2 id="told-heading">${t(lang, 'told')}</h2>
      ${
        told.items.length === 0
          ? html`<p class="empty">${t(lang, 'empty')}</p>`
          : html`<div class="table-wrap">
              <table>
                <caption class="muted small">
                  ${t(lang, 'caption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t(lang, 'when')}</th>
                    <th scope="col">${t(lang, 'task')}</th>
                    <th scope="col">${t(lang, 'step')}</th>
                    <th scope="col">${t(lang, 'due')}</th>
                    <th scope="col">${t(lang, 'where')}</th>
                    <th scope="col">${t(lang, 'delivery')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${told.items.map((n) => row(ctx, n))}
                </tbody>
              </table>
            </div>`
      }
      <nav class="pager" aria-label="${t(lang, 'pages')}">
        ${cursor ? html`<a href="/app/notifications">${t(lang, 'first')}</a>` : ''}
        ${told.next ? html`<a href="/app/notifications?cursor=${encodeURIComponent(told.next)}">${t(lang, 'next')}</a>` : ''}
      </nav>
    </section>`;
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v as string));

function row(ctx: PageContext, n: ToldItem): Html {
  const { lang, me } = ctx;
  const step = text(n.step);
  const stepKey = `step.${step}` as Parameters<typeof t>[1];
  const stepText = ['task.opened', 'task.assigned', 'task.reminded', 'task.overdue', 'task.escalated'].includes(step)
    ? t(lang, stepKey, { level: text(n.level) })
    : step;
  const readsCases = me.roles.some((r) => r === 'coordinator' || r === 'supervisor' || r === 'head-of-department');
  const caseId = text(n.caseId);
  const familyId = text(n.familyId);
  const where = caseId
    ? readsCases
      ? html`<a href="/app/cases/${caseId}">${t(lang, 'caseLink', { id: shortId(caseId) })}</a>`
      : t(lang, 'caseLink', { id: shortId(caseId) })
    : familyId
      ? readsCases
        ? html`<a href="/app/families/${familyId}">${t(lang, 'familyLink', { id: shortId(familyId) })}</a>`
        : t(lang, 'familyLink', { id: shortId(familyId) })
      : '–';
  const delivery = text(n.delivery);
  return html`<tr data-notification="${text(n.id)}">
    <td>${dateTime(lang, text(n.occurredAt) || null)}</td>
    <td>${taskKindName(lang, text(n.taskKind))}</td>
    <td>${stepText}</td>
    <td>${n.dueAt ? html`<time datetime="${new Date(text(n.dueAt)).toISOString()}">${dateTime(lang, text(n.dueAt))}</time>` : '–'}</td>
    <td>${where}</td>
    <td>
      ${delivery === 'immediate' || delivery === 'digest' ? t(lang, `delivery.${delivery}`) : delivery}
      <span class="muted small">(${n.mailed ? t(lang, 'mailed') : t(lang, 'waiting')})</span>
    </td>
  </tr>`;
}
