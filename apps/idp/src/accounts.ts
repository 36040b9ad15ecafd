import { timingSafeEqual, createHash } from 'node:crypto';
import { DEMO_PASSWORD, DEMO_USERS, type DemoUser } from '../../../libs/organisation/demo-organisation';

/**
 * The people the local OpenID provider logs in: the demo organisation's users, each with
 * DEMO_PASSWORD. `sub` is the user's id in Closer, so a token names the same person the read
 * model does.
 */

/** Claims of the `closer` scope, the names a real provider's claim mapping would use. */
export const CLOSER_CLAIMS = ['closer_roles', 'closer_team', 'closer_partner_department'] as const;

const byId = new Map(DEMO_USERS.map((u) => [u.id, u]));
const byUsername = new Map(DEMO_USERS.map((u) => [u.username.toLowerCase(), u]));

export function userById(id: string): DemoUser | undefined {
  return byId.get(id);
}

// Compared as digests so the time taken does not depend on how much of the password was right.
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const passwordDigest = digest(DEMO_PASSWORD);

/** The user these credentials belong to, or undefined. Wrong username and wrong password look alike. */
export function authenticate(username: string, password: string): DemoUser | undefined {
  const user = byUsername.get(username.trim().toLowerCase());
  const passwordOk = timingSafeEqual(digest(password), passwordDigest);
  return user && passwordOk ? user : undefined;
}

/** Every claim the provider can state about a user; oidc-provider filters them by granted scope. */
export function userClaims(user: DemoUser): { sub: string } & Record<string, unknown> {
  return {
    sub: user.id,
    name: user.displayName,
    preferred_username: user.username,
    email: user.email,
    email_verified: true,
    ...closerClaims(user),
  };
}

/** Role, team and partner department; a claim without a value is left out rather than null. */
export function closerClaims(user: DemoUser): Record<string, unknown> {
  return {
    closer_roles: [...user.roles],
    ...(user.teamId ? { closer_team: user.teamId } : {}),
    ...(user.partnerDepartmentId ? { closer_partner_department: user.partnerDepartmentId } : {}),
  };
}
