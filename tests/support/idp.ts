import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, RunningProcess } from './processes';

const root = join(__dirname, '..', '..');

export interface RunningIdp extends RunningProcess {
  issuer: string;
}

/**
 * A local OpenID provider of a test's own (the built apps/idp), for tests that change its state
 * in ways other test files must not see, such as locking a username after failed logins. Other
 * tests use the one `npm test` started (OIDC_ISSUER).
 */
export async function startIdp(env: Record<string, string> = {}): Promise<RunningIdp> {
  const port = await freePort();
  const issuer = `http://localhost:${port}`;
  const proc = spawn(process.execPath, [join(root, 'dist', 'apps', 'idp', 'src', 'main.js')], {
    env: { ...process.env, IDP_PORT: String(port), IDP_ISSUER: issuer, IDP_ALLOW_LOOPBACK_REDIRECTS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const p = new RunningProcess('idp', proc);
  await p.waitForOutput(/OpenID provider listening on/);
  return Object.assign(p, { issuer });
}
