/**
 * TypeBox, as the rest of src/ imports it: from this one module, never from the package.
 *
 * TypeBox's ESM build is some 270 small files, and loading them took 145 ms of every
 * `taskframe` command's start (about a third of `taskframe --version`). `npm run build` bundles
 * this module into a single file (scripts/bundle-vendor.mjs), which loads in about 15 ms.
 * Under vitest the source runs as written, straight from the package. One module also means one
 * TypeRegistry and FormatRegistry for the whole process.
 */
export * from '@sinclair/typebox';
export { TypeCompiler } from '@sinclair/typebox/compiler';
export { Value } from '@sinclair/typebox/value';
