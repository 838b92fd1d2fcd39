import { defineConfig } from 'tsdown';

// Two builds of one source: Node and bundlers get the allocation-free hash (murmur3.ts); the `browser`
// condition gets the smaller one over TextEncoder (murmur3-browser.ts), as `#murmur3` maps it in source.
const entry = { index: 'src/index.ts', validate: 'src/validate/index.ts' };
export default defineConfig([
  {
    entry,
    format: ['esm', 'cjs'],
    platform: 'node',
    target: 'node20',
    dts: true,
    outDir: 'dist',
  },
  {
    entry,
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    dts: false,
    outDir: 'dist/browser',
  },
]);
