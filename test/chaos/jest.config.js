/**
 * The chaos tier: specs that own their running system (every app as a supervised process) and kill its processes
 * and servers. Run by `npm test` (reduced, after the end-to-end tests) and by `npm run test:chaos` (SIMPUL_CHAOS=full).
 */
const path = require('node:path');

module.exports = {
  rootDir: path.join(__dirname, '..', '..'),
  displayName: 'chaos',
  preset: 'ts-jest',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/chaos/**/*.chaos-spec.ts'],
  moduleNameMapper: {
    '^@simpul/temporal/worker$': '<rootDir>/libs/temporal/src/worker',
    '^@simpul/(.*)$': '<rootDir>/libs/$1/src',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  testTimeout: 1_800_000,
};
