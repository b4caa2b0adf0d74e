// Oracle: the statistical floor of docs/MATH.md §5 — W2 between two independent samples of n = 1000 standard
// normals in R³ is 0.38 ± 0.03 (E W2 decays like n^{-1/3} in 3-D). This checks the solver end to end on
// the exact use the workbench makes of it (a reported W2 is read against this floor).
// Repetitions: 8 pairs of independent clouds (fixed Philox key, so deterministic). Measured spread of one
// W2 at n = 1000 is sd ≈ 0.010 (40 pairs: mean 0.396, sd 0.0099; scipy's peer on numpy samples gave
// 0.390 ± 0.003 over 12), so the mean of 8 has SE ≈ 0.0035 and the band [0.35, 0.41] sits ≥ 4 SE from
// the measured mean: a correct solver passes, while a suboptimal matching (which only raises W2, and
// e.g. the identity matching gives √6 ≈ 2.45) or a wrong normalisation (√n, factor 3) fails by far.
import { describe, expect, it } from 'vitest'
import { assignmentW2 } from '../../../src/solvers/w2/assignmentW2'
import { normalCloud } from './clouds'

describe('W2 statistical floor (docs/MATH.md §5)', () => {
  it('W2 between independent n = 1000 standard-normal samples averages 0.38 ± 0.03', () => {
    const n = 1000
    const reps = 8
    let sum = 0
    for (let r = 0; r < reps; r++) sum += assignmentW2(normalCloud(n, 500 + 2 * r), normalCloud(n, 501 + 2 * r), n).w2
    const mean = sum / reps
    expect(mean).toBeGreaterThan(0.35)
    expect(mean).toBeLessThan(0.41)
  })
})
