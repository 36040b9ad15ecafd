// The lint rules that keep workflow code replayable, and the whole tree passing them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const eslint = (args: string[], input?: string) =>
  spawnSync(process.execPath, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), ...args], { cwd: root, input, encoding: 'utf8' });

describe('lint', () => {
  it('rejects I/O imports and floating promises in workflow code', () => {
    const probe = [
      "import { readFileSync } from 'node:fs';",
      "import { DataSource } from 'typeorm';",
      "import nodemailer from 'nodemailer';",
      "import type { Client } from '@temporalio/client';",
      'export const x = (c?: Client) => [readFileSync, DataSource, nodemailer, c];',
      'async function f(): Promise<void> {}',
      'export function g(): void { f(); }',
    ].join('\n');
    const r = eslint(['--stdin', '--stdin-filename', 'workflows/lint-probe.workflow.ts'], probe);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/'node:fs' import is restricted/);
    expect(r.stdout).toMatch(/'typeorm' import is restricted/);
    expect(r.stdout).toMatch(/'nodemailer' import is restricted/);
    expect(r.stdout).not.toMatch(/'@temporalio\/client' import is restricted/); // a type-only import is fine
    expect(r.stdout).toMatch(/no-floating-promises/);
  });

  it('passes on the whole code base', () => {
    const r = eslint(['.']);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
