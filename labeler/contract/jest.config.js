/**
 * `npm run test:labeler-contract`: only the contract suite, against the Labeler named by
 * LABELER_API_URL + LABELER_SERVICE_KEY, without the test run's PostgreSQL and S3.
 */
import { shared } from '../../jest.config.js';

export default {
  ...shared,
  rootDir: '../..',
  testMatch: ['<rootDir>/labeler/contract/**/*.contract.test.ts'],
  testTimeout: 60000,
  reporters: ['default'],
};
