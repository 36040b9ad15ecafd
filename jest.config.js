/** Tests in tiers under tests/: unit (pure), workflow and api (real Temporal, PostgreSQL, SMTP), reliability. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  testTimeout: 120_000,
  maxWorkers: 2,
  setupFiles: ['reflect-metadata'],
};
