import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { JWTPayload } from 'jose';
import type { AuthConfig, Config } from '../../../../libs/config/config';
import { CONFIG } from '../../../../libs/config/config.module';
import { USER_ROLES, type UserRole } from '../../../../libs/organisation/demo-organisation';
import { OrganisationRepository } from '../../../../libs/read-model/organisation.repository';
import type { Principal } from './principal';

/**
 * Who a signed-in subject is in Closer: the users table names the person (their id is what cases
 * record), and — as configured — either that table or the token's claims give their roles, team and
 * partner department. A subject Closer does not know, or a deactivated user, gets nothing.
 */
@Injectable()
export class PeopleService {
  private readonly auth: AuthConfig;

  constructor(
    @Inject(CONFIG) config: Config,
    private readonly organisation: OrganisationRepository,
  ) {
    this.auth = config.auth!;
  }

  async principalFor(subject: string, claims: JWTPayload, via: Principal['via']): Promise<Principal> {
    const user = await this.organisation.userBySubject(subject);
    if (!user) throw new ForbiddenException('you are signed in, but not registered as a user of Closer; ask an administrator');
    if (!user.active) throw new ForbiddenException('your user is deactivated in Closer; ask an administrator');
    const fromClaims = this.auth.rolesFrom === 'claims';
    const roles = fromClaims ? knownRoles(claims[this.auth.claims.roles]) : knownRoles(user.roles);
    const text = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 100 ? v : null);
    return {
      userId: user.id,
      displayName: user.displayName,
      roles,
      teamId: fromClaims ? text(claims[this.auth.claims.team]) : user.teamId,
      partnerDepartmentId: fromClaims ? text(claims[this.auth.claims.partnerDepartment]) : user.partnerDepartmentId,
      via,
    };
  }
}

function knownRoles(value: unknown): UserRole[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return USER_ROLES.filter((r) => list.includes(r));
}
