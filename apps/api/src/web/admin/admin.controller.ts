import { Controller, Get, Inject, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Config } from '../../../../../libs/config/config';
import { CONFIG } from '../../../../../libs/config/config.module';
import { caseWorkflowId } from '../../../../../workflows/contract';
import { DeadLettersService } from '../../admin/dead-letters.service';
import { PoliciesService } from '../../admin/policies.service';
import { AuditService } from '../../audit/audit.service';
import { PERMISSION_ROLES } from '../../auth/permissions';
import { RequirePermission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { isUuid, requireUuid } from '../../common/request-checks';
import { OrganisationService } from '../../organisation/organisation.service';
import { layout } from '../layout';
import { Page, type PageContext, queryText as one } from '../page-context';
import { sendPage } from '../send-page';
import { AdminCasesService } from './admin-cases.service';
import {
  auditBody,
  type AuditQueryProblem,
  auditTitle,
  casesBody,
  casesTitle,
  deadLettersBody,
  deadLettersTitle,
  type PolicyLine,
  policiesBody,
  policiesTitle,
} from './operations.page';
import { type Organisation, teamsBody, teamsTitle, userBody, usersBody, usersTitle, userTitle } from './organisation.page';

const mayManage = (me: Principal) => PERMISSION_ROLES['organisation:manage'].some((r) => me.roles.includes(r));

/**
 * The admin's pages: the organisation (users with their absences and stand-ins, teams), the case
 * policies, the dead letters, the audit, and the cases' workflows in Temporal UI. Each reads through
 * the service of the matching API route and requires the same permission; the forms post to those routes.
 */
@ApiExcludeController()
@Controller('app/admin')
export class AdminPagesController {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly deadLetters: DeadLettersService,
    private readonly audit: AuditService,
    private readonly cases: AdminCasesService,
    @Inject(CONFIG) private readonly config: Config,
    private readonly policies: PoliciesService,
  ) {}

  private async org(): Promise<Organisation> {
    const [users, teams, partnerDepartments, department] = await Promise.all([
      this.organisation.listUsers(),
      this.organisation.listTeams(),
      this.organisation.listPartnerDepartments(),
      this.organisation.getDepartment().catch((err: unknown) => {
        if (err instanceof NotFoundException) return null;
        throw err;
      }),
    ]);
    return { users, teams, partnerDepartments, department };
  }

  @Get('users')
  @RequirePermission('organisation:read')
  users(@Page() ctx: PageContext, @Res() res: Response) {
    return this.organisationPage(ctx, res, 'users');
  }

  @Get('users/:userId')
  @RequirePermission('organisation:manage')
  async user(@Page() ctx: PageContext, @Res() res: Response, @Param('userId') userId: string) {
    requireUuid(userId, 'userId');
    const [user, absences, org] = await Promise.all([
      this.organisation.getUser(userId),
      this.organisation.listAbsences(userId),
      this.org(),
    ]);
    sendPage(res, layout(ctx, userTitle(ctx, user), userBody(ctx, org, user, absences), { active: 'users' }));
  }

  @Get('teams')
  @RequirePermission('organisation:read')
  teams(@Page() ctx: PageContext, @Res() res: Response) {
    return this.organisationPage(ctx, res, 'teams');
  }

  /** The users or the teams, to read or (for those who manage the organisation) to change. */
  private async organisationPage(ctx: PageContext, res: Response, which: 'users' | 'teams') {
    const org = await this.org();
    const [title, body] = which === 'users' ? [usersTitle, usersBody] : [teamsTitle, teamsBody];
    sendPage(res, layout(ctx, title(ctx), body(ctx, org, mayManage(ctx.me)), { active: which }));
  }

  @Get('policies')
  @RequirePermission('policies:read')
  async policyList(@Page() ctx: PageContext, @Res() res: Response) {
    const { policies } = (await this.policies.list()) as { policies: PolicyLine[] };
    sendPage(res, layout(ctx, policiesTitle(ctx), policiesBody(ctx, policies), { active: 'policies' }));
  }

  @Get('dead-letters')
  @RequirePermission('dead-letters:manage')
  async deadLetterList(@Page() ctx: PageContext, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const status = one(query.status);
    const f = { status: status === 'open' || status === 'resolved' ? (status as 'open' | 'resolved') : undefined, after: one(query.after) };
    const page = await this.deadLetters.list({ status: f.status, after: f.after, limit: 50 });
    sendPage(res, layout(ctx, deadLettersTitle(ctx), deadLettersBody(ctx, page, f), { active: 'deadLetters' }));
  }

  @Get('audit')
  @RequirePermission('audit:all')
  async auditList(@Page() ctx: PageContext, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const f = { caseId: one(query.caseId), userId: one(query.userId), after: one(query.after) };
    const users = await this.organisation.listUsers();
    let problem: AuditQueryProblem | null = null;
    let page = null;
    if (f.caseId && f.userId) problem = 'notBoth';
    else if (f.caseId && !isUuid(f.caseId)) problem = 'badCaseId';
    else if (f.caseId) page = await this.audit.forCase(f.caseId, { after: f.after });
    else if (f.userId) {
      requireUuid(f.userId, 'userId');
      page = await this.audit.forUser(f.userId, { after: f.after });
    } else problem = 'chooseOne';
    sendPage(res, layout(ctx, auditTitle(ctx), auditBody(ctx, users, f, page, problem), { active: 'audit' }));
  }

  @Get('cases')
  @RequirePermission('workflows:open')
  async caseList(@Page() ctx: PageContext, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const state = one(query.state);
    const f = {
      caseId: one(query.caseId),
      state: state === 'running' || state === 'closed' ? (state as 'running' | 'closed') : undefined,
      cursor: one(query.cursor),
    };
    const page = await this.cases.list(f);
    const ui = this.config.temporalUiUrl;
    const ns = encodeURIComponent(this.config.temporal.namespace);
    const workflowUrl = (caseId: string) => `${ui}/namespaces/${ns}/workflows/${encodeURIComponent(caseWorkflowId(caseId))}`;
    sendPage(res, layout(ctx, casesTitle(ctx), casesBody(ctx, page, f, workflowUrl), { active: 'workflows' }));
  }
}
