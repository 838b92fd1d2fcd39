import { defineConfig } from 'vitest/config';

// The pack-and-install suite (tests/pack-install): slow (pack, npm install, Chromium), run on its own.
export default defineConfig({
  test: {
    include: ['tests/pack-install/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
