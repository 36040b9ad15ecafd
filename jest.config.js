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

// ESM-only packages the tests import (jose, openid-client and its oauth4webapi): jest on Node 20
// cannot require() ES modules, so these few are compiled to CommonJS like our own files.
const esmOnly = ['jose', 'openid-client', 'oauth4webapi'];
const swcEsm = { ...swc, jsc: { ...swc.jsc, parser: { syntax: 'ecmascript' } } };

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    [`/node_modules/(${esmOnly.join('|')})/.+\\.js$`]: ['@swc/jest', swcEsm],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  testTimeout: 120_000,
  maxWorkers: 2,
  setupFiles: ['reflect-metadata'],
};
