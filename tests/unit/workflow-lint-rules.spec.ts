// The lint rules that keep each aggregate readable and its rules pure (eslint.config.mjs), shown on probes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/**
 * The problems eslint reports for each probe, as `ruleId: message`, linted as if it were the file at
 * its path. One eslint process for all probes: building the type information is most of its time.
 */
function lintProbes(probes: Record<string, string>): Record<string, string[]> {
  const script = `
    const { ESLint } = require('eslint');
    const probes = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = {};
      for (const [filePath, text] of Object.entries(probes)) {
        const [result] = await eslint.lintText(text, { filePath });
        out[filePath] = result.messages.map((m) => m.ruleId + ': ' + m.message);
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const r = spawnSync(process.execPath, ['-e', script, JSON.stringify(probes)], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('workflow size and purity rules', () => {
  const body = Array.from({ length: 61 }, (_, i) => `  const v${i} = ${i};`).join('\n');
  const sum = Array.from({ length: 61 }, (_, i) => `v${i}`).join(' + ');
  const consts = Array.from({ length: 200 }, (_, i) => `export const c${i} = ${i};`).join('\n');
  let found: Record<string, string[]>;

  beforeAll(() => {
    found = lintProbes({
      'workflows/lint-probe.workflow.ts': `export function f(): number {\n${body}\n  return ${sum};\n}\n${consts}\n`,
      'workflows/case/case.rules.ts': "import { sleep } from '@temporalio/workflow';\nexport const wait = () => sleep(1);\n",
    });
  }, 120_000);

  it('refuse a function over 60 lines in workflows/ and a workflow file over 250 lines', () => {
    expect(found['workflows/lint-probe.workflow.ts']).toEqual(
      expect.arrayContaining([expect.stringMatching(/^max-lines-per-function:/), expect.stringMatching(/^max-lines:/)]),
    );
  });

  it('refuse the Temporal workflow API in a rules file', () => {
    expect(found['workflows/case/case.rules.ts']).toEqual(
      expect.arrayContaining([expect.stringMatching(/^no-restricted-imports: '@temporalio\/workflow' import is restricted/)]),
    );
  });
});
