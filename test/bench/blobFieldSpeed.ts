// `npm run bench -- blob`: pair interactions/s of the blob solver's velocity field against the same loop in
// C (test/bench/fixtures/blob_field.c), and that both compute the same field.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pairField } from '../../src/solvers/deterministic/blob/blobField'
import { field, fix, median, repo, REPS, scratch, sci, sh, verdict } from './benchHelpers'

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
 * Pair interactions/s of pairField (the solver's own O(N²) field: WebAssembly, src/solvers/deterministic/blob/blobField.wat,
 * bit for bit the JavaScript reference pairFieldJs; in this process, one thread) against
 * test/bench/fixtures/blob_field.c, the same loop in C built here with -O3 -march=native. The TS side
 * writes the input to a file that the C side reads, so both field exactly the same particles; F is
 * compared element-wise. Each measurement times BLOB.evaluations fields, N(N − 1)/2 pairs each.
 */
export function benchBlob(): void {
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
    throw new Error(
      `blob field: the C loop's F differs from pairField's by ${rel.toExponential(1)} of max|F| (allowed ${BLOB_TOL}); the peer does not compute the same field`,
    )
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
