import { defineConfig } from 'tsdown';

// ESM for bundlers and browsers. sdk-core is bundled in (not public API); the evaluator and
// OpenFeature stay external so an application carries one copy of each.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    metrics: 'src/metrics/index.ts',
    openfeature: 'src/openfeature/index.ts',
  },
  format: ['esm'],
  platform: 'browser',
  target: 'es2022',
  dts: { eager: true },
  outDir: 'dist',
  deps: { alwaysBundle: ['@flagstaff/sdk-core'] },
});
