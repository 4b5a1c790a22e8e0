/**
 * The layering of ../shared/DESIGN.md ("Dependencies point inward") and AGENTS.md, checked on
 * every `npm run lint` (scripts/lint-deps.mjs runs dependency-cruiser with this file, then checks
 * that no two top-level folders of src/ depend on each other, which dependency-cruiser cannot
 * express on its own). `npx depcruise src` runs these rules alone.
 *
 * The layers, inside out:
 *   vendor/  libraries as src/ loads them (TypeBox, bundled at build): imports nothing of ours
 *   model/   types, the state machine, specs, errors: imports nothing of ours but vendor/
 *   store/   the Store contract (store.ts), shared SQL helpers, one folder per driver: model only
 *   engine/  the way in: model + the Store contract
 *   the rest (server, cli, bus, workflow, worker, scheduler, autoscale, client, units, config,
 *            logger.ts): go through engine/ or the Taskframe facade, never the store
 *   index.ts and taskframe.ts are the composition root: they open a store and hand out the
 *            engine, so they may use store/'s own files, but never a driver folder.
 *
 * Type-only imports count (tsPreCompilationDeps): a layer that names another layer's types
 * depends on it as much as one that calls it (only no-circular, about load order, skips them).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'model-imports-nothing-of-ours',
      comment:
        'model/ is the bottom layer (DESIGN.md: "model depends on nothing"); everything else may use it, so it may use nothing else of ours. vendor/ is a library, not a layer: TypeBox comes through it.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: '^src/(model|vendor)/' },
    },
    {
      name: 'vendor-imports-nothing-of-ours',
      comment: 'vendor/ re-exports libraries (bundled by scripts/bundle-vendor.mjs); code of ours in it would be bundled with them.',
      severity: 'error',
      from: { path: '^src/vendor/' },
      to: { path: '^src/', pathNot: '^src/vendor/' },
    },
    {
      name: 'typebox-through-vendor',
      comment:
        'TypeBox is imported from src/vendor/typebox.ts, which the build bundles into one file: the package itself is some 270 modules and loading them took 145 ms of every CLI start. One import of the package outside vendor/ loads them all again (and a second TypeRegistry).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/vendor/' },
      to: { path: '(^|/)node_modules/@sinclair/typebox/' },
    },
    {
      name: 'model-no-packages-but-schema-and-cron',
      comment:
        'model/ stays pure: node builtins only, plus the two libraries its definitions are written in: TypeBox (the spec schemas, through vendor/) and croner (a cron expression is validated where the trigger is defined). A database or network client in model/ would load it for every user.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: '(^|/)node_modules/(@sinclair/typebox|croner)/' },
    },
    {
      name: 'store-imports-only-model',
      comment: 'The store carries out what model/ decides; it knows nothing of the engine, HTTP, workers or the CLI (DESIGN.md: "a store driver never knows about HTTP").',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: '^src/(model|store)/' },
    },
    {
      name: 'driver-not-other-driver',
      comment: 'Each driver stands alone on the Store contract and store/\'s shared helpers; what two drivers share belongs in store/ itself (or model/), not in one of them.',
      severity: 'error',
      from: { path: '^src/store/([^/]+)/' },
      to: { path: '^src/store/[^/]+/', pathNot: '^src/store/$1/' },
    },
    {
      name: 'store-contract-not-driver',
      comment: 'The contract and shared helpers in store/ serve every driver, so they name none; only open.ts picks a driver from the URL.',
      severity: 'error',
      from: { path: '^src/store/[^/]+$', pathNot: '^src/store/open\\.ts$' },
      to: { path: '^src/store/[^/]+/' },
    },
    {
      name: 'drivers-loaded-lazily',
      comment: 'open.ts imports a driver only when its URL asks for it (await import), so a SQLite user never loads pg (AGENTS.md: optional integrations are imported lazily).',
      severity: 'error',
      from: { path: '^src/store/open\\.ts$' },
      to: { path: '^src/store/[^/]+/', dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'no-driver-outside-store',
      comment: 'Issue 16: no file outside src/store/ imports from src/store/*/. A driver is reached through openStore() and the Store contract, so every driver stays interchangeable (tests are not cruised: the conformance suite drives each driver directly).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: '^src/store/[^/]+/' },
    },
    {
      name: 'engine-imports-model-and-store',
      comment: 'The engine is the way in for every surface, so it cannot depend on any of them (DESIGN.md: surfaces depend on the engine, not the other way).',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/', pathNot: '^src/(model|store|engine)/' },
    },
    {
      name: 'surfaces-not-store',
      comment: 'Issue 16: every surface (server, cli, bus, workflow, worker, scheduler, autoscale, client, units, config, ...) uses the engine or the Taskframe facade, never the store, not even its types: a type the surfaces need is re-exported by the engine. Only the composition root (index.ts, taskframe.ts) opens a store.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(model|store|engine)/', '^src/(index|taskframe)\\.ts$'] },
      to: { path: '^src/store/' },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle of imports between files makes their load order matter and neither can be read alone (issue 16 named bus/open.ts and its adapters). A cycle closed by a type-only import (tx.ts naming the type of the statements flow.ts prepares) is left alone: it changes nothing at run time, and folding such pairs would add files that only hold a type. Between folders, types do count (no-folder-cycle in scripts/lint-deps.mjs, and every layer rule above).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'src-not-tests',
      comment: 'Shipped code never imports test helpers or fixtures (they are not in the package).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|examples|scripts)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // Unit tests that live beside their module (*.test.ts) may reach across layers to set up.
    exclude: { path: '\\.test\\.ts$' },
  },
};
