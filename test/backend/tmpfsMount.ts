// Small filesystems for the store's failure tests: a tmpfs of a few MiB (disk full), remounted read-only
// (a project on a read-only medium). Mounting needs root (CI runs as root); where it is not permitted the
// tests that need it are skipped with that reason, never silently passed.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

function sh(cmd: string, args: string[]): { ok: boolean; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' })
  return { ok: r.status === 0, err: (r.stderr || r.error?.message || '').trim() }
}

/** Why tmpfs cannot be mounted here (a sentence for skipIf), or null when it can. */
export const cannotMount: string | null = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'landau-mnt-probe-'))
  try {
    const m = sh('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir])
    if (!m.ok) return `mounting a tmpfs is not permitted here (${m.err || 'mount failed'}); run as root to test a full or read-only disk`
    sh('umount', [dir])
    return null
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})()

export interface Tmpfs {
  dir: string
  /** Remounts it read-only (EROFS for everyone, root included). */
  readonly(): void
  /** Unmounts it and removes the mount point. */
  dispose(): void
}

export function mountTmpfs(size: string): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'landau-mnt-'))
  const m = sh('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir])
  if (!m.ok) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`mount tmpfs: ${m.err}`)
  }
  return {
    dir,
    readonly() {
      const r = sh('mount', ['-o', 'remount,ro', dir])
      if (!r.ok) throw new Error(`remount ro: ${r.err}`)
    },
    dispose() {
      // -l: a process still holding a file there must not make the unmount (and the test run) fail.
      sh('umount', ['-l', dir])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
