import { USER_ROLES } from '../../../../../libs/organisation/demo-organisation';
import type { AbsenceView, DepartmentView, PartnerDepartmentView, TeamView, UserView } from '../../organisation/organisation.service';
import { apiForm, badge, buttonForm, checkbox, choices, facts, hidden, section, select, table, textInput } from '../components';
import { dateTime } from '../format';
import { type Html, html } from '../html';
import { type Lang, t } from '../i18n';
import { roleName } from '../layout';
import type { PageContext } from '../page-context';

export interface Organisation {
  users: UserView[];
  teams: TeamView[];
  partnerDepartments: PartnerDepartmentView[];
  department: DepartmentView | null;
}

const nameOf = (org: Organisation, userId: string | null): string =>
  userId ? (org.users.find((u) => u.id === userId)?.displayName ?? userId) : '–';
const teamName = (org: Organisation, teamId: string | null): string =>
  teamId ? (org.teams.find((x) => x.id === teamId)?.name ?? teamId) : '–';
const partnerName = (org: Organisation, id: string | null): string =>
  id ? (org.partnerDepartments.find((p) => p.id === id)?.name ?? id) : '–';
const yesNo = (lang: Lang, v: boolean) => t(lang, v ? 'common.yes' : 'common.no');

export const usersTitle = (ctx: PageContext) => t(ctx.lang, 'nav.users');
export const teamsTitle = (ctx: PageContext) => t(ctx.lang, 'nav.teams');
export const userTitle = (ctx: PageContext, user: UserView) => t(ctx.lang, 'organisation.user', { name: user.displayName });

/** Roles as checkboxes named roles.0…: forms.ts sends the checked ones as a list. */
function rolesField(lang: Lang, checked: readonly string[], prefix: string): Html {
  return choices({
    kind: 'several',
    name: 'roles',
    legend: t(lang, 'organisation.roles'),
    idPrefix: `${prefix}-role`,
    options: USER_ROLES.map((role) => ({ value: role, label: roleName(lang, role), checked: checked.includes(role) })),
  });
}

/** The number of cases a coordinator aims at. */
function caseloadField(lang: Lang, value?: number): Html {
  return textInput({
    name: 'caseloadTarget',
    label: t(lang, 'organisation.caseloadTarget'),
    hint: t(lang, 'organisation.caseloadHint'),
    inputType: 'number',
    type: 'int',
    min: 0,
    max: 500,
    value,
  });
}

/** A user's name, e-mail, roles, team, partner department, caseload target and whether active: to create or to change. */
function userFields(lang: Lang, org: Organisation, u: UserView | null): Html {
  return html`<div class="row">
      ${u ? '' : textInput({ name: 'username', label: t(lang, 'organisation.username'), hint: t(lang, 'organisation.usernameHint'), required: true })}
      ${textInput({ name: 'displayName', label: t(lang, 'organisation.name'), value: u?.displayName, required: true })}
      ${textInput({ name: 'email', label: t(lang, 'common.email'), inputType: 'email', value: u?.email, required: true })}
    </div>
    ${rolesField(lang, u?.roles ?? [], u ? 'edit' : 'new')}
    <div class="row">
      ${teamSelect(lang, org, u?.teamId ?? null)} ${partnerSelect(lang, org, u?.partnerDepartmentId ?? null)}
      ${caseloadField(lang, u?.caseloadTarget ?? undefined)}
    </div>
    ${checkbox({ name: 'active', label: t(lang, 'common.active'), checked: u?.active ?? true })}`;
}

function teamSelect(lang: Lang, org: Organisation, value: string | null): Html {
  return select({
    name: 'teamId',
    label: t(lang, 'common.team'),
    value: value ?? '',
    placeholder: t(lang, 'organisation.noTeam'),
    options: org.teams.map((x) => ({ value: x.id, label: x.name })),
  });
}

function partnerSelect(lang: Lang, org: Organisation, value: string | null): Html {
  return select({
    name: 'partnerDepartmentId',
    label: t(lang, 'organisation.partnerDepartment'),
    hint: t(lang, 'organisation.partnerHint'),
    value: value ?? '',
    placeholder: t(lang, 'common.none'),
    options: org.partnerDepartments.map((p) => ({ value: p.id, label: p.name })),
  });
}

export function usersBody(ctx: PageContext, org: Organisation, canManage: boolean): Html {
  const { lang } = ctx;
  return html`${table({
    id: 'users',
    caption: t(lang, 'organisation.usersCaption'),
    items: org.users,
    row: (u) => ({ 'data-user': u.id }),
    columns: [
      {
        head: t(lang, 'organisation.name'),
        cell: (u) => (canManage ? html`<a href="/app/admin/users/${u.id}">${u.displayName}</a>` : u.displayName),
      },
      { head: t(lang, 'organisation.username'), cell: (u) => u.username },
      { head: t(lang, 'common.email'), cell: (u) => u.email },
      { head: t(lang, 'organisation.roles'), cell: (u) => roleNames(lang, u.roles) },
      { head: t(lang, 'common.team'), cell: (u) => teamName(org, u.teamId) },
      { head: t(lang, 'organisation.partnerDepartment'), cell: (u) => partnerName(org, u.partnerDepartmentId) },
      { head: t(lang, 'organisation.caseloadTarget'), cell: (u) => u.caseloadTarget ?? '–' },
      {
        head: t(lang, 'common.active'),
        cell: (u) => (u.active ? badge('ok', t(lang, 'common.yes')) : badge('plain', t(lang, 'common.no'))),
      },
    ],
  })}
  ${
    canManage
      ? section(
          { headingId: 'create-user-heading', title: t(lang, 'organisation.createUser'), class: 'card' },
          apiForm(
            {
              action: '/admin/users',
              submit: t(lang, 'organisation.create'),
              label: t(lang, 'organisation.createUser'),
              id: 'create-user',
            },
            userFields(lang, org, null),
          ),
        )
      : readOnly(lang)
  }`;
}

const readOnly = (lang: Lang): Html => html`<p class="muted">${t(lang, 'organisation.readOnly')}</p>`;
const roleNames = (lang: Lang, roles: readonly string[]): string => roles.map((r) => roleName(lang, r)).join(', ');

export function userBody(
  ctx: PageContext,
  org: Organisation,
  user: UserView & { absentNow: AbsenceView | null },
  absences: AbsenceView[],
): Html {
  const { lang } = ctx;
  const standIns = org.users.filter((u) => u.active && u.id !== user.id);
  const edit = t(lang, 'organisation.editNamed', { name: user.displayName });
  return html`<p><a href="/app/admin/users">${t(lang, 'organisation.back')}</a></p>
    ${section(
      { headingId: 'facts-heading', title: t(lang, 'organisation.facts'), class: 'card' },
      facts([
        { term: t(lang, 'organisation.username'), value: user.username },
        { term: t(lang, 'common.email'), value: user.email },
        { term: t(lang, 'organisation.roles'), value: roleNames(lang, user.roles) },
        { term: t(lang, 'common.team'), value: teamName(org, user.teamId) },
        { term: t(lang, 'organisation.partnerDepartment'), value: partnerName(org, user.partnerDepartmentId) },
        { term: t(lang, 'organisation.caseloadTarget'), value: user.caseloadTarget ?? '–' },
        { term: t(lang, 'common.active'), value: yesNo(lang, user.active) },
        {
          term: t(lang, 'organisation.absentNow'),
          value: user.absentNow
            ? t(lang, 'organisation.absentUntil', {
                until: dateTime(lang, user.absentNow.endsAt),
                standIn: nameOf(org, user.absentNow.standInId),
              })
            : t(lang, 'organisation.notAbsent'),
          attrs: { id: 'absent-now' },
        },
      ]),
    )}
    ${section(
      { headingId: 'absences-heading', title: t(lang, 'organisation.absences'), class: 'card' },
      html`${table({
          id: 'absences',
          caption: t(lang, 'organisation.absencesCaption'),
          items: absences,
          empty: t(lang, 'organisation.noAbsences'),
          row: (a) => ({ 'data-absence': a.id }),
          columns: [
            { head: t(lang, 'organisation.from'), cell: (a) => html`<time datetime="${a.startsAt}">${dateTime(lang, a.startsAt)}</time>` },
            { head: t(lang, 'organisation.to'), cell: (a) => html`<time datetime="${a.endsAt}">${dateTime(lang, a.endsAt)}</time>` },
            {
              head: t(lang, 'organisation.standIn'),
              cell: (a) => nameOf(org, a.standInId),
              attrs: (a) => ({ 'data-stand-in': a.standInId }),
            },
            { head: t(lang, 'organisation.reason'), cell: (a) => a.reason ?? '–' },
            {
              head: html`<span class="muted small">${t(lang, 'organisation.remove')}</span>`,
              cell: (a) =>
                buttonForm({
                  action: `/admin/users/${user.id}/absences/${a.id}`,
                  method: 'DELETE',
                  label: t(lang, 'organisation.removeAbsence', { from: dateTime(lang, a.startsAt), to: dateTime(lang, a.endsAt) }),
                  submit: t(lang, 'organisation.remove'),
                  tone: 'danger',
                }),
            },
          ],
        })}
        <h3 id="add-absence-heading">${t(lang, 'organisation.addAbsence')}</h3>
        ${apiForm(
          {
            action: `/admin/users/${user.id}/absences`,
            submit: t(lang, 'organisation.add'),
            label: t(lang, 'organisation.addAbsence'),
            id: 'add-absence',
          },
          html`<div class="row">
              ${textInput({ name: 'startsAt', label: t(lang, 'organisation.from'), inputType: 'datetime-local', type: 'datetime', required: true })}
              ${textInput({ name: 'endsAt', label: t(lang, 'organisation.to'), inputType: 'datetime-local', type: 'datetime', required: true })}
            </div>
            ${select({
              name: 'standInId',
              label: t(lang, 'organisation.standIn'),
              hint: t(lang, 'organisation.standInHint'),
              required: true,
              placeholder: t(lang, 'organisation.chooseStandIn'),
              options: standIns.map((u) => ({ value: u.id, label: `${u.displayName} (${roleNames(lang, u.roles)})` })),
            })}
            ${textInput({ name: 'reason', label: t(lang, 'organisation.reason'), hint: t(lang, 'organisation.reasonHint') })}`,
        )}`,
    )}
    ${section(
      { headingId: 'edit-user-heading', title: edit, class: 'card' },
      apiForm(
        { action: `/admin/users/${user.id}`, method: 'PATCH', submit: t(lang, 'organisation.save'), label: edit, id: 'edit-user' },
        userFields(lang, org, user),
      ),
    )}`;
}

export function teamsBody(ctx: PageContext, org: Organisation, canManage: boolean): Html {
  const { lang } = ctx;
  return html`${table({
    id: 'teams',
    caption: t(lang, 'organisation.teamsCaption'),
    items: org.teams,
    row: (team) => ({ 'data-team': team.id }),
    columns: [
      { head: t(lang, 'organisation.name'), cell: (team) => team.name },
      { head: t(lang, 'organisation.teamId'), cell: (team) => html`<code>${team.id}</code>` },
      { head: t(lang, 'organisation.supervisor'), cell: (team) => nameOf(org, team.supervisorId) },
      { head: t(lang, 'organisation.deputy'), cell: (team) => nameOf(org, team.deputyId) },
      { head: t(lang, 'organisation.members'), cell: (team) => membersOf(org, team.id).length },
      {
        head: t(lang, 'organisation.teamCaseload'),
        cell: (team) => membersOf(org, team.id).reduce((sum, u) => sum + (u.caseloadTarget ?? 0), 0),
      },
      {
        head: t(lang, 'organisation.intake'),
        cell: (team) => (org.department?.intakeTeamId === team.id ? badge('ok', t(lang, 'organisation.intakeTeam')) : t(lang, 'common.no')),
      },
    ],
  })}
  ${
    canManage
      ? html`${org.teams.map((team) => {
          const edit = t(lang, 'organisation.editNamed', { name: team.name });
          return html`<details class="card" data-edit-team="${team.id}">
            <summary>${edit}</summary>
            ${apiForm(
              { action: `/admin/teams/${team.id}`, method: 'PATCH', submit: t(lang, 'organisation.save'), label: edit },
              html`${textInput({ name: 'name', label: t(lang, 'organisation.name'), value: team.name, required: true })}
              ${leaderSelects(lang, org, team)}`,
            )}
          </details>`;
        })}
        ${intakeForm(ctx, org)}
        ${section(
          { headingId: 'create-team-heading', title: t(lang, 'organisation.createTeam'), class: 'card' },
          apiForm(
            {
              action: '/admin/teams',
              submit: t(lang, 'organisation.create'),
              label: t(lang, 'organisation.createTeam'),
              id: 'create-team',
            },
            html`<div class="row">
                ${textInput({ name: 'id', label: t(lang, 'organisation.teamId'), hint: t(lang, 'organisation.teamIdHint'), required: true })}
                ${textInput({ name: 'name', label: t(lang, 'organisation.name'), required: true })}
              </div>
              ${leaderSelects(lang, org, null)}`,
          ),
        )}`
      : readOnly(lang)
  }`;
}

const membersOf = (org: Organisation, teamId: string): UserView[] => org.users.filter((u) => u.active && u.teamId === teamId);

/**
 * A choice of someone, or of no one (offered while nobody is chosen): the team's supervisor, its
 * deputy, the department's intake team.
 */
function choice(
  o: { name: string; label: string; hint?: string; value: string | null; options: { value: string; label: string }[] },
  lang: Lang,
): Html {
  return select({ ...o, value: o.value ?? '', placeholder: o.value ? undefined : t(lang, 'common.none') });
}

/** The team's supervisor (one of the supervisors) and deputy (anyone active). */
function leaderSelects(lang: Lang, org: Organisation, team: TeamView | null): Html {
  const people = (users: UserView[]) => users.map((u) => ({ value: u.id, label: u.displayName }));
  const actives = org.users.filter((u) => u.active);
  return html`<div class="row">
    ${choice(
      {
        name: 'supervisorId',
        label: t(lang, 'organisation.supervisor'),
        value: team?.supervisorId ?? null,
        options: people(actives.filter((u) => u.roles.includes('supervisor'))),
      },
      lang,
    )}
    ${choice({ name: 'deputyId', label: t(lang, 'organisation.deputy'), value: team?.deputyId ?? null, options: people(actives) }, lang)}
  </div>`;
}

/** The department's intake team, set with PUT /admin/department (its name and head sent unchanged). */
function intakeForm(ctx: PageContext, org: Organisation): Html {
  const { lang } = ctx;
  const dept = org.department;
  // The body needs the head as it is; a department without a head is set up through the API.
  if (!dept || !dept.headId) return html``;
  return section(
    { headingId: 'intake-heading', title: t(lang, 'organisation.intakeHeading'), class: 'card' },
    apiForm(
      {
        action: '/admin/department',
        method: 'PUT',
        submit: t(lang, 'organisation.save'),
        label: t(lang, 'organisation.intakeHeading'),
        id: 'intake-team',
      },
      html`${hidden('name', dept.name)}${hidden('headId', dept.headId)}
      ${choice(
        {
          name: 'intakeTeamId',
          label: t(lang, 'organisation.intakeTeam'),
          hint: t(lang, 'organisation.intakeHint'),
          value: dept.intakeTeamId ?? null,
          options: org.teams.map((x) => ({ value: x.id, label: x.name })),
        },
        lang,
      )}`,
    ),
  );
}
