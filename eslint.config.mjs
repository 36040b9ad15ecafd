// ESLint: type-aware rules everywhere, and workflow code kept deterministic by construction.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const IO_AND_NODE = [
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'https',
  'crypto',
  'dns',
  'tls',
  'worker_threads',
  'timers',
  'process',
  'node:*',
  'typeorm',
  'typeorm/*',
  'pg',
  'nodemailer',
  '@nestjs/*',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
];

// ---------------------------------------------------------------------------------------------
// Layers (docs/architecture.md): each imports only from the layers below it.
//   apps       -> the contract (the workflows' public API) and libs; never activities or workflow code
//   activities -> libs and the contract
//   workflows  -> pure libs (policy, calendar) and the activities' types only
//   libs       -> nothing above (the contract's types only, where a shared type lives there)
// An import is matched as written, so a relative path that climbs to the root and down into a
// layer (`../../activities/x`) is what each rule looks for.

/** The workflows' public API, which the layers above may use: ids, signals, updates, queries, schemas. */
const CONTRACT = '(contract|command-schemas|schema-basics|command-registry)';
const UP = '^(\\.\\./)+';

const layer = (regex, message, allowTypeImports = false) => ({ regex, message, allowTypeImports });
const NO_APPS = layer(`${UP}apps(/|$)`, 'Layers: nothing imports from apps/; move what is shared into libs/.');
const NO_ACTIVITIES = layer(
  `${UP}activities(/|$)`,
  'Layers: only the worker hosts activities; call the repositories and services in libs/ instead.',
);
const CONTRACT_ONLY = layer(
  `${UP}workflows($|/(?!${CONTRACT}$))`,
  `Layers: outside workflows/, use only the contract (workflows/${CONTRACT}.ts), never workflow code.`,
);
/** SQL lives in libs/read-model repositories: services and controllers reach PostgreSQL only through them. */
const NO_DATABASE = {
  group: ['typeorm', 'typeorm/*', '@nestjs/typeorm', 'pg'],
  message: 'Layers: controllers, pages and services read and write PostgreSQL through libs/read-model repositories.',
};

/** One holder of the Temporal client in the API: apps/api/src/temporal/ (the gateway maps its errors in one place). */
const NO_TEMPORAL_CLIENT = {
  group: ['@temporalio/client'],
  allowTypeImports: true,
  message: 'Layers: the API reaches Temporal only through its gateway (apps/api/src/temporal/temporal.gateway.ts).',
};

/** What workflow code may not import (a later block for the same files replaces the rule, so each repeats these). */
const WORKFLOW_PATTERNS = [
  {
    group: IO_AND_NODE,
    allowTypeImports: true,
    message: 'Workflow code must be deterministic: do I/O in an activity and import only its types here.',
  },
  NO_APPS,
  layer(`${UP}activities(/|$)`, 'Layers: workflows import only the types of activities.', true),
  layer(
    `${UP}libs/(?!(policy|calendar)/)`,
    'Layers: workflows run only pure libs (libs/policy, libs/calendar); other libs do I/O (types only).',
    true,
  ),
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'scripts/**/*.mjs',
      'tests/support/*.cjs',
      'jest.config.js',
      'eslint.config.mjs',
      'test-artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          // The lint probes of tests/unit/lint-rules.spec.ts: files that exist only on stdin.
          allowDefaultProject: [
            'workflows/lint-probe.workflow.ts',
            'apps/api/src/lint-probe.service.ts',
            'apps/worker/src/lint-probe.ts',
            'activities/lint-probe.activity.ts',
            'libs/lint-probe.ts',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Workflow code is replayed: it may not touch the clock, the disk, the network or a database.
    // Activities do that; workflows import only their types.
    files: ['workflows/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: WORKFLOW_PATTERNS }] },
  },
  {
    files: ['apps/api/**/*.ts'],
    ignores: ['apps/api/src/temporal/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_ACTIVITIES, CONTRACT_ONLY, NO_DATABASE, NO_TEMPORAL_CLIENT] }] },
  },
  {
    files: ['apps/api/src/temporal/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_ACTIVITIES, CONTRACT_ONLY, NO_DATABASE] }] },
  },
  {
    // The worker hosts the activities (it registers them), and runs workflows from their bundle (libs/temporal).
    files: ['apps/worker/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [CONTRACT_ONLY] }] },
  },
  {
    files: ['activities/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_APPS, CONTRACT_ONLY] }] },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_APPS,
            NO_ACTIVITIES,
            layer(`${UP}workflows($|/(?!contract$))`, 'Layers: libs import nothing above them; move a shared type down into libs/.'),
            layer(`${UP}workflows/contract$`, "Layers: libs may use the contract's types only.", true),
          ],
        },
      ],
    },
  },
  // Workflows by aggregate (workflows/<aggregate>/, issue 19): a workflow file tells the story and wires
  // the handlers; no function grows past what one reads at a glance; rules, state and views are pure.
  {
    files: ['workflows/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['workflows/**/*.workflow.ts'],
    rules: { 'max-lines': ['error', { max: 250, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: [
      'workflows/**/*.rules.ts',
      'workflows/**/*.state.ts',
      'workflows/**/*.view.ts',
      'workflows/support/task-record.ts',
      'workflows/support/refusal.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...WORKFLOW_PATTERNS,
            {
              group: ['@temporalio/workflow'],
              allowTypeImports: true,
              message: 'Rules, state and views are pure functions of their arguments (the time too): no Temporal API, no I/O.',
            },
          ],
        },
      ],
    },
  },
);
