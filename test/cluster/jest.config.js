/**
 * The cluster tier (`npm run test:cluster`): specs that run against the cluster profile (scripts/cluster.sh) on the
 * development ports and kill its brokers, Temporal services, app replicas and the read-model replica.
 */
const path = require('node:path');
const chaos = require('../chaos/jest.config.js');

module.exports = {
  ...chaos,
  rootDir: path.join(__dirname, '..', '..'),
  displayName: 'cluster',
  testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'],
  testTimeout: 3_600_000,
};
