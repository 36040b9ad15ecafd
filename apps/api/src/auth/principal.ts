import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { UserRole } from '../../../../libs/organisation/demo-organisation';

/** The person behind a request, as the guard established it: from a session or a bearer token. */
export interface Principal {
  /** Closer's id of the person (users.id): what workflows record as the actor. */
  userId: string;
  displayName: string;
  roles: UserRole[];
  teamId: string | null;
  partnerDepartmentId: string | null;
  via: 'session' | 'bearer';
}

export type RequestWithPrincipal = { principal?: Principal };

/** The signed-in person; only on routes whose permission is not 'public'. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('CurrentUser used on a route without a signed-in person');
  return principal;
});
