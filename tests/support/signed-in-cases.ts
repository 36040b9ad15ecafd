import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { type ApiClient, signIn } from './auth';
import { sql as sharedSql } from './database';
import { sampleReport } from './reports';
import { eventually } from './test-env';

/** The demo users tests sign in as (libs/organisation/demo-organisation.ts). */
export type DemoUsername = 'anna' | 'mikkel' | 'freja' | 'omar' | 'sofie' | 'jonas' | 'hanne' | 'lene' | 'peter' | 'admin';
export const DEMO_USERNAMES: readonly DemoUsername[] = [
  'anna',
  'mikkel',
  'freja',
  'omar',
  'sofie',
  'jonas',
  'hanne',
  'lene',
  'peter',
  'admin',
];

export type SignedIn = Partial<Record<DemoUsername, ApiClient>>;

/** A client per demo user, each with their own bearer token. */
export async function signInAll(
  apiUrl: string,
  usernames: readonly DemoUsername[] = DEMO_USERNAMES,
): Promise<Record<DemoUsername, ApiClient>> {
  const as: SignedIn = {};
  for (const u of usernames) as[u] = await signIn(apiUrl, u);
  return as as Record<DemoUsername, ApiClient>;
}

/**
 * Cases the way people open them over HTTP, for tests that sign in: `as` holds the signed-in
 * clients (filled in a beforeAll; read when a helper runs), `sql` reads the read model the API
 * writes. New reports belong to the intake team (Team Nord), so anna — a coordinator there — reads
 * where a report went.
 */
export function signedInCases(as: SignedIn, sql: typeof sharedSql = sharedSql) {
  const client = (u: DemoUsername): ApiClient => {
    const c = as[u];
    if (!c) throw new Error(`sign in as ${u} first`);
    return c;
  };

  /** A case opened by a report (the public form), visible in the read model. */
  async function reportedCase(report: Record<string, unknown> = sampleReport()): Promise<string> {
    const res = await client('anna').post('/reports', report);
    expect(res.status).toBe(202);
    const reportId = res.body.reportId as string;
    const caseId = await eventually(
      async () => ((await client('anna').get(`/reports/${reportId}`)).body?.caseId as string | null) ?? undefined,
      { what: 'the report to open a case' },
    );
    await eventually(async () => (await sql('SELECT 1 FROM cases WHERE id = $1', [caseId])).length === 1, { what: 'the case row' });
    return caseId;
  }

  /** A case assigned by the team's supervisor (or the head) to a coordinator of the team. */
  async function caseOf(
    coordinator: 'anna' | 'mikkel' | 'freja' | 'omar',
    teamId: 'team-north' | 'team-south',
    supervisor: 'sofie' | 'jonas' | 'hanne',
  ): Promise<string> {
    const caseId = await reportedCase();
    const assigned = await client(supervisor).post(`/cases/${caseId}/commands/assign-coordinator`, {
      coordinatorId: DEMO_IDS[coordinator],
      teamId,
    });
    expect(assigned.status).toBe(200);
    await eventually(
      async () => (await sql('SELECT coordinator_id FROM cases WHERE id = $1', [caseId]))[0]?.coordinator_id === DEMO_IDS[coordinator],
      { what: 'the assignment in the read model' },
    );
    return caseId;
  }

  /**
   * The coordinator takes a case through its urgency assessment, triage, child conversation and
   * assessment, and proposes `measure`: the decision waits for the supervisor. Returns what the
   * proposal created (decisionId, measureId).
   */
  async function proposedMeasure(
    caseId: string,
    measure: Record<string, unknown>,
    coordinator: DemoUsername = 'anna',
  ): Promise<{ decisionId: string; measureId: string }> {
    const url = `/cases/${caseId}/commands`;
    for (const [command, body] of [
      ['record-urgency-assessment', { childInDanger: false, acuteHelpNeeded: false }],
      ['decide-triage', { decision: 'assessment', reason: 'Bekymring for trivsel' }],
      ['record-child-conversation', {}],
      ['submit-assessment', { conclusion: 'measures-needed', summary: 'Behov for støtte' }],
      // The measure is decided after the assessment: a fresh conversation with the child comes first.
      ['record-child-conversation', {}],
      ['propose-measure', { measure }],
    ] as const) {
      const res = await client(coordinator).post(`${url}/${command}`, body);
      expect({ command, status: res.status }).toEqual({ command, status: 200 });
      if (command === 'propose-measure') return res.body.result as { decisionId: string; measureId: string };
    }
    throw new Error('unreachable');
  }

  /**
   * `then` while `absent` is away (from a minute ago, for an hour) with `standIn` standing in: the
   * absence registered by the admin, and removed again afterwards.
   */
  async function whileAway<T>(absent: keyof typeof DEMO_IDS, standIn: keyof typeof DEMO_IDS, then: () => Promise<T>): Promise<T> {
    const absence = await client('admin').post(`/admin/users/${DEMO_IDS[absent]}/absences`, {
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
      standInId: DEMO_IDS[standIn],
      reason: 'Sygdom',
    });
    expect(absence.status).toBe(201);
    try {
      return await then();
    } finally {
      await client('admin').delete(`/admin/users/${DEMO_IDS[absent]}/absences/${absence.body.id}`);
    }
  }

  return { reportedCase, caseOf, proposedMeasure, whileAway };
}
