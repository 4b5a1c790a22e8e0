import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Crash and multi-process tests spawn real workers; give them room on a 2-core box.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most files wait on processes, sockets and databases rather than compute: on a 2-core box
    // the default (cores - 1 = one file at a time) leaves the CPU idle for most of the run.
    maxWorkers: 4,
    reporters: ['default'],
  },
});
