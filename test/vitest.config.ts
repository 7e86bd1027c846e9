import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // The real exports are not in the repository: their suite is npm run test:corpus (vitest.corpus.config.ts).
    // *.postgres.test.ts compare the two databases: they run in the PostgreSQL run (vitest.postgres.config.ts).
    exclude: [...configDefaults.exclude, 'test/corpus/**', 'test/**/*.postgres.test.ts'],
    // Argon2 hashing and real browsers are slow on a 2-core machine; correctness, not speed, is tested here.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
  },
});
