// The lint rules that keep each aggregate readable and its rules pure (eslint.config.mjs), shown on probes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const eslint = (file: string, input: string) =>
  spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--no-warn-ignored', '--stdin', '--stdin-filename', file],
    {
      cwd: root,
      input,
      encoding: 'utf8',
    },
  );

describe('workflow size and purity rules', () => {
  it('refuse a function over 60 lines in workflows/ and a workflow file over 250 lines', () => {
    const body = Array.from({ length: 61 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const longFunction = `export function f(): number {\n${body}\n  return ${Array.from({ length: 61 }, (_, i) => `v${i}`).join(' + ')};\n}\n`;
    const r = eslint(
      'workflows/lint-probe.workflow.ts',
      longFunction + Array.from({ length: 200 }, (_, i) => `export const c${i} = ${i};`).join('\n'),
    );
    expect(r.stdout).toMatch(/max-lines-per-function/);
    expect(r.stdout).toMatch(/max-lines\b/);
    expect(r.status).toBe(1);
  }, 60_000);

  it('refuse the Temporal workflow API in a rules file, and take a pure one', () => {
    const impure = "import { sleep } from '@temporalio/workflow';\nexport const wait = () => sleep(1);\n";
    const r = eslint('workflows/case/case.rules.ts', impure);
    expect(r.stdout).toMatch(/'@temporalio\/workflow' import is restricted/);
    expect(r.status).toBe(1);
  }, 60_000);
});
