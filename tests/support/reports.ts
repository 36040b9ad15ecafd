import { randomUUID } from 'node:crypto';

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

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, headers: res.headers, text };
}

export async function getJson(url: string) {
  const res = await fetch(url);
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, text };
}

/**
 * POST /reports as a test that goes on to work with the case: when the answer could not yet name the
 * case (the intake workflow answered too slowly, as on a loaded machine), it is taken from
 * GET /reports/:reportId once the report is recorded.
 */
export async function postReport(apiUrl: string, report: unknown) {
  const res = await postJson(`${apiUrl}/reports`, report);
  if (res.status !== 202 || res.body?.caseId) return res;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const status = await getJson(`${apiUrl}/reports/${res.body.reportId}`);
    if (status.body?.caseId) return { ...res, body: { ...res.body, caseId: status.body.caseId, workflowId: `case-${status.body.caseId}` } };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`report ${res.body.reportId} was not recorded within 60 s`);
}
