// Builders of FunctionalValue (previewTypes.ts): exact closed forms, provably infinite values, and
// numerical quadratures judged by comparing two resolutions. The estimate |Q_fine − Q_coarse| bounds the
// error of the fine value whenever the quadrature converges at least linearly (it overestimates it by far
// for the spectrally accurate rules used here); beyond `tol` the value is reported as not computable.
import type { FunctionalValue } from './previewTypes'

export const exact = (value: number, note?: string): FunctionalValue => (note ? { value, status: 'exact', note } : { value, status: 'exact' })

export const infinite = (note: string): FunctionalValue => ({ value: null, status: 'infinite', note })

export const notComputable = (note: string): FunctionalValue => ({ value: null, status: 'not-computable', note })

const fmt = (x: number) => (x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? x.toPrecision(6).replace(/\.?0+$/, '') : x.toExponential(2))

/**
 * A numerical value from two resolutions. `tol` is relative to max(1, |fine|) (entropies can be near 0).
 * `method` names the quadrature and both resolutions, e.g. "radial Gauss–Legendre, 24 vs 48 panels".
 */
export function settle(fine: number, coarse: number, method: string, tol = 1e-3): FunctionalValue {
  if (!Number.isFinite(fine) || !Number.isFinite(coarse)) {
    return notComputable(`${method}: the quadrature is not finite (${fmt(coarse)}, ${fmt(fine)}); the integral may diverge`)
  }
  const diff = Math.abs(fine - coarse)
  const scale = Math.max(1, Math.abs(fine))
  if (diff > tol * scale) {
    return notComputable(
      `${method}: the two resolutions give ${fmt(coarse)} and ${fmt(fine)}, which differ by more than ${fmt(tol * 100)} %; the integral may diverge or the grid is too coarse`,
    )
  }
  const bound = Math.max(diff, Number.EPSILON * scale)
  return { value: fine, status: 'numerical', note: `${method}; the two resolutions differ by ${fmt(diff)} (error ≲ ${fmt(bound)})` }
}
