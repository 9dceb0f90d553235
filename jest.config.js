/**
 * Every test layer is a jest project, so one `jest` run (the last step of `npm test`) runs them all
 * and `jest --selectProjects <name>` runs one. TypeScript goes through SWC: fast, no type check
 * (that is `npm run typecheck`'s job).
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
]
// ESM-only packages that jest (CommonJS) must transpile; Node 20 itself loads them natively.
const esmOnly = ['@fastify/cookie', 'cookie', 'kdbush', 'geokdbush', 'tinyqueue', 'file-type', 'strtok3', 'token-types', '@tokenizer/inflate', 'uint8array-extras', '@borewit/text-codec']
const common = {
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1', '^@contract/(.*)$': '<rootDir>/contract/$1' },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/dist-h5/', '/.builds/'],
}

// With a PostgreSQL URL (`.ci/run` sets one), the api tests run a second time on PostgreSQL + PostGIS:
// tests/helpers/app.ts gives each data folder its own schema there.
const pgUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL
const apiOnPostgres = pgUrl
  ? [{ ...common, displayName: 'api-pg', testEnvironment: 'node', testMatch: ['<rootDir>/tests/api/**/*.test.ts'], globals: { YBS_TEST_DIALECT: 'postgres' } }]
  : []

/** @type {import('jest').Config} */
module.exports = {
  // Budgets live in `npm run bench`, not here: on a busy 2-core machine a fresh app can take seconds.
  testTimeout: 30_000,
  projects: [
    { ...common, displayName: 'unit', testEnvironment: 'node', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...common, displayName: 'api', testEnvironment: 'node', testMatch: ['<rootDir>/tests/api/**/*.test.ts'] },
    ...apiOnPostgres,
    {
      ...common,
      displayName: 'component',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/tests/component/**/*.test.{ts,tsx}'],
      moduleNameMapper: {
        // Before '@/': an image imported through the alias must still get the stub, not the file.
        '\\.(png|jpe?g|svg|gif)$': '<rootDir>/tests/component/stubs/image.ts',
        '\\.(css|scss)$': '<rootDir>/tests/component/stubs/style.ts',
        ...common.moduleNameMapper,
        '^@tarojs/taro$': '<rootDir>/tests/component/stubs/taro.ts',
        '^@tarojs/components$': '<rootDir>/tests/component/stubs/components.tsx',
      },
    },
    { ...common, displayName: 'weapp', testEnvironment: '<rootDir>/tests/weapp/environment.js', testMatch: ['<rootDir>/tests/weapp/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testEnvironment: 'node', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'] },
    // Real server processes under attack and faults (#17): kill -9, event-loop guard, fuzzing, access matrix, limits.
    { ...common, displayName: 'fault', testEnvironment: 'node', testMatch: ['<rootDir>/tests/fault/**/*.test.ts'] },
  ],
}
