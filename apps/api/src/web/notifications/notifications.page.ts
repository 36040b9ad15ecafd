import { apiForm, choices, pager, section, subjectLink, table, taskKindName, textInput } from '../components';
import { dateTime } from '../format';
import { type Html, html } from '../html';
import { type Key, t } from '../i18n';
import { roleName } from '../layout';
import type { PageContext } from '../page-context';

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
  return t(ctx.lang, 'nav.notifications');
}

export function notificationsBody(
  ctx: PageContext,
  settings: NotificationSettings,
  told: { items: ToldItem[]; next: string | null },
  cursor: string | undefined,
): Html {
  const { lang } = ctx;
  const chosen =
    settings.mode === 'digest'
      ? t(lang, 'notifications.chosen.digest', { time: settings.digestTime })
      : t(lang, 'notifications.chosen.immediate');
  return html`${section(
    { headingId: 'settings-heading', title: t(lang, 'notifications.settings'), class: 'card' },
    html`<p id="notification-choice" data-mode="${settings.mode}" data-digest-time="${settings.digestTime}">
        ${t(lang, 'notifications.chosen', { choice: chosen })}
      </p>
      ${apiForm(
        {
          action: '/me/notification-settings',
          method: 'PUT',
          submit: t(lang, 'notifications.save'),
          label: t(lang, 'notifications.settings'),
          id: 'notification-settings',
        },
        html`${choices({
          kind: 'one',
          name: 'mode',
          legend: t(lang, 'notifications.mode'),
          idPrefix: 'mode',
          options: (['immediate', 'digest'] as const).map((m) => ({
            value: m,
            label: t(lang, `notifications.mode.${m}`),
            checked: settings.mode === m,
          })),
        })}
        ${textInput({
          name: 'digestTime',
          label: t(lang, 'notifications.digestTime'),
          hint: t(lang, 'notifications.digestHint', { zone: settings.timezone }),
          inputType: 'time',
          value: settings.digestTime,
        })}`,
      )}
      <h3>${t(lang, 'notifications.always')}</h3>
      <ul>
        <li>
          ${t(lang, 'notifications.alwaysEscalations', { roles: settings.alwaysImmediate.escalationsTo.map((r) => roleName(lang, r)).join(', ') })}
        </li>
        <li>
          ${t(lang, 'notifications.alwaysKinds', { kinds: settings.alwaysImmediate.taskKinds.map((k) => taskKindName(lang, k.kind)).join(', ') })}
        </li>
      </ul>`,
  )}
  ${section(
    { headingId: 'told-heading', title: t(lang, 'notifications.told') },
    html`${table({
      caption: t(lang, 'notifications.caption'),
      items: told.items,
      empty: t(lang, 'notifications.empty'),
      row: (n) => ({ 'data-notification': text(n.id) }),
      columns: [
        { head: t(lang, 'common.when'), cell: (n) => dateTime(lang, text(n.occurredAt) || null) },
        { head: t(lang, 'common.task'), cell: (n) => taskKindName(lang, text(n.taskKind)) },
        { head: t(lang, 'notifications.step'), cell: (n) => stepText(ctx, n) },
        {
          head: t(lang, 'common.due'),
          cell: (n) =>
            n.dueAt ? html`<time datetime="${new Date(text(n.dueAt)).toISOString()}">${dateTime(lang, text(n.dueAt))}</time>` : '–',
        },
        { head: t(lang, 'common.case'), cell: (n) => where(ctx, n) },
        { head: t(lang, 'notifications.delivery'), cell: (n) => delivery(ctx, n) },
      ],
    })}
    ${pager(lang, { path: '/app/notifications', current: cursor, next: told.next })}`,
  )}`;
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v as string));

/** The steps of a task a person is told of. */
const STEPS: Record<string, Key> = {
  'task.opened': 'notifications.stepOpened',
  'task.assigned': 'notifications.stepAssigned',
  'task.reminded': 'notifications.stepReminded',
  'task.overdue': 'notifications.stepOverdue',
  'task.escalated': 'common.escalatedLevel',
};

function stepText({ lang }: PageContext, n: ToldItem): string {
  const step = text(n.step);
  return Object.hasOwn(STEPS, step) ? t(lang, STEPS[step], { level: text(n.level) }) : step;
}

/** The case or family the step was about: linked for those who read cases. */
function where({ lang, me }: PageContext, n: ToldItem): Html {
  const readsCases = me.roles.some((r) => r === 'coordinator' || r === 'supervisor' || r === 'head-of-department');
  return subjectLink(lang, { caseId: text(n.caseId), familyId: text(n.familyId) }, readsCases);
}

function delivery({ lang }: PageContext, n: ToldItem): Html {
  const d = text(n.delivery);
  return html`${d === 'immediate' || d === 'digest' ? t(lang, `notifications.delivery.${d}`) : d}
    <span class="muted small">(${n.mailed ? t(lang, 'notifications.mailed') : t(lang, 'notifications.waiting')})</span>`;
}
