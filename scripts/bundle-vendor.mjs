#!/usr/bin/env node
/**
 * Part of `npm run build`, after tsc: replaces dist/vendor/typebox.js (tsc's re-export of the
 * package) with one bundled file, so a process loads TypeBox from one module instead of some 270
 * (145 ms of every CLI start, measured; about 15 ms bundled). See src/vendor/typebox.ts.
 */
import { build } from 'esbuild';

await build({
  entryPoints: ['src/vendor/typebox.ts'],
  outfile: 'dist/vendor/typebox.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'inline',
  sourcemap: true,
  logLevel: 'warning',
});
