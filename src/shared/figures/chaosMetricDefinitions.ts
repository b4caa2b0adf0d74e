// What each error measure of the Convergence view is (src/backend/chaosReport.ts CHAOS_METRICS over
// src/solvers/chaos/chaosDiagnostics.ts, docs/MATH.md §5), in one or two sentences for its tooltip, and
// which one the view opens with.
import type { ChaosMetric } from '../api'

export const CHAOS_METRIC_DEFINITIONS: Record<ChaosMetric, string> = {
  'w2-excess':
    'W2(F_N1, f) minus its floor: the mean over replicas of the exact W2 between the N particles and as many samples of f, less the same W2 between two independent samples of f. Zero up to noise when the particles are as close to f as a sample of f is, so often ≤ 0 (not drawn on log axes).',
  'w2sq-excess': 'E[W2²(F_N1, f)] − E[W2²] of the floor: the excess in squared distance, whose estimator is unbiased; ≤ 0 within noise for a chaotic system.',
  w2: 'W2(F_N1, f): the mean over replicas of the exact Wasserstein-2 distance between one replica’s particles (at most 2000) and as many independent samples of the reference f. Positive; the floor beside it is the same distance between two samples of f.',
  'w2-pair':
    'W2(F_N2, f⊗f): the same in R⁶, between pairs of distinct particles (v_i, v_j) and samples of f⊗f: sees correlations between particles that the one-particle marginal cannot.',
  weak1: '|∫(F_N1 − f) φ|: the one-particle marginal against f tested on φ (the test function beside the selector), with ∫φ f exact. O(N) per replica.',
  weak2: '|∫(F_N2 − f⊗f) φ⊗φ|: the two-particle marginal tested on φ⊗φ over ordered pairs of distinct particles (a U-statistic), with (∫φ f)² exact.',
  'entropy-gap':
    '|H(F_N1) − H(f)|: the Kozachenko–Leonenko k-nearest-neighbour entropy of the pooled particles minus the reference’s entropy. Holds the estimator’s own bias (≈ 0.01 at 2000 points).',
}

/**
 * The measure the view opens with: W2(F_N1, f). It is positive by construction, so every run is drawn on
 * the log–log axes, and its floor is drawn beside it, so how far a system is above sampling noise is read
 * off the chart. The excess over the floor is the difference of two noisy numbers of the same size and is
 * ≤ 0 for most Kac runs of the bundled sweep, which left the default chart empty.
 */
export const DEFAULT_CHAOS_METRIC: ChaosMetric = 'w2'
