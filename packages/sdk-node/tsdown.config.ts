import { defineConfig } from 'tsdown';

// sdk-core (sync, SSE parser, patching) is bundled in, not a dependency: it is not public API. The
// evaluator and OpenFeature stay external: one copy in the application, and OpenFeature is optional.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'file-store': 'src/file-store.ts',
    testing: 'src/testing/index.ts',
    openfeature: 'src/openfeature/index.ts',
  },
  format: ['esm', 'cjs'],
  platform: 'node',
  target: 'node22',
  dts: { eager: true },
  outDir: 'dist',
  deps: { alwaysBundle: ['@flagstaff/sdk-core'] },
});
