// `npm run bench -- kac`: pair updates/s of the Kac all-pairs rotation step on one thread, against the C and
// NumPy peers (test/bench/peers/kac_ref.c, kac_numpy.py).
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createEnsemble } from '../../src/solvers/particles/ensemble'
import { kacStep } from '../../src/solvers/particles/kac'
import { kickScale } from '../../src/solvers/particles/rotationStep'
import { field, fix, median, peers, REPS, sci, sh, verdict } from './benchHelpers'

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
  return (((N * (N - 1)) / 2) * steps) / seconds
}

export function benchKac(bin: string): void {
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
