import { USER_ROLES } from '../../../../../libs/organisation/demo-organisation';
import type { AbsenceView, DepartmentView, PartnerDepartmentView, TeamView, UserView } from '../../organisation/organisation.service';
import { dateTime } from '../format';
import { apiForm, checkbox, hidden, select, textInput } from '../forms';
import { attr, type Html, html } from '../html';
import { type Lang, messages } from '../i18n';
import { roleName } from '../layout';
import type { PageContext } from '../page-context';

const t = messages({
  da: {
    users: 'Brugere',
    user: 'Bruger: {name}',
    teams: 'Teams',
    name: 'Navn',
    username: 'Brugernavn',
    usernameHint: 'Små bogstaver, tal og . _ @ -',
    email: 'E-mail',
    roles: 'Roller',
    team: 'Team',
    noTeam: 'Intet team',
    partnerDepartment: 'Samarbejdspartner (afdeling)',
    partnerHint: 'Kun for rollen samarbejdspartner',
    noPartner: 'Ingen',
    caseloadTarget: 'Sagsmål (sagstal)',
    caseloadHint: 'Det antal sager, rådgiveren sigter mod (0-500)',
    active: 'Aktiv',
    yes: 'Ja',
    no: 'Nej',
    edit: 'Redigér',
    editUser: 'Redigér {name}',
    createUser: 'Opret bruger',
    create: 'Opret',
    save: 'Gem ændringer',
    usersCaption: 'Alle brugere, efter navn',
    absentNow: 'Fravær nu',
    notAbsent: 'Ikke fraværende',
    absentUntil: 'Fraværende til {until}, stedfortræder: {standIn}',
    absences: 'Fravær og stedfortrædere',
    absencesCaption: 'Registreret fravær, tidligst først',
    noAbsences: 'Intet fravær registreret.',
    from: 'Fra',
    to: 'Til',
    standIn: 'Stedfortræder',
    standInHint: 'Får brugerens opgaver og eskaleringer, mens fraværet varer',
    chooseStandIn: 'Vælg stedfortræder',
    reason: 'Årsag',
    reasonHint: 'Kort og valgfri, fx "ferie" eller "kursus". Aldrig en diagnose.',
    addAbsence: 'Registrér fravær',
    add: 'Registrér',
    remove: 'Fjern',
    removeAbsence: 'Fjern fravær {from} – {to}',
    teamsCaption: 'Alle teams',
    teamId: 'Team-id',
    teamIdHint: 'Små bogstaver, tal og bindestreger, fx team-vest. Kan ikke ændres.',
    supervisor: 'Teamleder',
    deputy: 'Souschef',
    none: 'Ingen',
    members: 'Aktive medlemmer',
    teamCaseload: 'Samlet sagsmål',
    intake: 'Modtager nye underretninger',
    intakeTeam: 'Modtagelsesteam',
    createTeam: 'Opret team',
    intakeHeading: 'Modtagelse af underretninger',
    intakeHint: 'Nye underretninger tilhører dette team, indtil en rådgiver er tildelt',
    editTeam: 'Redigér {name}',
    back: 'Tilbage til brugerne',
    facts: 'Oplysninger',
    readOnly: 'Du kan se, men ikke ændre organisationen.',
  },
  en: {
    users: 'Users',
    user: 'User: {name}',
    teams: 'Teams',
    name: 'Name',
    username: 'Username',
    usernameHint: 'Lower-case letters, digits and . _ @ -',
    email: 'Email',
    roles: 'Roles',
    team: 'Team',
    noTeam: 'No team',
    partnerDepartment: 'Partner department (samarbejdspartner)',
    partnerHint: 'Only for the role partner',
    noPartner: 'None',
    caseloadTarget: 'Caseload target (sagstal)',
    caseloadHint: 'The number of cases the coordinator aims at (0-500)',
    active: 'Active',
    yes: 'Yes',
    no: 'No',
    edit: 'Edit',
    editUser: 'Edit {name}',
    createUser: 'Create a user',
    create: 'Create',
    save: 'Save changes',
    usersCaption: 'All users, by name',
    absentNow: 'Absent now',
    notAbsent: 'Not absent',
    absentUntil: 'Absent until {until}, stand-in (stedfortræder): {standIn}',
    absences: 'Absences and stand-ins',
    absencesCaption: 'Registered absences, earliest first',
    noAbsences: 'No absence registered.',
    from: 'From',
    to: 'To',
    standIn: 'Stand-in (stedfortræder)',
    standInHint: "Receives the user's tasks and escalations while the absence lasts",
    chooseStandIn: 'Choose a stand-in',
    reason: 'Reason',
    reasonHint: 'Short and optional, e.g. "holiday" or "course". Never a diagnosis.',
    addAbsence: 'Register an absence',
    add: 'Register',
    remove: 'Remove',
    removeAbsence: 'Remove absence {from} – {to}',
    teamsCaption: 'All teams',
    teamId: 'Team id',
    teamIdHint: 'Lower-case letters, digits and dashes, e.g. team-west. Cannot be changed.',
    supervisor: 'Supervisor (teamleder)',
    deputy: 'Deputy (souschef)',
    none: 'None',
    members: 'Active members',
    teamCaseload: 'Total caseload target',
    intake: 'Receives new reports',
    intakeTeam: 'Intake team',
    createTeam: 'Create a team',
    intakeHeading: 'Intake of reports (underretninger)',
    intakeHint: 'New reports belong to this team until a coordinator is assigned',
    editTeam: 'Edit {name}',
    back: 'Back to the users',
    facts: 'Details',
    readOnly: 'You can see the organisation, but not change it.',
  },
});

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
const yesNo = (lang: Lang, v: boolean) => t(lang, v ? 'yes' : 'no');

export const usersTitle = (ctx: PageContext) => t(ctx.lang, 'users');
export const teamsTitle = (ctx: PageContext) => t(ctx.lang, 'teams');
export const userTitle = (ctx: PageContext, user: UserView) => t(ctx.lang, 'user', { name: user.displayName });

/** Roles as checkboxes named roles.0…: forms.js sends the checked ones as a list. */
function rolesField(lang: Lang, checked: readonly string[], prefix: string): Html {
  return html`<div class="field">
    <fieldset>
      <legend>${t(lang, 'roles')}</legend>
      ${USER_ROLES.map(
        (role, i) =>
          html`<div class="check">
            <input
              type="checkbox"
              id="${prefix}-role-${role}"
              name="roles.${i}"
              value="${role}"
              ${attr('checked', checked.includes(role))}
            />
            <label for="${prefix}-role-${role}">${roleName(lang, role)}</label>
          </div>`,
      )}
    </fieldset>
    <p class="field-error" hidden></p>
  </div>`;
}

function teamSelect(lang: Lang, org: Organisation, value: string | null): Html {
  return select({
    name: 'teamId',
    label: t(lang, 'team'),
    value: value ?? '',
    placeholder: t(lang, 'noTeam'),
    options: org.teams.map((x) => ({ value: x.id, label: x.name })),
  });
}

function partnerSelect(lang: Lang, org: Organisation, value: string | null): Html {
  return select({
    name: 'partnerDepartmentId',
    label: t(lang, 'partnerDepartment'),
    hint: t(lang, 'partnerHint'),
    value: value ?? '',
    placeholder: t(lang, 'noPartner'),
    options: org.partnerDepartments.map((p) => ({ value: p.id, label: p.name })),
  });
}

export function usersBody(ctx: PageContext, org: Organisation, canManage: boolean): Html {
  const { lang } = ctx;
  return html`<div class="table-wrap">
      <table id="users">
        <caption class="muted small">
          ${t(lang, 'usersCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t(lang, 'name')}</th>
            <th scope="col">${t(lang, 'username')}</th>
            <th scope="col">${t(lang, 'email')}</th>
            <th scope="col">${t(lang, 'roles')}</th>
            <th scope="col">${t(lang, 'team')}</th>
            <th scope="col">${t(lang, 'partnerDepartment')}</th>
            <th scope="col">${t(lang, 'caseloadTarget')}</th>
            <th scope="col">${t(lang, 'active')}</th>
          </tr>
        </thead>
        <tbody>
          ${org.users.map(
            (u) =>
              html`<tr data-user="${u.id}">
                <td>${canManage ? html`<a href="/app/admin/users/${u.id}">${u.displayName}</a>` : u.displayName}</td>
                <td>${u.username}</td>
                <td>${u.email}</td>
                <td>${u.roles.map((r) => roleName(lang, r)).join(', ')}</td>
                <td>${teamName(org, u.teamId)}</td>
                <td>${partnerName(org, u.partnerDepartmentId)}</td>
                <td>${u.caseloadTarget ?? '–'}</td>
                <td>
                  ${u.active ? html`<span class="badge ok">${t(lang, 'yes')}</span>` : html`<span class="badge">${t(lang, 'no')}</span>`}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${
      canManage
        ? html`<section class="card" aria-labelledby="create-user-heading">
            <h2 id="create-user-heading">${t(lang, 'createUser')}</h2>
            ${apiForm(
              { action: '/admin/users', submit: t(lang, 'create'), label: t(lang, 'createUser'), id: 'create-user' },
              html`<div class="row">
                  ${textInput({ name: 'username', label: t(lang, 'username'), hint: t(lang, 'usernameHint'), required: true })}
                  ${textInput({ name: 'displayName', label: t(lang, 'name'), required: true })}
                  ${textInput({ name: 'email', label: t(lang, 'email'), inputType: 'email', required: true })}
                </div>
                ${rolesField(lang, [], 'new')}
                <div class="row">
                  ${teamSelect(lang, org, null)} ${partnerSelect(lang, org, null)}
                  ${textInput({
                    name: 'caseloadTarget',
                    label: t(lang, 'caseloadTarget'),
                    hint: t(lang, 'caseloadHint'),
                    inputType: 'number',
                    type: 'int',
                    min: 0,
                    max: 500,
                  })}
                </div>
                ${checkbox({ name: 'active', label: t(lang, 'active'), checked: true })}`,
            )}
          </section>`
        : html`<p class="muted">${t(lang, 'readOnly')}</p>`
    }`;
}

export function userBody(
  ctx: PageContext,
  org: Organisation,
  user: UserView & { absentNow: AbsenceView | null },
  absences: AbsenceView[],
): Html {
  const { lang } = ctx;
  const standIns = org.users.filter((u) => u.active && u.id !== user.id);
  return html`<p><a href="/app/admin/users">${t(lang, 'back')}</a></p>
    <section class="card" aria-labelledby="facts-heading">
      <h2 id="facts-heading">${t(lang, 'facts')}</h2>
      <dl class="facts">
        <dt>${t(lang, 'username')}</dt>
        <dd>${user.username}</dd>
        <dt>${t(lang, 'email')}</dt>
        <dd>${user.email}</dd>
        <dt>${t(lang, 'roles')}</dt>
        <dd>${user.roles.map((r) => roleName(lang, r)).join(', ')}</dd>
        <dt>${t(lang, 'team')}</dt>
        <dd>${teamName(org, user.teamId)}</dd>
        <dt>${t(lang, 'partnerDepartment')}</dt>
        <dd>${partnerName(org, user.partnerDepartmentId)}</dd>
        <dt>${t(lang, 'caseloadTarget')}</dt>
        <dd>${user.caseloadTarget ?? '–'}</dd>
        <dt>${t(lang, 'active')}</dt>
        <dd>${yesNo(lang, user.active)}</dd>
        <dt>${t(lang, 'absentNow')}</dt>
        <dd id="absent-now">
          ${
            user.absentNow
              ? t(lang, 'absentUntil', { until: dateTime(lang, user.absentNow.endsAt), standIn: nameOf(org, user.absentNow.standInId) })
              : t(lang, 'notAbsent')
          }
        </dd>
      </dl>
    </section>
    <section class="card" aria-labelledby="absences-heading">
      <h2 id="absences-heading">${t(lang, 'absences')}</h2>
      ${
        absences.length === 0
          ? html`<p class="empty">${t(lang, 'noAbsences')}</p>`
          : html`<div class="table-wrap">
              <table id="absences">
                <caption class="muted small">
                  ${t(lang, 'absencesCaption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t(lang, 'from')}</th>
                    <th scope="col">${t(lang, 'to')}</th>
                    <th scope="col">${t(lang, 'standIn')}</th>
                    <th scope="col">${t(lang, 'reason')}</th>
                    <th scope="col"><span class="muted small">${t(lang, 'remove')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${absences.map((a) => {
                    const from = dateTime(lang, a.startsAt);
                    const to = dateTime(lang, a.endsAt);
                    return html`<tr data-absence="${a.id}">
                      <td><time datetime="${a.startsAt}">${from}</time></td>
                      <td><time datetime="${a.endsAt}">${to}</time></td>
                      <td data-stand-in="${a.standInId}">${nameOf(org, a.standInId)}</td>
                      <td>${a.reason ?? '–'}</td>
                      <td>
                        <form
                          class="api inline"
                          data-api="/admin/users/${user.id}/absences/${a.id}"
                          data-method="DELETE"
                          data-then="reload"
                          aria-label="${t(lang, 'removeAbsence', { from, to })}"
                        >
                          <button type="submit" class="danger">${t(lang, 'remove')}</button>
                          <p class="form-error" hidden></p>
                        </form>
                      </td>
                    </tr>`;
                  })}
                </tbody>
              </table>
            </div>`
      }
      <h3 id="add-absence-heading">${t(lang, 'addAbsence')}</h3>
      ${apiForm(
        { action: `/admin/users/${user.id}/absences`, submit: t(lang, 'add'), label: t(lang, 'addAbsence'), id: 'add-absence' },
        html`<div class="row">
            ${textInput({ name: 'startsAt', label: t(lang, 'from'), inputType: 'datetime-local', type: 'datetime', required: true })}
            ${textInput({ name: 'endsAt', label: t(lang, 'to'), inputType: 'datetime-local', type: 'datetime', required: true })}
          </div>
          ${select({
            name: 'standInId',
            label: t(lang, 'standIn'),
            hint: t(lang, 'standInHint'),
            required: true,
            placeholder: t(lang, 'chooseStandIn'),
            options: standIns.map((u) => ({
              value: u.id,
              label: `${u.displayName} (${u.roles.map((r) => roleName(lang, r)).join(', ')})`,
            })),
          })}
          ${textInput({ name: 'reason', label: t(lang, 'reason'), hint: t(lang, 'reasonHint') })}`,
      )}
    </section>
    <section class="card" aria-labelledby="edit-user-heading">
      <h2 id="edit-user-heading">${t(lang, 'editUser', { name: user.displayName })}</h2>
      ${apiForm(
        {
          action: `/admin/users/${user.id}`,
          method: 'PATCH',
          submit: t(lang, 'save'),
          label: t(lang, 'editUser', { name: user.displayName }),
          id: 'edit-user',
        },
        html`<div class="row">
            ${textInput({ name: 'displayName', label: t(lang, 'name'), value: user.displayName, required: true })}
            ${textInput({ name: 'email', label: t(lang, 'email'), inputType: 'email', value: user.email, required: true })}
          </div>
          ${rolesField(lang, user.roles, 'edit')}
          <div class="row">
            ${teamSelect(lang, org, user.teamId)} ${partnerSelect(lang, org, user.partnerDepartmentId)}
            ${textInput({
              name: 'caseloadTarget',
              label: t(lang, 'caseloadTarget'),
              hint: t(lang, 'caseloadHint'),
              inputType: 'number',
              type: 'int',
              min: 0,
              max: 500,
              value: user.caseloadTarget ?? undefined,
            })}
          </div>
          ${checkbox({ name: 'active', label: t(lang, 'active'), checked: user.active })}`,
      )}
    </section>`;
}

export function teamsBody(ctx: PageContext, org: Organisation, canManage: boolean): Html {
  const { lang } = ctx;
  const supervisors = org.users.filter((u) => u.active && u.roles.includes('supervisor'));
  const actives = org.users.filter((u) => u.active);
  const supervisorOptions = supervisors.map((u) => ({ value: u.id, label: u.displayName }));
  const deputyOptions = actives.map((u) => ({ value: u.id, label: u.displayName }));
  return html`<div class="table-wrap">
      <table id="teams">
        <caption class="muted small">
          ${t(lang, 'teamsCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t(lang, 'name')}</th>
            <th scope="col">${t(lang, 'teamId')}</th>
            <th scope="col">${t(lang, 'supervisor')}</th>
            <th scope="col">${t(lang, 'deputy')}</th>
            <th scope="col">${t(lang, 'members')}</th>
            <th scope="col">${t(lang, 'teamCaseload')}</th>
            <th scope="col">${t(lang, 'intake')}</th>
          </tr>
        </thead>
        <tbody>
          ${org.teams.map((team) => {
            const members = org.users.filter((u) => u.active && u.teamId === team.id);
            const target = members.reduce((sum, u) => sum + (u.caseloadTarget ?? 0), 0);
            const intake = org.department?.intakeTeamId === team.id;
            return html`<tr data-team="${team.id}">
              <td>${team.name}</td>
              <td><code>${team.id}</code></td>
              <td>${nameOf(org, team.supervisorId)}</td>
              <td>${nameOf(org, team.deputyId)}</td>
              <td>${members.length}</td>
              <td>${target}</td>
              <td>${intake ? html`<span class="badge ok">${t(lang, 'intakeTeam')}</span>` : t(lang, 'no')}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>
    ${
      canManage
        ? html`${org.teams.map(
              (team) =>
                html`<details class="card" data-edit-team="${team.id}">
                  <summary>${t(lang, 'editTeam', { name: team.name })}</summary>
                  ${apiForm(
                    {
                      action: `/admin/teams/${team.id}`,
                      method: 'PATCH',
                      submit: t(lang, 'save'),
                      label: t(lang, 'editTeam', { name: team.name }),
                    },
                    html`${textInput({ name: 'name', label: t(lang, 'name'), value: team.name, required: true })}
                      <div class="row">
                        ${select({
                          name: 'supervisorId',
                          label: t(lang, 'supervisor'),
                          value: team.supervisorId ?? '',
                          placeholder: team.supervisorId ? undefined : t(lang, 'none'),
                          options: supervisorOptions,
                        })}
                        ${select({
                          name: 'deputyId',
                          label: t(lang, 'deputy'),
                          value: team.deputyId ?? '',
                          placeholder: team.deputyId ? undefined : t(lang, 'none'),
                          options: deputyOptions,
                        })}
                      </div>`,
                  )}
                </details>`,
            )}
            ${intakeForm(ctx, org)}
            <section class="card" aria-labelledby="create-team-heading">
              <h2 id="create-team-heading">${t(lang, 'createTeam')}</h2>
              ${apiForm(
                { action: '/admin/teams', submit: t(lang, 'create'), label: t(lang, 'createTeam'), id: 'create-team' },
                html`<div class="row">
                    ${textInput({ name: 'id', label: t(lang, 'teamId'), hint: t(lang, 'teamIdHint'), required: true })}
                    ${textInput({ name: 'name', label: t(lang, 'name'), required: true })}
                  </div>
                  <div class="row">
                    ${select({ name: 'supervisorId', label: t(lang, 'supervisor'), placeholder: t(lang, 'none'), options: supervisorOptions })}
                    ${select({ name: 'deputyId', label: t(lang, 'deputy'), placeholder: t(lang, 'none'), options: deputyOptions })}
                  </div>`,
              )}
            </section>`
        : html`<p class="muted">${t(lang, 'readOnly')}</p>`
    }`;
}

/** The department's intake team, set with PUT /admin/department (its name and head sent unchanged). */
function intakeForm(ctx: PageContext, org: Organisation): Html {
  const { lang } = ctx;
  const dept = org.department;
  // The body needs the head as it is; a department without a head is set up through the API.
  if (!dept || !dept.headId) return html``;
  return html`<section class="card" aria-labelledby="intake-heading">
    <h2 id="intake-heading">${t(lang, 'intakeHeading')}</h2>
    ${apiForm(
      { action: '/admin/department', method: 'PUT', submit: t(lang, 'save'), label: t(lang, 'intakeHeading'), id: 'intake-team' },
      html`${hidden('name', dept.name)}${hidden('headId', dept.headId)}
      ${select({
        name: 'intakeTeamId',
        label: t(lang, 'intakeTeam'),
        hint: t(lang, 'intakeHint'),
        value: dept.intakeTeamId ?? '',
        placeholder: dept.intakeTeamId ? undefined : t(lang, 'none'),
        options: org.teams.map((x) => ({ value: x.id, label: x.name })),
      })}`,
    )}
  </section>`;
}
