import { type Config, loadConfig } from '../../libs/config/config';

/** The real parts `npm test` started (scripts/test.mjs) and passes in through the environment. */
export function testEnv() {
  const { DATABASE_URL, TEMPORAL_ADDRESS, PAYLOAD_KEYS, CLOSER_TEST_TMP } = process.env;
  if (!DATABASE_URL || !TEMPORAL_ADDRESS || !PAYLOAD_KEYS || !CLOSER_TEST_TMP) {
    throw new Error('Integration tests need the stack that `npm test` starts: run them through `npm test -- <pattern>`.');
  }
  return { databaseUrl: DATABASE_URL, temporalAddress: TEMPORAL_ADDRESS, payloadKeys: PAYLOAD_KEYS, tmp: CLOSER_TEST_TMP };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, ...overrides });
}

/** A task queue of its own per test file, so only that file's worker runs its workflows. */
export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}`;
}

export async function eventually<T>(
  fn: () => Promise<T | undefined | false>,
  { timeoutMs = 30_000, intervalMs = 200, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastError = err;
    }
    await sleep(intervalMs);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
