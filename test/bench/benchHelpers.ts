// Shared by the benchmarks of `npm run bench` (run.ts): where the repository, the peers and the scratch
// folder are, how many interleaved repetitions, the peers' preflight, running a peer and reading its figures,
// the median and the number formats of the report lines, and a fresh workbench on a scratch project.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import type { Workbench } from '../../src/backend/workbench'
import type { ExperimentSpecInput } from '../../src/shared/spec'

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const peers = resolve(process.env.LANDAU_PEERS ?? join(repo, 'test', 'bench', 'peers'))
export const REPS = Math.max(3, Number(process.env.LANDAU_BENCH_REPS ?? 3) | 0)
export const scratch = mkdtempSync(join(tmpdir(), 'landau-bench-'))

// Helpers ------------------------------------------------------------------------------------------

export function die(message: string): never {
  console.error(`bench: ${message}`)
  rmSync(scratch, { recursive: true, force: true })
  process.exit(1)
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const k = s.length >> 1
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2
}

export const sci = (x: number) => x.toExponential(1).replace('e+', 'e')
export const fix = (x: number, d = 2) => x.toFixed(d)
export const verdict = (ok: boolean) => (ok ? 'MET' : 'MISS')

/** Runs a peer command, returns its stdout; dies with the command's stderr if it fails. */
export function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (r.error) die(`cannot run ${cmd}: ${r.error.message}`)
  if (r.status !== 0) die(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`)
  return r.stdout
}

export function field(out: string, name: string): number {
  const m = new RegExp(`^${name}\\s+(\\S+)`, 'm').exec(out)
  const x = m ? Number(m[1]) : NaN
  if (!Number.isFinite(x)) die(`peer output has no "${name}" figure:\n${out}`)
  return x
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// Preflight: the peers and their toolchains -------------------------------------------------------

export function preflight(): string {
  for (const f of ['kac_ref.c', 'kac_numpy.py', 'w2_scipy.py']) {
    if (!existsSync(join(peers, f)))
      die(
        `reference peer ${join(peers, f)} not found; the peers live in test/bench/peers (LANDAU_PEERS, if set, must name a folder with kac_ref.c, kac_numpy.py and w2_scipy.py)`,
      )
  }
  const gcc = spawnSync('gcc', ['--version'], { encoding: 'utf8' })
  if (gcc.error || gcc.status !== 0) die('gcc is required to build the C peer (kac_ref.c) and was not found on PATH')
  const py = spawnSync('python3', ['-c', 'import numpy, scipy.optimize, scipy.spatial; print(numpy.__version__, scipy.__version__)'], { encoding: 'utf8' })
  if (py.error) die('python3 is required for the NumPy and SciPy peers and was not found on PATH')
  if (py.status !== 0) die(`python3 needs numpy and scipy for the peers (pip install numpy scipy):\n${py.stderr.trim()}`)
  const bin = join(scratch, 'kac_ref')
  sh('gcc', ['-O3', '-march=native', '-o', bin, join(peers, 'kac_ref.c'), '-lm'])
  const [np, sp] = py.stdout.trim().split(' ')
  console.log(
    `# machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}, numpy ${np}, scipy ${sp}, peers ${peers}`,
  )
  console.log(`# each figure is the median of ${REPS} interleaved repetitions (workbench, peer, workbench, peer, …)`)
  return bin
}

/** The header when no selected target needs the peers folder (no numpy/scipy/gcc check). */
export function machineLine(): void {
  console.log(`# machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}`)
  console.log(`# each figure is the median of ${REPS} interleaved repetitions (workbench, peer, workbench, peer, …)`)
}

// Workbench helpers ----------------------------------------------------------------------------------

let projects = 0
export async function openBench(threads: number): Promise<Workbench> {
  const w = createNodeWorkbench({ threads })
  await w.createProject(join(scratch, `p${++projects}.landau`))
  return w
}

export function spec(overrides: Partial<ExperimentSpecInput>): ExperimentSpecInput {
  return {
    name: 'bench',
    initial: { family: 'maxwellian' },
    kernel: { gamma: -3 },
    solvers: [{ kind: 'kac', N: 400, replicas: 2 }],
    time: { T: 1, dt: 0.01, every: 10 },
    seed: 1,
    ...overrides,
  }
}
