/** Jest runs TypeScript as native ES modules (swc), one shared PostgreSQL + S3 for the whole run. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } }, module: { type: 'es6' } }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.data/', '/client/dist/'],
  globalSetup: '<rootDir>/lib/testing/global-setup.ts',
  globalTeardown: '<rootDir>/lib/testing/global-teardown.ts',
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/lib/testing/summary-reporter.cjs'],
};
