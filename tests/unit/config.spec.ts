import { ConfigError, loadConfig } from '../../libs/config/config';

const key = Buffer.alloc(32, 7).toString('base64');
const valid = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/closer',
  PAYLOAD_KEYS: `k1:${key}`,
  SMTP_URL: 'smtp://localhost:1025',
};

function problemsOf(env: Record<string, string | undefined>, needs = {}): string[] {
  try {
    loadConfig(env, needs);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('config', () => {
  it('reads a complete environment with defaults for the optional keys', () => {
    const config = loadConfig(valid, { mail: true });
    // No worker sizing: every value undefined, so the Temporal SDK's defaults apply.
    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'closer-cases', worker: {} });
    expect(config.payloadKeys).toEqual([{ id: 'k1', key: Buffer.alloc(32, 7) }]);
    expect(config.activePayloadKeyId).toBe('k1');
    expect(config.apiPort).toBe(3000);
  });

  it('names every missing key', () => {
    const problems = problemsOf({}, { mail: true });
    expect(problems.join('\n')).toMatch(/DATABASE_URL is required/);
    expect(problems.join('\n')).toMatch(/PAYLOAD_KEYS is required/);
    expect(problems.join('\n')).toMatch(/SMTP_URL is required/);
  });

  it('only asks for SMTP_URL where mail is sent', () => {
    expect(problemsOf({ ...valid, SMTP_URL: undefined })).toEqual([]);
  });

  it('names malformed values and what was expected', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: 'mysql://x/y' })).toEqual([expect.stringMatching(/^DATABASE_URL must be a postgres/)]);
    expect(problemsOf({ ...valid, API_PORT: '70000' })).toEqual([expect.stringMatching(/^API_PORT must be a port number/)]);
    expect(problemsOf({ ...valid, TEMPORAL_ADDRESS: 'localhost' })).toEqual([expect.stringMatching(/^TEMPORAL_ADDRESS must be host:port/)]);
    expect(problemsOf({ ...valid, PAYLOAD_KEYS: 'k1:c2hvcnQ=' })).toEqual([expect.stringMatching(/"k1" must be 32 bytes/)]);
    expect(problemsOf({ ...valid, CASE_POLICY: 'lenient-1' })).toEqual([
      expect.stringMatching(/^CASE_POLICY must be one of statutory-2025.1, aabenraa-2025.1/),
    ]);
    expect(problemsOf({ ...valid, PAYLOAD_ACTIVE_KEY_ID: 'k9' })).toEqual([
      expect.stringMatching(/PAYLOAD_ACTIVE_KEY_ID "k9" is not one of/),
    ]);
  });

  it("reads the worker's sizing and names a value that is not a whole number in range", () => {
    const config = loadConfig({
      ...valid,
      TEMPORAL_MAX_CACHED_WORKFLOWS: '128',
      TEMPORAL_WORKFLOW_TASK_SLOTS: '20',
      TEMPORAL_ACTIVITY_TASK_POLLERS: '4',
    });
    expect(config.temporal.worker).toEqual({
      maxCachedWorkflows: 128,
      maxConcurrentWorkflowTaskExecutions: 20,
      maxConcurrentActivityTaskPolls: 4,
    });
    expect(problemsOf({ ...valid, TEMPORAL_MAX_CACHED_WORKFLOWS: 'many' })).toEqual([
      expect.stringMatching(/^TEMPORAL_MAX_CACHED_WORKFLOWS must be a whole number >= 0, got "many"/),
    ]);
    expect(problemsOf({ ...valid, TEMPORAL_WORKFLOW_TASK_POLLERS: '1' })).toEqual([
      expect.stringMatching(/^TEMPORAL_WORKFLOW_TASK_POLLERS must be a whole number >= 2/),
    ]);
  });

  it('asks the API for CHILD_REFERENCE_KEY and names it when missing or too short', () => {
    expect(problemsOf(valid, { intake: true })).toEqual([expect.stringMatching(/^CHILD_REFERENCE_KEY is required/)]);
    expect(problemsOf({ ...valid, CHILD_REFERENCE_KEY: 'c2hvcnQ=' }, { intake: true })).toEqual([
      expect.stringMatching(/^CHILD_REFERENCE_KEY must be at least 32 bytes of base64, got 5 bytes/),
    ]);
    expect(problemsOf({ ...valid, CHILD_REFERENCE_KEY: 'not base64 at all!' })).toEqual([
      expect.stringMatching(/^CHILD_REFERENCE_KEY must be at least 32 bytes/),
    ]);
    expect(loadConfig({ ...valid, CHILD_REFERENCE_KEY: key }, { intake: true }).childReferenceKey).toEqual(Buffer.alloc(32, 7));
    // The worker never sees a child reference outside an encrypted payload: it does not need the key.
    expect(problemsOf(valid, { mail: true })).toEqual([]);
  });

  it('takes several payload keys for rotation and an explicit active key', () => {
    const other = Buffer.alloc(32, 9).toString('base64');
    const config = loadConfig({ ...valid, PAYLOAD_KEYS: `old:${key},new:${other}`, PAYLOAD_ACTIVE_KEY_ID: 'new' });
    expect(config.payloadKeys.map((k) => k.id)).toEqual(['old', 'new']);
    expect(config.activePayloadKeyId).toBe('new');
  });
});
