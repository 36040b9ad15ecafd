// Every route of the API with the permission it requires. A route added, removed, or given another
// permission or reach fails this test until the list below is changed too — so a change of who can
// reach an endpoint is reviewed as such, in the same diff. (The table is read from the built API.)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const EXPECTED = [
  'DELETE /admin/users/:userId/absences/:absenceId       organisation:manage',
  'GET /                                                 public',
  'GET /admin/audit                                      audit:all',
  'GET /admin/dead-letters                               dead-letters:manage',
  'GET /admin/dead-letters/:id                           dead-letters:manage',
  'GET /admin/department                                 organisation:manage',
  'GET /admin/partner-departments                        organisation:manage',
  'GET /admin/policies                                   policies:read',
  'GET /admin/teams                                      organisation:read',
  'GET /admin/users                                      organisation:read',
  'GET /admin/users/:userId                              organisation:manage',
  'GET /admin/users/:userId/absences                     organisation:manage',
  'GET /app                                              signed-in',
  'GET /app/admin/audit                                  audit:all',
  'GET /app/admin/cases                                  workflows:open',
  'GET /app/admin/dead-letters                           dead-letters:manage',
  'GET /app/admin/policies                               policies:read',
  'GET /app/admin/teams                                  organisation:read',
  'GET /app/admin/users                                  organisation:read',
  'GET /app/admin/users/:userId                          organisation:manage',
  'GET /app/board                                        case:read',
  'GET /app/cases                                        case:read',
  'GET /app/cases/:caseId                                case:read case=caseId audit=case.read',
  'GET /app/families/:familyId                           family:read family=familyId audit=family.read',
  'GET /app/inbox                                        case:read',
  'GET /app/language                                     public',
  'GET /app/notifications                                signed-in',
  'GET /app/partner                                      partner:actions',
  'GET /app/teams/:teamId/board                          case:read',
  'GET /assets/:file                                     public',
  'GET /audit/flagged                                    audit:team',
  'GET /auth/callback                                    public',
  'GET /auth/login                                       public',
  'GET /auth/me                                          signed-in',
  'GET /cases                                            case:read',
  'GET /cases/:caseId                                    case:read case=caseId audit=case.read',
  'GET /cases/:caseId/audit                              audit:team case=caseId audit=case.audit',
  'GET /cases/:caseId/outcome                            case:read case=caseId audit=case.outcome',
  'GET /cases/:caseId/timeline                           case:read case=caseId audit=case.timeline',
  'GET /families/:familyId                               family:read family=familyId audit=family.read',
  'GET /families/:familyId/export                        family:export family=familyId audit=family.export',
  'GET /handovers/:handoverId                            handover:manage',
  'GET /health                                           public',
  'GET /inbox                                            case:read',
  'GET /me/notification-settings                         signed-in',
  'GET /me/notifications                                 signed-in',
  'GET /measures/:measureId                              case:read measure=measureId audit=measure.read',
  'GET /partner/actions                                  partner:actions',
  'GET /reports/:reportId                                report:read',
  'GET /teams/:teamId/board                              case:read',
  'GET /teams/:teamId/inbox                              case:read',
  'PATCH /admin/partner-departments/:partnerDepartmentId organisation:manage',
  'PATCH /admin/teams/:teamId                            organisation:manage',
  'PATCH /admin/users/:userId                            organisation:manage',
  'POST /admin/dead-letters/:id/retry                    dead-letters:manage',
  'POST /admin/partner-departments                       organisation:manage',
  'POST /admin/teams                                     organisation:manage',
  'POST /admin/users                                     organisation:manage',
  'POST /admin/users/:userId/absences                    organisation:manage',
  'POST /auth/logout                                     signed-in',
  'POST /cases/:caseId/commands/:command                 case:write case=caseId audit=case.command',
  'POST /codec/decode                                    codec:decode (changes nothing: no CSRF token)',
  'POST /codec/encode                                    codec:decode (changes nothing: no CSRF token)',
  'POST /families                                        family:create',
  'POST /families/:familyId/commands/:command            family:write family=familyId audit=family.command',
  'POST /families/:familyId/inquiries                    family:write family=familyId audit=family.inquiry',
  'POST /handovers                                       handover:manage',
  'POST /measures/:measureId/commands/:command           case:write measure=measureId audit=measure.command',
  'POST /partner/actions/:actionId/done                  partner:actions',
  'POST /reports                                         public',
  'POST /tasks/:taskId/claim                             task:claim task=taskId audit=task.claim',
  'POST /tasks/:taskId/reassign                          task:reassign task=taskId audit=task.reassign',
  'PUT /admin/department                                 organisation:manage',
  'PUT /me/notification-settings                         signed-in',
];

// Every command of the registry (workflows/command-registry.ts) on every route it is sent on: the route's
// permission, who alone may send it beyond that (four eyes: approver; assignments: the team's lead), and
// the action the audit trail records it under. A command added, moved, or given to other senders fails
// here until this list is changed too.
const EXPECTED_COMMANDS = [
  'POST /cases/:caseId/commands/assign-coordinator              case:write, only team-lead   audit=case.command',
  'POST /cases/:caseId/commands/close-case                      case:write                   audit=case.command',
  'POST /cases/:caseId/commands/complete-task                   case:write                   audit=case.command',
  'POST /cases/:caseId/commands/decide-approval                 case:write, only approver    audit=case.command',
  'POST /cases/:caseId/commands/decide-clock-change             case:write, only approver    audit=case.command',
  'POST /cases/:caseId/commands/decide-triage                   case:write                   audit=case.command',
  'POST /cases/:caseId/commands/propose-measure                 case:write                   audit=case.command',
  'POST /cases/:caseId/commands/record-child-conversation       case:write                   audit=case.command',
  'POST /cases/:caseId/commands/record-reassessment             case:write                   audit=case.command',
  'POST /cases/:caseId/commands/record-urgency-assessment       case:write                   audit=case.command',
  'POST /cases/:caseId/commands/request-clock-change            case:write                   audit=case.command',
  'POST /cases/:caseId/commands/submit-assessment               case:write                   audit=case.command',
  'POST /cases/:caseId/commands/submit-plan                     case:write                   audit=case.command',
  'POST /families/:familyId/commands/add-appointment            family:write                 audit=family.command',
  'POST /families/:familyId/commands/answer-inquiry             family:write                 audit=family.command',
  'POST /families/:familyId/commands/complete-task              family:write                 audit=family.command',
  'POST /families/:familyId/commands/link-child-case            family:write                 audit=family.command',
  'POST /families/:familyId/commands/set-coordinator            family:write, only team-lead audit=family.command',
  'POST /measures/:measureId/commands/complete-agreed-action    case:write                   audit=measure.command',
  'POST /measures/:measureId/commands/complete-task             case:write                   audit=measure.command',
  'POST /measures/:measureId/commands/decide-clock-change       case:write, only approver    audit=measure.command',
  'POST /measures/:measureId/commands/decide-continued-support  case:write                   audit=measure.command',
  'POST /measures/:measureId/commands/decide-measure-end        case:write                   audit=measure.command',
  'POST /measures/:measureId/commands/plan-return-home          case:write                   audit=measure.command',
  'POST /measures/:measureId/commands/record-follow-up          case:write                   audit=measure.command',
  'POST /measures/:measureId/commands/record-return-home        case:write                   audit=measure.command',
  'POST /measures/:measureId/commands/record-supervision-visit  case:write                   audit=measure.command',
  'POST /measures/:measureId/commands/request-clock-change      case:write                   audit=measure.command',
  'POST /tasks/:taskId/claim                                    task:claim                   audit=task.claim',
  'POST /tasks/:taskId/reassign                                 task:reassign                audit=task.reassign',
];

interface RouteEntry {
  route: string;
  permission: string;
  scope?: string;
}

function builtRouteTable(...args: string[]): RouteEntry[] {
  const script = join(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'auth', 'route-table.js');
  return JSON.parse(execFileSync(process.execPath, [script, ...args], { encoding: 'utf8' })) as RouteEntry[];
}

it('lists every route with the permission it requires, and none without one', () => {
  const routes = builtRouteTable();
  const actual = routes.map((r) => `${r.route.padEnd(54)}${r.permission}${r.scope ? ` ${r.scope}` : ''}`);
  expect(actual).toEqual(EXPECTED);
  expect(routes.filter((r) => r.permission === 'NONE')).toEqual([]);
});

it('audits every route on case data, and opens no case data to the public', () => {
  for (const r of builtRouteTable()) {
    if (/:(caseId|measureId|familyId)\b/.test(r.route) && !r.route.includes('/admin/'))
      expect({ route: r.route, scoped: !!r.scope?.includes('audit=') }).toEqual({ route: r.route, scoped: true });
    if (r.permission === 'public')
      expect([
        'GET /',
        'GET /app/language',
        'GET /assets/:file',
        'GET /auth/callback',
        'GET /auth/login',
        'GET /health',
        'POST /reports',
      ]).toContain(r.route);
  }
});

it('lists every command with who may send it and what the audit records, each on a route the API serves with that permission', () => {
  const commands = builtRouteTable('--commands') as (RouteEntry & { audit: string })[];
  const actual = commands.map((c) => `${c.route.padEnd(61)}${c.permission.padEnd(29)}audit=${c.audit}`);
  expect(actual).toEqual(EXPECTED_COMMANDS);
  // Each command route of the API takes exactly the registry's commands: none it would answer 404, none unlisted.
  for (const r of builtRouteTable().filter((r) => r.route.endsWith('/:command'))) {
    const prefix = r.route.replace(':command', '');
    expect({ route: r.route, commands: commands.filter((c) => c.route.startsWith(prefix)).length > 0 }).toEqual({
      route: r.route,
      commands: true,
    });
  }
});
