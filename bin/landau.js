#!/usr/bin/env node
// `landau`: runs the built command line (out/cli/landau.mjs, scripts/build-cli.mjs) when it is up to date,
// the TypeScript sources through tsx's loader otherwise. Up to date: built after the last change of every
// source it was built from (out/cli/inputs.json; ≈ 200 stats, about a millisecond), so an edited source is
// never run stale, only slower. LANDAU_FROM_SOURCE=1 always runs the sources.
import { readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const bundle = new URL('../out/cli/landau.mjs', import.meta.url)

function bundleIsFresh() {
  if (process.env.LANDAU_FROM_SOURCE === '1') return false
  try {
    const built = statSync(bundle).mtimeMs
    const inputs = JSON.parse(readFileSync(new URL('../out/cli/inputs.json', import.meta.url), 'utf8'))
    return inputs.every((file) => statSync(root + file).mtimeMs <= built)
  } catch {
    return false // not built, or a source it names is gone
  }
}

if (bundleIsFresh()) {
  await import(bundle.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/main.ts')
}
