// better-sqlite3 is a native module: node_modules holds the build for Node (tests, CLI, web mode), and
// scripts/electron-native.mjs puts one built for this Electron's ABI under native/electron/<version>/.
// The desktop app loads that one through better-sqlite3's `nativeBinding` option, so neither build
// ever replaces the other.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function electronNativeBinding(appRoot: string): string | undefined {
  const file = join(appRoot, 'native', 'electron', process.versions.electron ?? 'unknown', 'better_sqlite3.node')
  if (existsSync(file)) return file
  console.error(`missing ${file}: run \`node scripts/electron-native.mjs\` (npm start does) to build SQLite for Electron`)
  return undefined
}
