// `landau chaos`: the text form of the convergence report (src/backend/chaosReport.ts computes it): the
// propagation-of-chaos diagnostics of an experiment's particle runs against its deterministic reference run
// at one stored time, one line per run, and for each particle system swept over N the log–log slope of a
// chosen error with its 95 % interval. Read-only.
import type { ChaosReport } from '../shared/api'
import { formatTestFunction } from '../solvers/chaos/testFunctions'

export { CHAOS_METRICS, chaosReport, type ChaosMetric, type ChaosReport } from '../backend/chaosReport'

const pm = (x: number, se: number) => `${x.toFixed(4)} ± ${Number.isFinite(se) ? se.toFixed(4) : '—'}`

/** A fit the report could not make: its solver and why (for the text report and the JSON's `missingFits`). */
export interface MissingFit {
  solver: string
  reason: string
}

/**
 * Each particle system of the report without a slope, and why: a slope needs three distinct N with a
 * positive, finite value of the metric (a log–log fit with a residual degree of freedom); the runs left
 * out for a value ≤ 0 (under the W2 floor, say) are named with it.
 */
export function missingFits(r: ChaosReport): MissingFit[] {
  const fitted = new Set(r.fits.map((f) => f.solver))
  const out: MissingFit[] = []
  for (const solver of [...new Set(r.runs.map((d) => d.solver))]) {
    if (fitted.has(solver)) continue
    const Ns = [...new Set((r.series.find((s) => s.solver === solver)?.points ?? []).map((p) => p.N))].sort((a, b) => a - b)
    const omitted = r.omitted.filter((o) => o.solver === solver)
    let reason = `it needs 3 distinct N with ${r.metric} > 0, and has ${Ns.length}${Ns.length ? ` (N = ${Ns.join(', ')})` : ''}`
    if (omitted.length)
      reason += `; left out: ${omitted.map((o) => `run ${o.run} (N = ${o.N}) with ${r.metric} = ${Number.isFinite(o.y) ? o.y.toPrecision(3) : String(o.y)}`).join(', ')}`
    out.push({ solver, reason })
  }
  return out
}

export function formatChaosReport(r: ChaosReport): string {
  const lines = [
    `experiment ${r.experiment} at t = ${r.time}, reference run ${r.reference.run} (${r.reference.solver}); weak chaos with φ = ${formatTestFunction(r.phi)}; ± one replica standard error`,
    ['run', 'solver', 'N', 'M', 'W2(F_N1, f)', 'floor', 'W2(F_N2, f⊗f)', 'floor', 'weak k=1', 'weak k=2', 'H_knn − H(f)'].join('\t'),
    ...r.runs.map((d) =>
      [
        d.run,
        d.solver,
        d.N,
        d.M,
        pm(d.w2One, d.w2OneSe),
        pm(d.w2OneFloor, d.w2OneFloorSe),
        pm(d.w2Two, d.w2TwoSe),
        pm(d.w2TwoFloor, d.w2TwoFloorSe),
        pm(d.weak1, d.weak1Se),
        pm(d.weak2, d.weak2Se),
        pm(d.entropyGap, d.entropyGapSe),
      ].join('\t'),
    ),
    ...missingFits(r).map((m) => `${m.solver}: no fit of ${r.metric} over N: ${m.reason}`),
    ...(r.pending.length ? [`not in this report yet (queued or running): run${r.pending.length > 1 ? 's' : ''} ${r.pending.join(', ')}`] : []),
    ...r.fits.map(
      (f) =>
        `${f.solver}: ${f.metric} ∝ N^p, p = ${f.slope.toFixed(3)} ± ${f.slopeSe.toFixed(3)} (95 % interval ${f.slopeLo.toFixed(3)} … ${f.slopeHi.toFixed(3)}, ${f.points} points)`,
    ),
  ]
  return lines.join('\n') + '\n'
}
