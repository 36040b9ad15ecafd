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
        projectService: { allowDefaultProject: ['workflows/lint-probe.workflow.ts'] },
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
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: IO_AND_NODE,
              allowTypeImports: true,
              message: 'Workflow code must be deterministic: do I/O in an activity and import only its types here.',
            },
          ],
        },
      ],
    },
  },
);
