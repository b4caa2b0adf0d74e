// `npm run bench`: the speed targets of issue 6, each measured next to its reference peer (the programs in
// test/bench/peers, which say what they measure; $LANDAU_PEERS names another folder with the same three
// files) in the same minute, printed as ratios. Absolute figures on a shared machine drift; ratios of
// interleaved measurements hold. This reports and always exits 0 once it has measured; it exits 1 only
// when a peer cannot run (gcc, python3, numpy or scipy missing).
// docs/BENCHMARKS.md says what each line measures. `npm run bench -- blob w2` runs only the named targets
// (kac, pool, split, cancel, memory, w2, blob, plot).
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { performance } from 'node:perf_hooks'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import type { Workbench } from '../../src/backend/workbench'
import type { WorkbenchEvent } from '../../src/shared/api'
import type { ExperimentSpecInput } from '../../src/shared/spec'
import { pairField } from '../../src/solvers/deterministic/blobField'
import { createEnsemble } from '../../src/solvers/ensemble'
import { ROW_METRICS } from '../../src/solvers/moments'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { ExperimentSpec, expandRuns } from '../../src/shared/spec'
import type { Browser } from 'playwright-core'
import { kacStep } from '../../src/solvers/kac'
import { kickScale } from '../../src/solvers/rotationStep'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const peers = resolve(process.env.LANDAU_PEERS ?? join(repo, 'test', 'bench', 'peers'))
const REPS = Math.max(3, Number(process.env.LANDAU_BENCH_REPS ?? 3) | 0)
const scratch = mkdtempSync(join(tmpdir(), 'landau-bench-'))
const TARGETS = ['kac', 'pool', 'split', 'cancel', 'memory', 'w2', 'blob', 'plot'] as const
type Target = (typeof TARGETS)[number]
const only = process.argv.slice(2)
/** No arguments: every target; otherwise only the named ones. */
const wanted = (t: Target) => only.length === 0 || only.includes(t)

// Helpers ------------------------------------------------------------------------------------------

function die(message: string): never {
  console.error(`bench: ${message}`)
  rmSync(scratch, { recursive: true, force: true })
  process.exit(1)
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const k = s.length >> 1
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2
}

const sci = (x: number) => x.toExponential(1).replace('e+', 'e')
const fix = (x: number, d = 2) => x.toFixed(d)
const verdict = (ok: boolean) => (ok ? 'MET' : 'MISS')

/** Runs a peer command, returns its stdout; dies with the command's stderr if it fails. */
function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (r.error) die(`cannot run ${cmd}: ${r.error.message}`)
  if (r.status !== 0) die(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`)
  return r.stdout
}

function field(out: string, name: string): number {
  const m = new RegExp(`^${name}\\s+(\\S+)`, 'm').exec(out)
  const x = m ? Number(m[1]) : NaN
  if (!Number.isFinite(x)) die(`peer output has no "${name}" figure:\n${out}`)
  return x
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// Preflight: the peers and their toolchains -------------------------------------------------------

function preflight(): string {
  for (const f of ['kac_ref.c', 'kac_numpy.py', 'w2_scipy.py']) {
    if (!existsSync(join(peers, f))) die(`reference peer ${join(peers, f)} not found; the peers live in test/bench/peers (LANDAU_PEERS, if set, must name a folder with kac_ref.c, kac_numpy.py and w2_scipy.py)`)
  }
  const gcc = spawnSync('gcc', ['--version'], { encoding: 'utf8' })
  if (gcc.error || gcc.status !== 0) die('gcc is required to build the C peer (kac_ref.c) and was not found on PATH')
  const py = spawnSync('python3', ['-c', 'import numpy, scipy.optimize, scipy.spatial; print(numpy.__version__, scipy.__version__)'], { encoding: 'utf8' })
  if (py.error) die('python3 is required for the NumPy and SciPy peers and was not found on PATH')
  if (py.status !== 0) die(`python3 needs numpy and scipy for the peers (pip install numpy scipy):\n${py.stderr.trim()}`)
  const bin = join(scratch, 'kac_ref')
  sh('gcc', ['-O3', '-march=native', '-o', bin, join(peers, 'kac_ref.c'), '-lm'])
  const [np, sp] = py.stdout.trim().split(' ')
  console.log(`# machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}, numpy ${np}, scipy ${sp}, peers ${peers}`)
  console.log(`# each figure is the median of ${REPS} interleaved repetitions (workbench, peer, workbench, peer, …)`)
  return bin
}

/** The header when no selected target needs the peers folder (no numpy/scipy/gcc check). */
function machineLine(): void {
  console.log(`# machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}`)
  console.log(`# each figure is the median of ${REPS} interleaved repetitions (workbench, peer, workbench, peer, …)`)
}

// 1. Kac all-pairs step, rotation, one thread -------------------------------------------------------

const KAC = { N: 2000, steps: 5, dt: 0.01, gamma: -3 }

/**
 * Pair updates/s of the solver's own step function (kacStep: every round-robin round of one replica), in
 * this process on one thread. The initial sampling is outside the timed region, as it is for the peers.
 */
function kacWorkbench(N: number, steps: number, dt: number, gamma: number, seed: number): number {
  const ens = createEnsemble({ family: 'maxwellian' }, N, 1, seed, 0)
  const kappa = kickScale(N, dt)
  const v = ens.v[0]
  const t0 = performance.now()
  for (let s = 0; s < steps; s++) kacStep(v, N, kappa, gamma, ens.keys[0], ens.keys[1], s)
  const seconds = (performance.now() - t0) / 1000
  return ((N * (N - 1)) / 2) * steps / seconds
}

function benchKac(bin: string): void {
  const { N, steps, dt, gamma } = KAC
  const args = [N, steps, dt, gamma].map(String)
  kacWorkbench(200, 20, dt, gamma, 99) // JIT warm-up, not counted
  const wb: number[] = []
  const c: number[] = []
  const np: number[] = []
  for (let r = 0; r < REPS; r++) {
    wb.push(kacWorkbench(N, steps, dt, gamma, r))
    c.push(field(sh(bin, args), 'pairs_per_s'))
    wb.push(kacWorkbench(N, steps, dt, gamma, 100 + r))
    np.push(field(sh('python3', [join(peers, 'kac_numpy.py'), ...args]), 'pairs_per_s'))
  }
  const w = median(wb)
  const rc = w / median(c)
  const rn = w / median(np)
  const what = `kac rotation γ=${gamma} N=${N} ${steps} steps dt ${dt}, 1 thread`
  console.log(`${what}: workbench ${sci(w)} pairs/s · C peer ${sci(median(c))} · ratio ${fix(rc)} (target ≥ 2) ${verdict(rc >= 2)}`)
  console.log(`${what}: workbench ${sci(w)} pairs/s · NumPy peer ${sci(median(np))} · ratio ${fix(rn, 1)} (target ≥ 10) ${verdict(rn >= 10)}`)
}

// Workbench helpers ----------------------------------------------------------------------------------

let projects = 0
async function openBench(threads: number): Promise<Workbench> {
  const w = createNodeWorkbench({ threads })
  await w.createProject(join(scratch, `p${++projects}.landau`))
  return w
}

function spec(overrides: Partial<ExperimentSpecInput>): ExperimentSpecInput {
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

// 2. Pool scaling ------------------------------------------------------------------------------------

// N = 1500: below SPLIT_MIN_N, so this measures independent runs on independent threads (a split run has
// its own line), and, with the WebAssembly kernel, long enough (≈ 4 s a run) that thread start-up does
// not dominate as it did with the N = 400 runs of the JavaScript step (≈ 0.6 s a run by now).
const POOL = spec({ solvers: [0, 1, 2, 3].map(() => ({ kind: 'kac' as const, N: 1500, replicas: 2 })), time: { T: 1, dt: 0.01, every: 10 } })

/**
 * Wall time of the whole experiment through a fresh Workbench: submit → every run done (worker start-up
 * included), and the busy fraction: Σ run wall times / (threads × elapsed), how full the pool was kept.
 */
async function poolSeconds(threads: number): Promise<{ seconds: number; busy: number }> {
  const w = await openBench(threads)
  try {
    const t0 = performance.now()
    await w.startExperiment(POOL)
    await w.whenIdle()
    const seconds = (performance.now() - t0) / 1000
    const runs = await w.listRuns()
    const bad = runs.filter((r) => r.status !== 'done')
    if (bad.length) throw new Error(`pool benchmark: run ${bad[0].id} ended ${bad[0].status}: ${bad[0].error ?? ''}`)
    const busy = runs.reduce((a, r) => a + (r.wallMs ?? 0), 0) / 1000 / (threads * seconds)
    return { seconds, busy }
  } finally {
    await w.shutdown()
  }
}

/** The machine's own ceiling: wall time of one C peer process, and of two started together. */
async function cPeerPair(bin: string, copies: number): Promise<number> {
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: copies }, () =>
      new Promise<void>((ok, fail) => {
        const p = spawn(bin, ['2000', '8', '0.01', '-3'], { stdio: 'ignore' })
        p.on('error', fail)
        p.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`C peer exited ${code}`))))
      }),
    ),
  )
  return (performance.now() - t0) / 1000
}

async function benchPool(bin: string): Promise<void> {
  const one: number[] = []
  const two: number[] = []
  const busy: number[] = []
  const c1: number[] = []
  const c2: number[] = []
  for (let r = 0; r < REPS; r++) {
    one.push((await poolSeconds(1)).seconds)
    c1.push(await cPeerPair(bin, 1))
    const b = await poolSeconds(2)
    two.push(b.seconds)
    busy.push(b.busy)
    c2.push(await cPeerPair(bin, 2))
  }
  const s = median(one) / median(two)
  const ceiling = (2 * median(c1)) / median(c2)
  console.log(
    `pool scaling, 4 kac runs N=1500 ×2 replicas, 100 steps, ${availableParallelism()} cores: 1 worker ${fix(median(one))} s · 2 workers ${fix(median(two))} s · speed-up ${fix(s)} (target ≥ 1.8) ${verdict(s >= 1.8)}`,
  )
  console.log(
    `  pool context: 2 C peers at once run ${fix(ceiling)}× the work of one in the same time (the machine's ceiling); 2-worker pool busy ${fix(100 * median(busy), 0)} % of its wall time; speed-up per repetition ${one.map((t, k) => fix(t / two[k])).join(', ')}`,
  )
}

// 2b. One large run on several workers --------------------------------------------------------------

/** One Kac run big enough to be split (docs/NUMERICS.md §3.2): N = 10⁴, 3 steps of N(N−1)/2 = 5·10⁷ pairs. */
const SPLIT = spec({ name: 'split', solvers: [{ kind: 'kac', N: 10_000, replicas: 1 }], time: { T: 0.03, dt: 0.01, every: 1 }, snapshots: [0.03] })
/** Two small runs first, so that every pool thread has started and compiled the kernel (a warm pool). */
const SPLIT_WARM = spec({ solvers: [{ kind: 'kac', N: 300, replicas: 1 }, { kind: 'kac', N: 300, replicas: 1 }], time: { T: 0.2, dt: 0.01, every: 10 } })

interface SplitResult {
  seconds: number
  /** The history's and the final snapshot's float64 bytes, to compare the runs bit for bit. */
  bits: string
  /** Chunks of the rounds that an assistant ran / all chunks. */
  helped: number
}

/** Wall time of the one run on a warm pool of `threads`: submit → done (SQLite writes included). */
async function splitRun(threads: number): Promise<SplitResult> {
  const w = await openBench(threads)
  try {
    await w.startExperiment(SPLIT_WARM)
    await w.whenIdle()
    const sched = (w as unknown as { scheduler: { assistedChunks: number } }).scheduler
    const t0 = performance.now()
    const { runIds } = await w.startExperiment(SPLIT)
    await w.whenIdle()
    const seconds = (performance.now() - t0) / 1000
    const id = runIds[0]
    const run = await w.getRun(id)
    if (run.status !== 'done') throw new Error(`split benchmark: run ${id} ended ${run.status}: ${run.error ?? ''}`)
    const h = await w.getHistory(id)
    const store = (w as unknown as { store: { getSnapshot(r: number, s: number, k: number): Float64Array } }).store
    const hex = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex')
    const bits = [hex(Float64Array.from(h.t)), ...Object.values(h.values).map((v) => hex(Float64Array.from(v))), hex(store.getSnapshot(id, 3, 0))].join('|')
    const chunks = 3 * 9_999 * Math.ceil(5_000 / 256)
    return { seconds, bits, helped: sched.assistedChunks / chunks }
  } finally {
    await w.shutdown()
  }
}

async function benchSplit(): Promise<void> {
  const one: SplitResult[] = []
  const two: SplitResult[] = []
  for (let r = 0; r < REPS; r++) {
    one.push(await splitRun(1))
    two.push(await splitRun(2))
  }
  const t1 = median(one.map((x) => x.seconds))
  const t2 = median(two.map((x) => x.seconds))
  const s = t1 / t2
  const same = [...one, ...two].every((x) => x.bits === one[0].bits)
  console.log(
    `single kac run N=1e4, 3 steps, ${availableParallelism()} cores: 1 worker ${fix(t1)} s · 2 workers ${fix(t2)} s · speed-up ${fix(s)} (target ≥ 1.7) · results ${same ? 'bit-identical' : 'DIFFER'} ${verdict(s >= 1.7 && same)}`,
  )
  console.log(
    `  split context: the assistant ran ${fix(100 * median(two.map((x) => x.helped)), 0)} % of the chunks (half is the ideal); speed-up per repetition ${one.map((x, k) => fix(x.seconds / two[k].seconds)).join(', ')}`,
  )
}

// 3. Cancellation latency ----------------------------------------------------------------------------

/** Starts a long run (N = 2000: ~0.3 s a step), waits until it has streamed rows, cancels, times until 'cancelled'. */
async function cancelSeconds(): Promise<number> {
  const w = await openBench(1)
  try {
    const events: WorkbenchEvent[] = []
    w.onEvent((e) => events.push(e))
    const { runIds } = await w.startExperiment(spec({ solvers: [{ kind: 'kac', N: 2000, replicas: 1 }], time: { T: 100, dt: 0.01, every: 1 } }))
    const id = runIds[0]
    while (!events.some((e) => e.type === 'history' && e.runId === id)) await sleep(10)
    await sleep(250) // well inside a step
    const t0 = performance.now()
    await w.cancelRun(id)
    for (;;) {
      if ((await w.getRun(id)).status === 'cancelled') break
      await sleep(1)
    }
    return (performance.now() - t0) / 1000
  } finally {
    await w.shutdown()
  }
}

async function benchCancel(): Promise<void> {
  const xs: number[] = []
  for (let r = 0; r < REPS; r++) xs.push(await cancelSeconds())
  const m = median(xs)
  console.log(
    `cancel a running kac N=2000 run: workbench ${fix(m * 1000, 0)} ms to 'cancelled' (max ${fix(Math.max(...xs) * 1000, 0)} ms) · no peer (target < 1000 ms) ${verdict(Math.max(...xs) < 1)}`,
  )
}

// 4. Memory ------------------------------------------------------------------------------------------

/** Peak RSS of a fresh child process (main thread, worker threads, SQLite) during a 10⁴ × 10 pairing run writing every row. */
async function benchMemory(): Promise<void> {
  const steps = 100 // ~0.14 s a step here, most of it the history row (moments of 10⁵ particles)
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  const out = sh(process.execPath, ['--import', tsx, join(repo, 'test', 'bench', 'memory.ts'), String(steps)])
  const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { status: string; error: string | null; seconds: number; rows: number; before: number; peak: number }
  if (r.status !== 'done') throw new Error(`memory benchmark: run ended ${r.status}: ${r.error ?? ''}`)
  const mb = r.peak / 1e6
  console.log(
    `memory, pairing N=1e4 ×10 replicas, ${steps} steps, ${r.rows} rows stored (${fix(r.seconds, 1)} s): peak RSS ${fix(mb, 0)} MB (fresh process at start: ${fix(r.before / 1e6, 0)} MB) · no peer (target < 500 MB) ${verdict(r.peak < 500e6)}`,
  )
}

// 5. Exact W2 ----------------------------------------------------------------------------------------

/** Standard normals from a seeded generator (splitmix32 uniforms, Box–Muller): the peer's distribution, not its bits. */
function normals(n: number, seed: number): Float64Array {
  let s = seed >>> 0
  const u = () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (((z ^ (z >>> 16)) >>> 0) + 1) / 4294967297
  }
  const out = new Float64Array(n)
  for (let k = 0; k < n; k += 2) {
    const r = Math.sqrt(-2 * Math.log(u()))
    const t = 2 * Math.PI * u()
    out[k] = r * Math.cos(t)
    if (k + 1 < n) out[k + 1] = r * Math.sin(t)
  }
  return out
}

type AssignmentW2 = (x: Float64Array, y: Float64Array, n: number) => { w2: number }

async function benchW2(): Promise<void> {
  const n = 2000
  const file = join(repo, 'src', 'solvers', 'assignmentW2.ts')
  if (!existsSync(file)) {
    console.log(`w2 exact n=${n}: not available yet (src/solvers/assignmentW2.ts does not exist)`)
    return
  }
  const mod = (await import(pathToFileURL(file).href)) as { assignmentW2?: AssignmentW2 }
  if (typeof mod.assignmentW2 !== 'function') {
    console.log(`w2 exact n=${n}: not available yet (src/solvers/assignmentW2.ts has no assignmentW2 export)`)
    return
  }
  const f = mod.assignmentW2
  // Same n and law as the peer: two clouds of n i.i.d. N(0, I₃) points, particle p at [3p, 3p+3).
  const run = (seed: number) => {
    const x = normals(3 * n, 2 * seed + 1)
    const y = normals(3 * n, 2 * seed + 2)
    const t0 = performance.now()
    const r = f(x, y, n)
    return { seconds: (performance.now() - t0) / 1000, w2: r.w2 }
  }
  run(1000) // JIT warm-up, not counted
  const wb: number[] = []
  const peer: number[] = []
  const w2s: number[] = []
  for (let r = 0; r < REPS; r++) {
    const a = run(r)
    wb.push(a.seconds)
    w2s.push(a.w2)
    peer.push(field(sh('python3', [join(peers, 'w2_scipy.py'), String(n), String(r + 1)]), 'seconds'))
    wb.push(run(100 + r).seconds)
  }
  const ratio = median(peer) / median(wb)
  console.log(
    `w2 exact n=${n} (cost matrix + assignment, W2 ≈ ${fix(median(w2s), 3)}): workbench ${fix(median(wb), 3)} s · scipy peer ${fix(median(peer), 3)} s · speed ratio ${fix(ratio)} (peer time / workbench time; target ≥ 1) ${verdict(ratio >= 1)}`,
  )
}

// 6. Blob velocity field against the same loop in C --------------------------------------------------

const BLOB = { n: 16, L: 5, gamma: -3, evaluations: 5 }
/**
 * Max |F_C − F_TS| / max |F_TS| allowed. Both loops do the same operations in the same order, so they agree
 * bit for bit unless the C compiler contracts a·b ± c into one FMA (GCC does at -O3 -march=native: GNU C
 * defaults to -ffp-contract=fast), which rounds once where TypeScript rounds twice. Each of the N − 1 terms
 * of a component of F_p then moves by a few ulps of its own size and the running sums round differently,
 * so the component moves by at most ≈ N·u·S, S = max over components of Σ_q |term| (u = 1.1e−16). For this
 * input S = 1.0001·max|F| (measured), so N·u·S ≈ 4.5e−13·max|F| < 1e−12 (measured difference: 5e−16, and
 * exactly 0 with -ffp-contract=off). A loop that differs in substance (a term dropped, a sign, a different
 * |z|^γ branch) is off by orders of magnitude more.
 */
const BLOB_TOL = 1e-12

/** The first of gcc (the compiler of the kac peer) and cc that runs, or null. */
function cCompiler(): { cmd: string; version: string } | null {
  for (const cmd of ['gcc', 'cc']) {
    const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' })
    if (!r.error && r.status === 0) return { cmd, version: r.stdout.split('\n')[0].trim() }
  }
  return null
}

/**
 * The blob solver's starting state at its defaults (n = 16, L = 5: particles on the n³ cell centres of
 * [−L, L]³, weights h³f₀ for the standard Maxwellian f₀) with G the score of the bi-Maxwellian of
 * temperatures (1.4, 1, 0.6), G = −(v_x/1.4, v_y, v_z/0.6). Not G = −v, the score of f₀ itself: then
 * D = G_p − G_q = −z and a(z)D = 0 exactly, so F would be pure round-off and the C/TS comparison empty.
 * The speed does not depend on G.
 */
function blobInput(): { x: Float64Array; w: Float64Array; G: Float64Array; count: number } {
  const { n, L } = BLOB
  const h = (2 * L) / n
  const count = n * n * n
  const x = new Float64Array(3 * count)
  const w = new Float64Array(count)
  const G = new Float64Array(3 * count)
  const T = [1.4, 1, 0.6]
  let p = 0
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++, p++) {
        const c = [-L + (i + 0.5) * h, -L + (j + 0.5) * h, -L + (k + 0.5) * h]
        w[p] = (h * h * h * Math.exp(-0.5 * (c[0] * c[0] + c[1] * c[1] + c[2] * c[2]))) / Math.pow(2 * Math.PI, 1.5)
        for (let a = 0; a < 3; a++) {
          x[3 * p + a] = c[a]
          G[3 * p + a] = -c[a] / T[a]
        }
      }
    }
  }
  return { x, w, G, count }
}

/**
 * Pair interactions/s of pairField (the solver's own O(N²) field: WebAssembly, src/solvers/wasm/blobField.wat,
 * bit for bit the JavaScript reference pairFieldJs; in this process, one thread) against
 * test/bench/fixtures/blob_field.c, the same loop in C built here with -O3 -march=native. The TS side
 * writes the input to a file that the C side reads, so both field exactly the same particles; F is
 * compared element-wise. Each measurement times BLOB.evaluations fields, N(N − 1)/2 pairs each.
 */
function benchBlob(): void {
  const { n, gamma, evaluations } = BLOB
  const what = `blob field γ=${gamma} N=${n ** 3} (n=${n}), 1 thread`
  const cc = cCompiler()
  if (!cc) {
    console.log(`${what}: skipped: no C compiler (gcc or cc) on PATH to build test/bench/fixtures/blob_field.c`)
    return
  }
  const bin = join(scratch, 'blob_field')
  sh(cc.cmd, ['-O3', '-march=native', '-o', bin, join(repo, 'test', 'bench', 'fixtures', 'blob_field.c'), '-lm'])
  const { x, w, G, count } = blobInput()
  const input = join(scratch, 'blob_in.bin')
  const output = join(scratch, 'blob_out.bin')
  const buf = new Float64Array(7 * count)
  buf.set(x, 0)
  buf.set(w, 3 * count)
  buf.set(G, 4 * count)
  writeFileSync(input, buf)
  const F = new Float64Array(3 * count)
  const pairs = ((count * (count - 1)) / 2) * evaluations
  const workbench = () => {
    const t0 = performance.now()
    for (let e = 0; e < evaluations; e++) pairField(x, w, G, count, gamma, F)
    return pairs / ((performance.now() - t0) / 1000)
  }
  // JIT warm-up, not counted: the first calls run on-stack-replaced code and deoptimise once or twice
  for (let e = 0; e < 4; e++) pairField(x, w, G, count, gamma, F)
  const wb: number[] = []
  const c: number[] = []
  for (let r = 0; r < REPS; r++) {
    wb.push(workbench())
    c.push(field(sh(bin, [input, String(gamma), String(evaluations), output]), 'pairs_per_s'))
  }
  const Fc = new Float64Array(readFileSync(output).buffer.slice(0))
  let max = 0
  let diff = 0
  for (let i = 0; i < 3 * count; i++) {
    max = Math.max(max, Math.abs(F[i]))
    diff = Math.max(diff, Math.abs(F[i] - Fc[i]))
  }
  const rel = diff / max
  if (!(Fc.length === 3 * count && rel <= BLOB_TOL)) {
    throw new Error(`blob field: the C loop's F differs from pairField's by ${rel.toExponential(1)} of max|F| (allowed ${BLOB_TOL}); the peer does not compute the same field`)
  }
  const ratio = median(wb) / median(c)
  const target = 1 / 1.5
  console.log(
    `${what}: workbench ${sci(median(wb))} pairs/s · C loop ${sci(median(c))} · ratio ${fix(ratio, 3)} (target ≥ 1/1.5 = ${fix(target, 3)}) ${verdict(ratio >= target)}`,
  )
  console.log(
    `  blob context: ${cc.version}, -O3 -march=native; max|F_C − F_TS| = ${rel.toExponential(1)} of max|F| (allowed ${BLOB_TOL}); ratio per repetition ${wb.map((v, k) => fix(v / c[k], 3)).join(', ')}`,
  )
}

// 7. Plotting a 10⁶-row history in the browser ---------------------------------------------------------

const PLOT_ROWS = 1_000_000
/** "Not freezing": the chart is drawn within this long of the click, and no main-thread task is longer. */
const PLOT_DRAWN_S = 2
const PLOT_TASK_MS = 200

/** A project with one finished kac run whose history has PLOT_ROWS rows of ROW_METRICS (14 columns,
 * 7 metrics with their se), written through the store directly; one planted spike in Txx. */
function writePlotProject(path: string): { spikeT: number; spike: number } {
  const store = ProjectStore.open(path, { create: true, owner: 'bench:1', ownerAlive: () => false })
  try {
    const spec = ExperimentSpec.parse(spec1e6())
    const { runIds } = store.insertExperiment(spec, expandRuns(spec), { codeVersion: 'bench', host: 'bench', owner: 'bench:1' })
    const id = runIds[0]
    store.markRunning(id, ROW_METRICS)
    const J = ROW_METRICS.length
    const col = (m: string) => ROW_METRICS.indexOf(m)
    const [txx, tyy, tzz, en, ent] = ['Txx', 'Tyy', 'Tzz', 'energy', 'entropy_knn'].map(col)
    const spikeRow = 612_345
    const spike = 7.5
    let seed = 12345
    const noise = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296 - 0.5) * 0.02
    const B = 20_000
    for (let k0 = 0; k0 < PLOT_ROWS; k0 += B) {
      const rows = []
      for (let k = k0; k < Math.min(PLOT_ROWS, k0 + B); k++) {
        const t = k * 1e-3
        const v = new Float64Array(J)
        const e = Math.exp(-t / 50)
        v[col('mass')] = 1
        v[col('momentum')] = noise() * 1e-3
        v[txx] = 1 + 0.5 * e + noise()
        v[tyy] = 1 + noise()
        v[tzz] = 1 - 0.5 * e + noise()
        v[en] = 1.5 + noise() * 0.1
        v[ent] = -4 - e + noise()
        for (let j = 0; j < J; j++) if (ROW_METRICS[j].endsWith('_se')) v[j] = 0.01
        if (k === spikeRow) v[txx] = spike
        rows.push({ step: k, t, values: v as unknown as number[] }) // encodeRow takes a Float64Array as it is
      }
      store.appendHistory(id, rows)
    }
    store.finishRun(id, 'done', { wallMs: 1 })
    return { spikeT: spikeRow * 1e-3, spike }
  } finally {
    store.close()
  }
}

function spec1e6(): ExperimentSpecInput {
  return spec({ name: 'plot 1e6', solvers: [{ kind: 'kac', N: 20, replicas: 2 }], time: { T: 1000, dt: 0.001, every: 1 } })
}

/** `landau serve` on a free port with the given project and renderer build; resolves with its URL. */
function servePlot(project: string, staticDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(repo, 'bin', 'landau.js'), 'serve', '--port', '0', '--workers', '1', '--project', project, '--static', staticDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  child.stderr!.on('data', (d) => (err += d))
  const stop = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null) return ok()
      child.once('exit', () => ok())
      child.kill('SIGTERM')
    })
  return new Promise((ok, fail) => {
    let out = ''
    const timer = setTimeout(() => fail(new Error(`landau serve did not start: ${err}`)), 60_000)
    child.stdout!.on('data', (d) => {
      out += d
      const m = /at (http:\/\/\S+\?token=[\w-]+)\r?\n/.exec(out)
      if (m) {
        clearTimeout(timer)
        ok({ url: m[1], stop })
      }
    })
    child.once('exit', (code) => fail(new Error(`landau serve exited with ${code}: ${err}`)))
  })
}

interface PlotFigures {
  drawnS: number
  longestTaskMs: number
  tasks: number
  shownRows: number
  totalRows: number
  ymax: number
  budget: number
  width: number
  /** Duration of the longest /api/call request during the selection (the getHistory answer). */
  requestS: number
}

/** Page-side code runs under the bench's Node types, which have no DOM: it reaches the page's globals
 * through this loose type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Dom = any

/** One cold measurement: a fresh server (no cached decimation), a fresh page; click run 1 and wait for the chart. */
async function plotOnce(browser: Browser, project: string, staticDir: string, timeoutMs: number): Promise<PlotFigures> {
  const server = await servePlot(project, staticDir)
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  try {
    await page.goto(server.url)
    await page.waitForSelector('[data-testid="run-row-1"]', { timeout: 60_000 })
    await page.waitForTimeout(300)
    const chart = '[data-testid="history-chart"]'
    const t0 = await page.evaluate((sel) => {
      const w = globalThis as Dom
      w.__tasks = []
      w.__drawn = 0
      new w.PerformanceObserver((list: Dom) => {
        for (const e of list.getEntries() as Dom[]) w.__tasks.push([e.startTime, e.duration])
      }).observe({ type: 'longtask', buffered: true })
      const el = w.document.querySelector(sel)!
      // The first frame after data-points turns positive: the chart's setOption has run and painted.
      new w.MutationObserver(() => {
        if (!w.__drawn && Number(el.getAttribute('data-points')) > 0) w.requestAnimationFrame(() => w.requestAnimationFrame(() => (w.__drawn = performance.now())))
      }).observe(el, { attributes: true })
      const start = performance.now()
      w.document.querySelector('[data-testid="run-row-1"]').click()
      return start
    }, chart)
    await page.waitForFunction(() => (globalThis as Dom).__drawn > 0, undefined, { timeout: timeoutMs, polling: 100 })
    await page.waitForTimeout(500) // let a long task that ends the drawing be reported
    return await page.evaluate(
      ([sel, start]) => {
        const w = globalThis as Dom
        const el = w.document.querySelector(sel)!
        const inWindow = (w.__tasks as [number, number][]).filter(([s, d]) => s + d >= start && s <= w.__drawn + 500)
        const calls = (w.performance.getEntriesByType('resource') as Dom[]).filter((e) => e.name.includes('/api/call') && e.startTime >= start)
        return {
          drawnS: (w.__drawn - start) / 1000,
          longestTaskMs: Math.max(0, ...inWindow.map(([, d]) => d)),
          tasks: inWindow.length,
          shownRows: Number(el.getAttribute('data-shown-rows') ?? el.getAttribute('data-rows')),
          totalRows: Number(el.getAttribute('data-total-rows') ?? el.getAttribute('data-rows')),
          ymax: Number(el.getAttribute('data-ymax')),
          budget: Number(el.getAttribute('data-budget')),
          width: el.clientWidth,
          requestS: Math.max(0, ...calls.map((c) => c.responseEnd - c.startTime)) / 1000,
        }
      },
      [chart, t0] as const,
    )
  } finally {
    await page.close()
    await server.stop()
  }
}

async function benchPlot(): Promise<void> {
  const what = 'plot 10⁶ history rows'
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', process.env.CHROMIUM_PATH].find((p) => p && existsSync(p))
  if (!chromium) {
    console.log(`${what}: skipped: no Chromium (/usr/bin/chromium or $CHROMIUM_PATH)`)
    return
  }
  // The renderer is built into the scratch folder, so a build beside (an e2e run) is left alone;
  // LANDAU_PLOT_STATIC serves another build instead (e.g. the renderer of an older commit).
  let staticDir = process.env.LANDAU_PLOT_STATIC ? resolve(process.env.LANDAU_PLOT_STATIC) : join(scratch, 'renderer')
  if (!process.env.LANDAU_PLOT_STATIC) {
    const r = spawnSync(process.execPath, [join(repo, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '--outDir', staticDir, '--emptyOutDir'], { cwd: repo, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr}`)
  }
  staticDir = resolve(staticDir)
  const project = join(scratch, 'plot.landau')
  const tw = performance.now()
  const planted = writePlotProject(project)
  const writeS = (performance.now() - tw) / 1000
  const { chromium: pw } = await import('playwright-core')
  const browser = await pw.launch({
    executablePath: chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
  const reps: PlotFigures[] = []
  try {
    for (let r = 0; r < REPS; r++) reps.push(await plotOnce(browser, project, staticDir, Number(process.env.LANDAU_PLOT_TIMEOUT_MS ?? 120_000)))
  } finally {
    await browser.close()
  }
  const drawn = median(reps.map((f) => f.drawnS))
  const longest = Math.max(...reps.map((f) => f.longestTaskMs))
  const last = reps[reps.length - 1]
  const ok = drawn < PLOT_DRAWN_S && longest <= PLOT_TASK_MS
  const taskText = longest > 0 ? `longest main-thread task ${fix(longest, 0)} ms` : 'no main-thread task ≥ 50 ms'
  console.log(
    `${what} (14 columns), click → chart drawn in Chromium: workbench ${fix(drawn)} s, ${taskText} · ${last.shownRows} of ${last.totalRows} rows drawn · no peer (target: drawn < ${PLOT_DRAWN_S} s, no task > ${PLOT_TASK_MS} ms) ${verdict(ok)}`,
  )
  console.log(
    `  plot context: plot ${last.width} px wide, row budget ${last.budget}; getHistory answer ${reps.map((f) => fix(f.requestS)).join(', ')} s; drawn ${reps.map((f) => fix(f.drawnS)).join(', ')} s; longest task ${reps.map((f) => fix(f.longestTaskMs, 0)).join(', ')} ms per repetition (each a fresh server and page); spike Txx = ${planted.spike} at t = ${planted.spikeT} ${last.ymax === planted.spike ? 'drawn' : `NOT drawn (max drawn ${last.ymax})`}; project written in ${fix(writeS, 1)} s`,
  )
}

// Main -----------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const t0 = performance.now()
  const unknown = only.filter((a) => !(TARGETS as readonly string[]).includes(a))
  if (unknown.length) die(`unknown target ${unknown.join(', ')}; the targets are ${TARGETS.join(', ')}`)
  const bin = wanted('kac') || wanted('pool') || wanted('w2') ? preflight() : (machineLine(), '')
  if (wanted('kac')) benchKac(bin)
  if (wanted('pool')) await benchPool(bin)
  if (wanted('split')) await benchSplit()
  if (wanted('cancel')) await benchCancel()
  if (wanted('memory')) await benchMemory()
  if (wanted('w2')) await benchW2()
  if (wanted('blob')) benchBlob()
  if (wanted('plot')) await benchPlot()
  console.log(`# bench took ${fix((performance.now() - t0) / 1000, 0)} s`)
}

main()
  .catch((err: unknown) => {
    console.error('bench: a benchmark failed:', err instanceof Error ? (err.stack ?? err.message) : err)
    process.exitCode = 1
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }))
