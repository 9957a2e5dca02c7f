/** Three tiers: unit (pure, no servers), integration (one component on the real servers), e2e (the running system). */
const moduleNameMapper = {
  '^@simpul/temporal/worker$': '<rootDir>/libs/temporal/src/worker',
  '^@simpul/(.*)$': '<rootDir>/libs/$1/src',
};
const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
};
module.exports = {
  testTimeout: 180000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,workflows}/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'] },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
    },
    {
      // Schemathesis against both HTTP apps' OpenAPI documents (same global setup as e2e); run by scripts/test.sh
      // last, after the browser tests: its stateful phase acts on whatever it finds (dead letters 1 and 2, say), so no
      // other suite may run after it in the same system.
      ...base,
      displayName: 'fuzz',
      testMatch: ['<rootDir>/test/fuzz/**/*.fuzz-spec.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
    },
    {
      // Real headless Chromium against the running apps (same global setup as e2e); run after e2e by scripts/test.sh.
      ...base,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
    },
  ],
};
