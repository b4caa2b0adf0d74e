#!/usr/bin/env node
// Builds the command line and its pool worker as plain JavaScript (out/cli/landau.mjs, out/cli/worker.cjs),
// so that `landau` and each pool thread start without compiling TypeScript (tsx takes ≈ 1.5 s a start).
// esbuild only strips types and joins our modules: every package stays an import of node_modules, so the
// bundle runs the very code the sources say. bin/landau.js runs the bundle when it is newer than every
// source it was built from (out/cli/inputs.json), and the sources through tsx otherwise, so an edit is
// never run stale. `npm ci` builds it (prepare), `npm test` rebuilds it before the tests.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { workerBundleOptions } from './workerBundle.mjs'

// `--if-available` (npm's prepare): an install without devDependencies has no esbuild; the command line
// then runs from the sources, as bin/landau.js falls back to them.
let build
try {
  ;({ build } = await import('esbuild'))
} catch (err) {
  if (process.argv.includes('--if-available')) {
    console.warn('build-cli: esbuild is not installed; `landau` will run from the sources (slower to start)')
    process.exit(0)
  }
  throw err
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outdir = join(root, 'out', 'cli')
mkdirSync(outdir, { recursive: true })
const result = await build({
  absWorkingDir: root,
  entryPoints: { landau: 'src/cli/main.ts', mergeWorker: 'src/backend/mergeWorker.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // Chunks: a command's modules (and the packages they import, ECharts and PDFKit among them) load when
  // the command runs, not at every start. Modules find the repository's files by src/backend/repoRoot.ts.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
})
// The pool thread's entry as one CommonJS file (out/cli/worker.cjs; why CommonJS: scripts/workerBundle.mjs).
const worker = await build(workerBundleOptions(root, join(outdir, 'worker.cjs')))
// The inputs, for bin/landau.js's freshness check (paths relative to the repository root).
const inputs = new Set([...Object.keys(result.metafile.inputs), ...Object.keys(worker.metafile.inputs)])
writeFileSync(join(outdir, 'inputs.json'), JSON.stringify([...inputs].sort()))
