#!/usr/bin/env node
// Prepares the desktop app, once per Electron version (npm start runs it; it is quick when all is there):
// 1. the Electron binary: package.json's allowScripts keeps `npm install` from downloading it, so that
//    installing works on machines that cannot reach Electron's servers (CI, these workplaces);
//    here, on the researcher's machine, Electron's own install script fetches it.
// 2. better-sqlite3 for Electron's ABI, built in a scratch copy of the package and kept under
//    native/electron/<electron version>/; node_modules keeps the Node build that tests, CLI and web use.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))
const fail = (msg) => {
  console.error(`electron-native: ${msg}`)
  process.exit(1)
}

let electronDir
try {
  electronDir = dirname(require.resolve('electron/package.json'))
} catch {
  fail('the electron package is not installed; run `npm install` first (the web mode, `npm run web`, needs no Electron)')
}
const electronVersion = require('electron/package.json').version

if (!existsSync(join(electronDir, 'path.txt'))) {
  console.log(`electron-native: downloading the Electron ${electronVersion} binary…`)
  try {
    execFileSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit', cwd: electronDir })
  } catch {
    fail('could not download the Electron binary (no network?); the web mode, `npm run web`, works without it')
  }
}

const target = join(root, 'native', 'electron', electronVersion, 'better_sqlite3.node')
if (existsSync(target)) process.exit(0)

const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'))
const scratch = mkdtempSync(join(tmpdir(), 'landau-sqlite-'))
try {
  console.log(`electron-native: building better-sqlite3 for Electron ${electronVersion}…`)
  cpSync(sqliteDir, scratch, { recursive: true, filter: (src) => !src.startsWith(join(sqliteDir, 'build')) })
  const env = { ...process.env }
  delete env.npm_config_nodedir // that points at Node's headers, not Electron's
  const electronFlags = ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`]
  try {
    // A prebuilt binary when one is published for this Electron…
    execFileSync(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch], {
      cwd: scratch,
      env,
      stdio: 'inherit',
    })
  } catch {
    // …else a source build against Electron's headers.
    const gyp = env.npm_config_node_gyp ?? require.resolve('node-gyp/bin/node-gyp.js')
    execFileSync(process.execPath, [gyp, 'rebuild', '--release', ...electronFlags, '--dist-url=https://electronjs.org/headers'], {
      cwd: scratch,
      env,
      stdio: 'inherit',
    })
  }
  mkdirSync(dirname(target), { recursive: true })
  copyFileSync(join(scratch, 'build', 'Release', 'better_sqlite3.node'), target)
  console.log(`electron-native: ${target}`)
} catch (err) {
  fail(`could not build better-sqlite3 for Electron: ${err.message}`)
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
