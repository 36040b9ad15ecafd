// Repeated failed sign-ins at Closer's callback (codes that do not complete) are slowed down per
// address. Its own API, so the slow-down reaches no other test's sign-ins.
import { useSignedInApi } from '../support/workflow-harness';

const h = useSignedInApi('login-throttle', [], { worker: false });

async function failedCallback(): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${h.api.url}/auth/callback?code=forged&state=forged`, { redirect: 'manual' });
  await res.text();
  return { status: res.status, ms: Date.now() - started };
}

it('answers failed sign-ins at once at first, then ever more slowly', async () => {
  const first = await failedCallback();
  expect(first.status).toBe(400);
  for (let i = 0; i < 7; i++) expect((await failedCallback()).status).toBe(400);
  // The 9th failure within the window waits 2 s (500 ms for each failure past the fifth). Other
  // routes are not slowed: a health check sent alongside it answers first.
  const answered: string[] = [];
  const [ninth, health] = await Promise.all([
    failedCallback().finally(() => answered.push('sign-in')),
    fetch(`${h.api.url}/health`).finally(() => answered.push('health')),
  ]);
  expect(ninth.status).toBe(400);
  expect(ninth.ms).toBeGreaterThanOrEqual(1900);
  expect(health.status).toBe(200);
  expect(answered).toEqual(['health', 'sign-in']);
});
