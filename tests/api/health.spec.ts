// GET /health tells operators whether PostgreSQL and Temporal answer; apps refuse bad config.
import pg from 'pg';
import { freePort, runToExit, startApi } from '../support/processes';
import { testEnv } from '../support/test-env';

async function health(url: string) {
  const res = await fetch(`${url}/health`);
  return { status: res.status, body: (await res.json()) as any };
}

describe('GET /health', () => {
  it('is 200 when PostgreSQL and Temporal are up', async () => {
    const api = await startApi({ taskQueue: 'health' });
    try {
      expect(await health(api.url)).toEqual({
        status: 200,
        body: { status: 'ok', checks: { postgres: { status: 'up' }, temporal: { status: 'up' } } },
      });
    } finally {
      await api.stop();
    }
  });

  it('is 503 naming Temporal when Temporal cannot be reached', async () => {
    const api = await startApi({ taskQueue: 'health', TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    try {
      const { status, body } = await health(api.url);
      expect(status).toBe(503);
      expect(body.checks.postgres.status).toBe('up');
      expect(body.checks.temporal.status).toBe('down');
    } finally {
      await api.stop();
    }
  });

  it('is 503 naming PostgreSQL when its database goes away', async () => {
    const admin = new pg.Client({ connectionString: testEnv().databaseUrl });
    await admin.connect();
    const dbName = `closer_health_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${dbName}`);
    const url = new URL(testEnv().databaseUrl);
    url.pathname = `/${dbName}`;
    const api = await startApi({ taskQueue: 'health', DATABASE_URL: url.toString() });
    try {
      expect((await health(api.url)).status).toBe(200);
      await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
      const { status, body } = await health(api.url);
      expect(status).toBe(503);
      expect(body.checks.postgres.status).toBe('down');
      expect(body.checks.temporal.status).toBe('up');
    } finally {
      await api.stop();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe('config at start', () => {
  it('stops the worker with a message naming a missing key', async () => {
    const { code, output } = await runToExit('worker', { SMTP_URL: undefined, PAYLOAD_KEYS: undefined });
    expect(code).toBe(1);
    expect(output).toMatch(/SMTP_URL is required/);
    expect(output).toMatch(/PAYLOAD_KEYS is required/);
  });

  it('stops the API with a message naming a malformed key', async () => {
    const { code, output } = await runToExit('api', { DATABASE_URL: 'not a url' });
    expect(code).toBe(1);
    expect(output).toMatch(/DATABASE_URL is not a valid URL/);
  });
});
