// `npm run bench -- w2`: the exact W2 between two clouds of 2000 points (cost matrix + assignment) against
// SciPy's linear_sum_assignment (test/bench/peers/w2_scipy.py).
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { assignmentW2 } from '../../src/solvers/w2/assignmentW2'
import { field, fix, median, peers, REPS, sh, verdict } from './benchHelpers'

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

export async function benchW2(): Promise<void> {
  const n = 2000
  const f = assignmentW2
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
