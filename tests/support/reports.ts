import { randomUUID } from 'node:crypto';
import { type ApiClient, send, signIn } from './auth';

/** A valid report of concern with unique personal data, so each test can find exactly its own. */
export function sampleReport(overrides: Record<string, unknown> = {}) {
  const tag = randomUUID().slice(0, 8);
  return {
    reporter: { name: `Hanne Holm ${tag}`, email: `hanne.${tag}@skole.example.dk`, type: 'professional' },
    childReference: `0101${tag}`,
    concern: `Eleven kommer ofte sulten i skole (${tag}).`,
    idempotencyKey: `key-${randomUUID()}`,
    ...overrides,
  };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return send(url, 'POST', body, headers);
}

/** A GET, public or with the headers given (e.g. `{ authorization: 'Bearer …' }`). */
export function getJson(url: string, headers: Record<string, string> = {}) {
  return send(url, 'GET', undefined, headers);
}

/**
 * POST /reports (public) as a test that goes on to work with the case: when the answer could not yet
 * name the case (the intake workflow answered too slowly, as on a loaded machine), it is taken from
 * GET /reports/:reportId once the report is recorded. That needs a coordinator, supervisor or the
 * head: `reader`, by default anna (a coordinator of the intake team), signed in only when needed.
 */
export async function postReport(apiUrl: string, report: unknown, reader?: ApiClient) {
  const res = await postJson(`${apiUrl}/reports`, report);
  if (res.status !== 202 || res.body?.caseId) return res;
  const asReader = reader ?? (await signIn(apiUrl, 'anna'));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const status = await asReader.get(`/reports/${res.body.reportId}`);
    if (status.body?.caseId) return { ...res, body: { ...res.body, caseId: status.body.caseId, workflowId: `case-${status.body.caseId}` } };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`report ${res.body.reportId} was not recorded within 60 s`);
}
