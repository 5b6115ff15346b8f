/**
 * Jest runs TypeScript as native ES modules (swc) in three projects, each selectable with
 * `npm test -- --selectProjects <name>`:
 * - unit: needs nothing but Node; no PostgreSQL, S3 or browser is started.
 * - integration: services against one shared PostgreSQL + S3, started by the global setup.
 * - e2e: the console in Chromium against a stack on the same PostgreSQL + S3.
 * Jest runs a global setup only for the projects with tests selected, and once per run however
 * many of them name it.
 */

/** What every project shares; the Labeler contract config (`labeler/contract/jest.config.js`) builds on it too. */
export const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } }, module: { type: 'es6' } },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testPathIgnorePatterns: ['/node_modules/', '/.data/', '/client/dist/', '<rootDir>/dist/'],
};

const infra = {
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
};

/** Named `*.test.ts` but not units: they use the run's PostgreSQL and S3, or start PostgreSQL themselves. */
const unitNamedInfraTests = [
  'lib/pubsub.test.ts',
  'lib/infra/postgres.test.ts',
  'subgraphs/users/db.test.ts',
  'subgraphs/platform/db.test.ts',
  'subgraphs/users/init-and-copy.test.ts',
  'subgraphs/platform/snapshot/snapshot.service.test.ts',
];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export default {
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/harness/summary-reporter.cjs'],
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: [
        ...shared.testPathIgnorePatterns,
        '\\.(integration|contract|e2e)\\.test\\.ts$',
        ...unitNamedInfraTests.map((file) => `<rootDir>/${escape(file)}$`),
      ],
    },
    {
      ...shared,
      ...infra,
      displayName: 'integration',
      testMatch: ['**/*.integration.test.ts', '**/*.contract.test.ts', ...unitNamedInfraTests.map((file) => `<rootDir>/${file}`)],
    },
    {
      ...shared,
      ...infra,
      displayName: 'e2e',
      testMatch: ['<rootDir>/client/e2e/**/*.e2e.test.ts'],
    },
  ],
};
