// The pool thread's entry (src/backend/worker.ts) as one CommonJS file, for both pool threads that load built
// JavaScript: the command line's (scripts/build-cli.mjs: out/cli/worker.cjs) and the desktop app's
// (electron.vite.config.ts: out/main/worker.cjs). Why CommonJS: the solvers' hot loops call functions of other
// modules (the pair step, Philox, the samplers); bundled into an ES module those functions are module-scope
// bindings, which V8 does not inline across, and the JavaScript steps run slower than the same bundle in a
// function scope: pairing rotation 4.2e6 against 5.7e6 pair updates/s under Node 20 (V8 11.3), 5.0e6 against
// 6.0e6 under Node 24 (V8 13.6), 5.9–6.1e6 against 6.5e6 under Node 26 (V8 14.6, close to Electron 40's),
// the same esbuild bundle of test/bench/sbmSteps.ts in each format. A thread loads its entry once, so the lost
// code splitting costs nothing at start-up. import.meta.url (repoRoot.ts) is the file's own URL, as in an ES
// build; the packages it loads (better-sqlite3, zod, webgpu) load by require.

/** esbuild options that write the pool thread's entry to `outfile` (an absolute path ending in .cjs). */
export function workerBundleOptions(root, outfile) {
  return {
    absWorkingDir: root,
    entryPoints: ['src/backend/worker.ts'],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    define: { 'import.meta.url': '__workerFileUrl' },
    banner: { js: 'var __workerFileUrl = require("node:url").pathToFileURL(__filename).href;' },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  }
}
