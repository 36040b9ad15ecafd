import {
  BadRequestException,
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { csrfSync } from 'csrf-sync';
import type { Request, Response } from 'express';
import type { Config } from '../../../../libs/config/config';
import { CONFIG } from '../../../../libs/config/config.module';
import { isPageRequest } from '../web/page-errors';
import { requireUuid } from '../common/request-checks';
import { AccessService, type CaseDataAccess } from './access.service';
import { actingRole } from '../audit/acting-role';
import { type AuditEntry, AuditService } from '../audit/audit.service';
import { OidcService } from './oidc.service';
import { PeopleService } from './people.service';
import { PERMISSION_KEY, PERMISSION_ROLES, type AccessScope, type RouteAccess } from './permissions';
import type { Principal, RequestWithPrincipal } from './principal';

/** The reason a person gives for reading a case outside their normal scope. */
export const ACCESS_REASON_HEADER = 'x-access-reason';
const MAX_REASON = 1000;
const MAX_TOKEN = 8192;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const csrf = csrfSync({
  getTokenFromRequest: (req) => {
    const header = req.headers['x-csrf-token'];
    if (typeof header === 'string') return header;
    const field = (req.body as { _csrf?: unknown } | undefined)?._csrf;
    return typeof field === 'string' ? field : undefined;
  },
});

/** What the guard leaves on the request for the handler. */
export type GuardedRequest = Request &
  RequestWithPrincipal & {
    /** The role the person acts in on this route (the first of theirs that holds its permission). */
    actingRole?: string;
    caseAccess?: CaseDataAccess & { outOfScope: boolean; reason: string | null };
    /** A change of case data to record once the handler has answered. */
    pendingAudit?: AuditEntry;
  };

/**
 * The one global guard: every route declares its permission (none declared = nobody may use it).
 * It establishes the person (session cookie or bearer token), checks CSRF on cookie-carried writes,
 * the role, and — for case data — the person's reach (404 when out of reach, as if it did not exist);
 * then it records the use in the audit trail before the handler runs.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly oidc: OidcService,
    private readonly people: PeopleService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const route = this.reflector.getAllAndOverride<RouteAccess | undefined>(PERMISSION_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!route) throw new ForbiddenException('this route declares no permission, so nobody may use it');
    if (route.permission === 'public') return true;
    const req = ctx.switchToHttp().getRequest<GuardedRequest>();
    const principal = await this.authenticate(req, ctx.switchToHttp().getResponse<Response>());
    req.principal = principal;
    if (principal.via === 'session' && UNSAFE.has(req.method) && !csrf.isRequestValid(req) && !this.fromCodecUi(route, req))
      throw new ForbiddenException('the CSRF token is missing or wrong: send the X-CSRF-Token header that GET /auth/me gives');
    if (route.permission === 'signed-in') return true;
    const allowed = PERMISSION_ROLES[route.permission];
    const role = principal.roles.find((r) => allowed.includes(r));
    const auditRole = actingRole(principal, route.permission);
    if (!route.scope) {
      if (!role) throw new ForbiddenException(`this needs the permission ${route.permission}, which the roles ${allowed.join(', ')} have`);
      req.actingRole = role;
      return true;
    }
    return this.caseData(req, principal, role, auditRole, route.scope);
  }

  /**
   * Temporal UI posts to the codec with the admin's session cookie but cannot know Closer's CSRF
   * token. A browser names the page a request comes from (Origin), which no other site can forge:
   * from the configured UI origins (CODEC_CORS_ORIGINS) the codec is used without the token.
   */
  private fromCodecUi(route: RouteAccess, req: Request): boolean {
    const origin = req.headers.origin;
    return !!route.changesNothing && typeof origin === 'string' && this.config.codecCorsOrigins.includes(origin);
  }

  private async authenticate(req: GuardedRequest, res: Response): Promise<Principal> {
    const header = req.headers.authorization;
    try {
      if (header !== undefined) {
        const m = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(header);
        if (!m || m[1].length > MAX_TOKEN) throw new UnauthorizedException('Authorization must be "Bearer <access token>"');
        const payload = await this.oidc.verifyAccessToken(m[1]);
        return await this.people.principalFor(payload.sub, payload, 'bearer');
      }
      const login = req.session?.login;
      if (login) return await this.people.principalFor(login.subject, login.claims, 'session');
      throw new UnauthorizedException('sign in first: a session from /auth/login, or an Authorization: Bearer access token');
    } catch (err) {
      if (err instanceof UnauthorizedException) res.setHeader('WWW-Authenticate', `Bearer error="invalid_token"`);
      throw err;
    }
  }

  private async caseData(
    req: GuardedRequest,
    p: Principal,
    role: string | undefined,
    auditRole: string,
    scope: AccessScope,
  ): Promise<boolean> {
    const [kind, param] =
      'case' in scope
        ? ['case', scope.case]
        : 'measure' in scope
          ? ['measure', scope.measure]
          : 'task' in scope
            ? ['task', scope.task]
            : ['family', scope.family];
    const id = req.params[param] as string;
    requireUuid(id, param);
    const none = { reach: 'none', caseId: null, familyId: null, measureId: null, teamId: null } as const;
    const access: CaseDataAccess = !role
      ? kind === 'task'
        ? none
        : { ...none, [`${kind}Id`]: id }
      : kind === 'case'
        ? await this.access.toCase(p, id)
        : kind === 'measure'
          ? await this.access.toMeasure(p, id)
          : kind === 'task'
            ? await this.access.toTask(p, id)
            : await this.access.toFamily(p, id);
    // A page opened in the browser cannot send a header: its reason comes as ?accessReason= (the reason form of the error page).
    const reasonHeader = req.headers[ACCESS_REASON_HEADER] ?? (isPageRequest(req) ? req.query.accessReason : undefined);
    const reason = typeof reasonHeader === 'string' && reasonHeader.trim() ? reasonHeader.trim() : null;
    if (reason && reason.length > MAX_REASON) throw new BadRequestException(`X-Access-Reason must be at most ${MAX_REASON} characters`);
    const entry = {
      actorId: p.userId,
      actorRole: auditRole,
      action: scope.audit,
      command: typeof req.params.command === 'string' ? req.params.command.slice(0, 100) : null,
      caseId: access.caseId,
      familyId: access.familyId,
      measureId: access.measureId,
      teamId: access.teamId,
      requestId: null,
    };
    if (access.reach === 'none') {
      await this.audit.record({ ...entry, outcome: 'denied' });
      throw new NotFoundException(`${kind} ${id} was not found`);
    }
    // A team's tasks are the team's to claim: a colleague's task is within scope there (the route's own rules decide).
    const outOfScope = access.reach === 'colleague' && kind !== 'task';
    if (outOfScope && !reason) {
      await this.audit.record({ ...entry, outcome: 'denied', outOfScope: true });
      throw new ForbiddenException({
        statusCode: 403,
        error: 'ReasonRequired',
        message:
          'this case belongs to a colleague who has no registered absence with you as stand-in: give the reason in the X-Access-Reason header; the access is recorded and shown to your supervisor',
      });
    }
    const allowed = { ...entry, outcome: 'allowed' as const, outOfScope, reason: outOfScope ? reason : null };
    // A read is recorded before the data leaves; a change once its outcome is known (audit.interceptor).
    if (req.method === 'GET') await this.audit.record(allowed);
    else req.pendingAudit = allowed;
    req.actingRole = role;
    req.caseAccess = { ...access, outOfScope, reason };
    return true;
  }
}
