// Personal data never reaches the Temporal server in clear text; Temporal UI reads it through /codec,
// and only an admin's session or token opens it.
import { temporal } from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import { postJson, sampleReport, postReport } from '../support/reports';
import { temporalClient } from '../support/temporal';
import { eventually } from '../support/test-env';
import { useSignedInApi } from '../support/workflow-harness';

const UI_ORIGIN = 'http://localhost:8233';
const h = useSignedInApi('codec', ['admin', 'anna'], { api: { CODEC_CORS_ORIGINS: UI_ORIGIN } });
const { admin, anna } = h.as;
let raw: Client;

beforeAll(async () => {
  raw = await temporalClient({ raw: true });
});
afterAll(() => raw?.connection.close());

/** An encrypted payload of a new report's case, as Temporal UI sends it to the codec. */
async function encryptedReportPayload(report = sampleReport()) {
  const { body } = await postReport(h.api.url, report);
  const history = await recordedHistory(body.workflowId, report.reporter.email);
  // The report reaches its case in the case's start input (a new case) or in a signal (an open one).
  const started = history.events!.find((e) => e.workflowExecutionStartedEventAttributes)!;
  const signaled = history.events!.find((e) => e.workflowExecutionSignaledEventAttributes);
  const carrier = signaled?.workflowExecutionSignaledEventAttributes ?? started.workflowExecutionStartedEventAttributes!;
  const payload = carrier.input!.payloads![0];
  expect(Buffer.from(payload.metadata!.encoding).toString()).toBe('binary/encrypted');
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(payload.data!).toString('base64'),
  };
}

/** Every run of the case (it may have continued as new), as one history, as the server stores it. */
async function recordedHistory(workflowId: string, reporterEmail: string) {
  await eventually(async () => (await h.mail.messagesTo(reporterEmail)).length > 0, { what: 'the receipt' });
  const runIds: string[] = [];
  for await (const run of raw.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runIds.push(run.runId);
  const events = [];
  for (const runId of runIds) events.push(...((await raw.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? []));
  return temporal.api.history.v1.History.create({ events });
}

describe('payload encryption', () => {
  it('stores no personal field of a report in clear text anywhere in the workflow history', async () => {
    const report = sampleReport();
    const { body } = await postReport(h.api.url, report);
    const history = await recordedHistory(body.workflowId, report.reporter.email);
    expect(history.events!.length).toBeGreaterThan(10);

    const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    for (const value of [report.reporter.name, report.reporter.email, report.childReference, report.concern]) {
      expect({ value, found: bytes.includes(Buffer.from(value)) }).toEqual({ value, found: false });
    }
    // Ids and search attributes are clear text by design: they must be opaque.
    expect(body.workflowId).not.toContain(report.childReference);
  });

  it("lets Temporal UI read the payloads through POST /codec/decode with an admin's token, and encode them back", async () => {
    const report = sampleReport();
    const asJson = await encryptedReportPayload(report);

    const decoded = await admin.post('/codec/decode', { payloads: [asJson] }, { 'X-Namespace': 'default', Origin: UI_ORIGIN });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(decoded.headers.get('access-control-allow-credentials')).toBe('true');
    const decodedJson = JSON.parse(Buffer.from(decoded.body.payloads[0].data, 'base64').toString());
    const clear = decodedJson.firstReport ?? decodedJson;
    expect(clear).toMatchObject({ reporter: report.reporter, childReference: report.childReference, concern: report.concern });
    expect(Buffer.from(decoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');

    const encoded = await admin.post('/codec/encode', decoded.body, { 'X-Namespace': 'default' });
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const again = await admin.post('/codec/decode', encoded.body, { 'X-Namespace': 'default' });
    expect(again.body).toEqual(decoded.body);
  });

  it('answers the browser preflight of Temporal UI, credentials included', async () => {
    const res = await fetch(`${h.api.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        Origin: UI_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-namespace,authorization',
      },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const allowed = res.headers.get('access-control-allow-headers')?.toLowerCase() ?? '';
    expect(allowed).toContain('x-namespace');
    expect(allowed).toContain('authorization');
    // Another site is not let in.
    const other = await fetch(`${h.api.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses another namespace and malformed bodies with 4xx', async () => {
    expect((await admin.post('/codec/decode', { payloads: [] }, { 'X-Namespace': 'other' })).status).toBe(403);
    const bad = await admin.post('/codec/decode', { nope: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/payloads must be an array/);
    const garbage = await admin.post('/codec/decode', {
      payloads: [
        {
          metadata: {
            encoding: Buffer.from('binary/encrypted').toString('base64'),
            'encryption-key-id': Buffer.from('test-1').toString('base64'),
          },
          data: 'AAAA',
        },
      ],
    });
    expect(garbage.status).toBe(400);
  });
});

describe('who may use the codec endpoint', () => {
  it('decrypts only for an admin: 401 without a token or with a wrong one, 403 for a coordinator, no payloads in either', async () => {
    const report = sampleReport();
    const payloads = [await encryptedReportPayload(report)];
    for (const path of ['/codec/decode', '/codec/encode']) {
      const none = await postJson(`${h.api.url}${path}`, { payloads }, { 'X-Namespace': 'default', Origin: UI_ORIGIN });
      expect({ path, status: none.status }).toEqual({ path, status: 401 });
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const wrong = await postJson(`${h.api.url}${path}`, { payloads }, { Authorization: 'Bearer ui-secret-token' });
      expect({ path, status: wrong.status }).toEqual({ path, status: 401 });
      const coordinator = await anna.post(path, { payloads }, { 'X-Namespace': 'default' });
      expect({ path, status: coordinator.status }).toEqual({ path, status: 403 });
      for (const answer of [none, wrong, coordinator]) expect(answer.body).not.toHaveProperty('payloads');
    }
    const decoded = await admin.post('/codec/decode', { payloads }, { 'X-Namespace': 'default' });
    expect(decoded.status).toBe(200);
    const clear = JSON.parse(Buffer.from(decoded.body.payloads[0].data, 'base64').toString());
    expect(JSON.stringify(clear)).toContain(report.childReference);
  });
});
