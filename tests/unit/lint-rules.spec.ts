// The lint rules (eslint.config.mjs): workflow code replayable and readable, each layer importing only
// from the layers below it, and the whole tree passing them. One ESLint process lints the probes and
// the tree: building the type-aware project is most of its time.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

interface Message {
  ruleId: string | null;
  message: string;
}

/** Files that exist only here (or stand in for one that does), each with what its layer imports: allowed ones first, then those refused. */
const LAYER_PROBES: Record<string, string[]> = {
  'apps/api/src/lint-probe.service.ts': [
    "import { caseWorkflowId } from '../../../workflows/contract';",
    "import { reassignTaskSchema } from '../../../workflows/command-schemas';",
    "import { ReadModel } from '../../../libs/read-model/read-model';",
    "import { createReadModelActivities } from '../../../activities/read-model';",
    "import type { Activities } from '../../../activities';",
    "import type { caseWorkflow } from '../../../workflows/case.workflow';",
    "import { stepTracker } from '../../../workflows/support/task-tracker';",
    "import { DataSource } from 'typeorm';",
    "import { InjectDataSource } from '@nestjs/typeorm';",
    "import type { WorkflowHandle } from '@temporalio/client';",
    "import { Connection } from '@temporalio/client';",
    'export const x = [caseWorkflowId, reassignTaskSchema, ReadModel, createReadModelActivities, stepTracker, DataSource, InjectDataSource, Connection];',
    'export type Y = [Activities, typeof caseWorkflow, WorkflowHandle];',
  ],
  'apps/worker/src/lint-probe.ts': [
    "import { createActivities } from '../../../activities';",
    "import { caseWorkflow } from '../../../workflows/case.workflow';",
    'export const x = [createActivities, caseWorkflow];',
  ],
  'activities/lint-probe.activity.ts': [
    "import { CommandRejection } from '../workflows/contract';",
    "import { ReadModel } from '../libs/read-model/read-model';",
    "import { AuditService } from '../apps/api/src/audit/audit.service';",
    "import { caseWorkflow } from '../workflows/case.workflow';",
    'export const x = [CommandRejection, ReadModel, AuditService, caseWorkflow];',
  ],
  'workflows/lint-probe.workflow.ts': [
    "import { POLICIES } from '../libs/policy/case-policy';",
    "import { localDate } from '../libs/calendar/danish-calendar';",
    "import type { Activities } from '../activities';",
    "import type { Projection } from '../libs/projection/projection';",
    "import { createActivities } from '../activities';",
    "import { ReadModel } from '../libs/read-model/read-model';",
    "import type { Principal } from '../apps/api/src/auth/principal';",
    'export const x = [POLICIES, localDate, createActivities, ReadModel];',
    'export type Y = [Activities, Projection, Principal];',
  ],
  'libs/lint-probe.ts': [
    "import type { TaskKind } from '../workflows/contract';",
    "import { caseWorkflowId } from '../workflows/contract';",
    "import { reassignTaskSchema } from '../workflows/command-schemas';",
    "import { createActivities } from '../activities';",
    "import { AuditService } from '../apps/api/src/audit/audit.service';",
    'export const x = [caseWorkflowId, reassignTaskSchema, createActivities, AuditService];',
    'export type Y = TaskKind;',
  ],
};

const WORKFLOW_PROBES: Record<string, string> = {
  'workflows/family/family.workflow.ts': [
    "import { readFileSync } from 'node:fs';",
    "import { DataSource } from 'typeorm';",
    "import nodemailer from 'nodemailer';",
    "import type { Client } from '@temporalio/client';",
    'export const x = (c?: Client) => [readFileSync, DataSource, nodemailer, c];',
    'async function f(): Promise<void> {}',
    'export function g(): void { f(); }',
  ].join('\n'),
  // Over 60 lines in one function, over 250 in the file.
  'workflows/case/case.workflow.ts': `export function f(): number {\n${Array.from({ length: 61 }, (_, i) => `  const v${i} = ${i};`).join('\n')}\n  return 0;\n}\n${Array.from({ length: 200 }, (_, i) => `export const c${i} = ${i};`).join('\n')}\n`,
  'workflows/case/case.rules.ts': "import { sleep } from '@temporalio/workflow';\nexport const wait = () => sleep(1);\n",
};

/** Per probe, what lint reported; and the problems of the whole tree. */
let found: { probes: Record<string, Message[]>; tree: string[] };

beforeAll(() => {
  const script = `
    const { ESLint } = require('eslint');
    const probes = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint();
      const out = { probes: {}, tree: [] };
      for (const [filePath, text] of Object.entries(probes))
        out.probes[filePath] = (await eslint.lintText(text, { filePath }))[0].messages;
      for (const r of await eslint.lintFiles(['.']))
        for (const m of r.messages) out.tree.push(r.filePath + ':' + m.line + ' ' + m.ruleId + ': ' + m.message);
      process.stdout.write(JSON.stringify(out));
    })();`;
  const probes = {
    ...Object.fromEntries(Object.entries(LAYER_PROBES).map(([file, lines]) => [file, lines.join('\n')])),
    ...WORKFLOW_PROBES,
  };
  const r = spawnSync(process.execPath, ['-e', script], {
    cwd: root,
    input: JSON.stringify(probes),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  expect(r.stderr).toBe('');
  found = JSON.parse(r.stdout);
}, 300_000);

const rules = (file: string) => found.probes[file].map((m) => `${m.ruleId}: ${m.message}`);

describe('lint', () => {
  it('rejects I/O imports and floating promises in workflow code', () => {
    const problems = rules('workflows/family/family.workflow.ts').join('\n');
    expect(problems).toMatch(/'node:fs' import is restricted/);
    expect(problems).toMatch(/'typeorm' import is restricted/);
    expect(problems).toMatch(/'nodemailer' import is restricted/);
    expect(problems).not.toMatch(/'@temporalio\/client' import is restricted/); // a type-only import is fine
    expect(problems).toMatch(/no-floating-promises/);
  });

  it('refuses a function over 60 lines in workflows/ and a workflow file over 250 lines', () => {
    expect(rules('workflows/case/case.workflow.ts')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^max-lines-per-function:/), expect.stringMatching(/^max-lines:/)]),
    );
  });

  it('refuses the Temporal workflow API in a rules file', () => {
    expect(rules('workflows/case/case.rules.ts')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^no-restricted-imports: '@temporalio\/workflow' import is restricted/)]),
    );
  });

  describe('keeps each layer to the layers below it', () => {
    /** Per probe, the imports lint refused, in order. */
    const refused = (file: string) =>
      found.probes[file]
        .filter((m) => m.ruleId === 'no-restricted-imports')
        .map((m) => /^'([^']+)' import is restricted/.exec(m.message)?.[1] ?? m.message);

    it('apps: the contract and libs, never activities, workflow code, the database or the Temporal client but through its gateway', () => {
      expect(refused('apps/api/src/lint-probe.service.ts')).toEqual([
        '../../../activities/read-model',
        '../../../activities',
        '../../../workflows/case.workflow',
        '../../../workflows/support/task-tracker',
        'typeorm',
        '@nestjs/typeorm',
        '@temporalio/client',
      ]);
    });

    it('the worker hosts activities but runs no workflow code of its own', () => {
      expect(refused('apps/worker/src/lint-probe.ts')).toEqual(['../../../workflows/case.workflow']);
    });

    it('activities: libs and the contract, never apps or workflow code', () => {
      expect(refused('activities/lint-probe.activity.ts')).toEqual(['../apps/api/src/audit/audit.service', '../workflows/case.workflow']);
    });

    it('workflows: pure libs and the types of activities, never apps', () => {
      expect(refused('workflows/lint-probe.workflow.ts')).toEqual([
        '../activities',
        '../libs/read-model/read-model',
        '../apps/api/src/auth/principal',
      ]);
    });

    it("libs: nothing above them, but the contract's types", () => {
      expect(refused('libs/lint-probe.ts')).toEqual([
        '../workflows/contract',
        '../workflows/command-schemas',
        '../activities',
        '../apps/api/src/audit/audit.service',
      ]);
    });
  });

  it('passes on the whole code base', () => {
    expect(found.tree).toEqual([]);
  });
});
