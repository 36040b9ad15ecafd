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

  describe('keeps each layer to the layers below it', () => {
    /** Files that exist only here, each with the imports of its layer: allowed ones first, then those refused. */
    const PROBES: Record<string, string[]> = {
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
        'export const x = [caseWorkflowId, reassignTaskSchema, ReadModel, createReadModelActivities, stepTracker, DataSource, InjectDataSource];',
        'export type Y = [Activities, typeof caseWorkflow];',
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
    /** Per probe, the imports lint refused, in order. */
    let refused: Record<string, string[]>;

    beforeAll(() => {
      // One ESLint process for all of them: the type-aware project is loaded once.
      const script = `
        const { ESLint } = require('eslint');
        const probes = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
        (async () => {
          const eslint = new ESLint();
          const out = {};
          for (const [filePath, text] of Object.entries(probes))
            out[filePath] = (await eslint.lintText(text, { filePath }))[0].messages;
          process.stdout.write(JSON.stringify(out));
        })();`;
      const input = JSON.stringify(Object.fromEntries(Object.entries(PROBES).map(([file, lines]) => [file, lines.join('\n')])));
      const r = spawnSync(process.execPath, ['-e', script], { cwd: root, input, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      const messages = JSON.parse(r.stdout) as Record<string, { ruleId: string | null; message: string }[]>;
      refused = Object.fromEntries(
        Object.entries(messages).map(([file, ms]) => [
          file,
          ms
            .filter((m) => m.ruleId === 'no-restricted-imports')
            .map((m) => /^'([^']+)' import is restricted/.exec(m.message)?.[1] ?? m.message),
        ]),
      );
    });

    it('apps: the contract and libs, never activities, workflow code or the database', () => {
      expect(refused['apps/api/src/lint-probe.service.ts']).toEqual([
        '../../../activities/read-model',
        '../../../activities',
        '../../../workflows/case.workflow',
        '../../../workflows/support/task-tracker',
        'typeorm',
        '@nestjs/typeorm',
      ]);
    });

    it('the worker hosts activities but runs no workflow code of its own', () => {
      expect(refused['apps/worker/src/lint-probe.ts']).toEqual(['../../../workflows/case.workflow']);
    });

    it('activities: libs and the contract, never apps or workflow code', () => {
      expect(refused['activities/lint-probe.activity.ts']).toEqual(['../apps/api/src/audit/audit.service', '../workflows/case.workflow']);
    });

    it('workflows: pure libs and the types of activities, never apps', () => {
      expect(refused['workflows/lint-probe.workflow.ts']).toEqual([
        '../activities',
        '../libs/read-model/read-model',
        '../apps/api/src/auth/principal',
      ]);
    });

    it("libs: nothing above them, but the contract's types", () => {
      expect(refused['libs/lint-probe.ts']).toEqual([
        '../workflows/contract',
        '../workflows/command-schemas',
        '../activities',
        '../apps/api/src/audit/audit.service',
      ]);
    });
  });

  it('passes on the whole code base', () => {
    const r = eslint(['.']);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
