// OIDC_ROLES_FROM=claims: a municipality whose identity provider carries roles, team and partner
// department in the token has Closer take them from there (mapped claim names), instead of from the
// users table. The person must still be a user of Closer.
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { clientWithHeaders } from '../support/auth';
import { providerSigningKey, providerStyleToken } from '../support/tokens';
import { useSignedInApi } from '../support/workflow-harness';

const h = useSignedInApi('roles-from-claims', [], {
  worker: false,
  api: { OIDC_ROLES_FROM: 'claims', OIDC_ROLES_CLAIM: 'groups', OIDC_TEAM_CLAIM: 'department_unit' },
});

/** An access token as the provider would sign it, for anna, with the claims a test chooses. */
async function tokenWith(claims: Record<string, unknown>): Promise<string> {
  return providerStyleToken(await providerSigningKey(), { claims });
}

it("takes roles and team from the token's mapped claims, and keeps only roles Closer knows", async () => {
  const as = clientWithHeaders(h.api.url, 'anna', {
    authorization: `Bearer ${await tokenWith({ groups: ['supervisor', 'domain-admins'], department_unit: 'team-south', closer_roles: ['admin'] })}`,
  });
  const me = await as.get('/auth/me');
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ userId: DEMO_IDS.anna, roles: ['supervisor'], teamId: 'team-south', via: 'bearer' });
  // The users table says coordinator of Team Nord; with claims mapped, an admin route stays closed.
  expect((await as.get('/admin/dead-letters')).status).toBe(403);
  expect((await as.get('/admin/users')).status).toBe(200); // organisation:read, which supervisors hold
});

it('gives a token without the mapped claims no role at all', async () => {
  const as = clientWithHeaders(h.api.url, 'anna', { authorization: `Bearer ${await tokenWith({})}` });
  expect((await as.get('/auth/me')).body).toMatchObject({ roles: [], teamId: null });
  expect((await as.get('/admin/users')).status).toBe(403);
});
