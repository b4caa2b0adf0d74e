// The blob particle method (src/solvers/deterministic/blob/blob.ts; Carrillo–Hu–Wang–Wu 2020, docs/MATH.md §6).
// Oracles: the exact identities of the scheme (O(N) = O(N²) field at γ = 0, conservation by the implicit
// midpoint rule, ∂E/∂v_p = w_p G_p so dE/dt = Σ w G·F ≤ 0), the BKW solution (γ = 0), and for Gaussian
// data the closed form of the blob's O(ε)-biased isotropisation rate (derived at test 5).
import { describe, expect, it } from 'vitest'
import { createBlobSolver, MIN_WEIGHT, type BlobSolver } from '../../../src/solvers/deterministic/blob/blob'
import { maxwellField, pairField } from '../../../src/solvers/deterministic/blob/blobField'
import { blobGrid, boxSize, createStencil, fitBox } from '../../../src/solvers/deterministic/blob/blobMollifier'
import { regularisedEntropyOf, scatterDensity } from '../../../src/solvers/deterministic/blob/blobDensity'
import { familyModel } from '../../../src/solvers/initial/familyModel'

const U = Number.EPSILON
const BI_T: [number, number, number] = [1.4, 1, 0.6]
const bkw = familyModel({ family: 'bkw', K0: 0.6 }).density
const bimax = familyModel({ family: 'bimaxwellian', T: BI_T }).density
const shell = familyModel({ family: 'shell', r0: 1.5, S: 4 }).density

function moments(s: BlobSolver): { mom: number[]; energy: number; m4: number; aniso: number } {
  const mom = [0, 0, 0]
  let energy = 0
  let m4 = 0
  let aniso = 0
  for (let p = 0; p < s.count; p++) {
    const [x, y, z] = [s.x[3 * p], s.x[3 * p + 1], s.x[3 * p + 2]]
    const r2 = x * x + y * y + z * z
    const w = s.w[p]
    mom[0] += w * x
    mom[1] += w * y
    mom[2] += w * z
    energy += w * r2
    m4 += w * r2 * r2
    aniso += w * (x * x - z * z)
  }
  return { mom, energy, m4, aniso }
}

describe('blob: construction', () => {
  it('default ε = 0.64 h^1.98; cells with h³f₀ < MIN_WEIGHT get no particle', () => {
    // A uniform ball of radius 2: cells outside it have f₀ = 0 and must be dropped, the rest kept.
    const c = 3 / (4 * Math.PI * 8)
    const s = createBlobSolver({ gamma: 0, n: 10, L: 3, dt: 0.1, f0: (x, y, z) => (x * x + y * y + z * z < 4 ? c : 0) })
    expect(s.eps).toBe(0.64 * Math.pow(0.6, 1.98))
    let inside = 0
    for (let i = 0; i < 10; i++)
      for (let j = 0; j < 10; j++)
        for (let k = 0; k < 10; k++) {
          const v = [i, j, k].map((m) => -3 + (m + 0.5) * 0.6)
          if (v[0] ** 2 + v[1] ** 2 + v[2] ** 2 < 4) inside++
        }
    expect(s.count).toBe(inside)
    expect(s.dropped).toBe(1000 - inside)
    expect(Math.min(...s.w)).toBeGreaterThanOrEqual(MIN_WEIGHT)
  })
})

describe('blob: velocity field', () => {
  // For γ = 0 the O(N) moment expansion is algebraically the O(N²) sum, so they differ by round-off only.
  // Both add N terms of size ≤ S = max_p Σ_q w_q |z|²|G_p − G_q|, so N·u·S bounds the difference (worst
  // case; measured 4e-16·S). A wrong coefficient in the expansion would show at O(S).
  it('γ = 0: the O(N) field equals the O(N²) field to round-off', () => {
    const s = createBlobSolver({ gamma: 0, n: 12, L: 5, dt: 0.05, f0: bimax })
    s.step() // off the grid, so that no symmetry of the lattice helps
    const N = s.count
    const G = new Float64Array(3 * N)
    const fast = new Float64Array(3 * N)
    const slow = new Float64Array(3 * N)
    s.field(fast, G)
    maxwellField(s.x, s.w, G, N, fast)
    pairField(s.x, s.w, G, N, 0, slow)
    let S = 0
    for (let p = 0; p < N; p++) {
      let acc = 0
      for (let q = 0; q < N; q++) {
        const z2 = (s.x[3 * p] - s.x[3 * q]) ** 2 + (s.x[3 * p + 1] - s.x[3 * q + 1]) ** 2 + (s.x[3 * p + 2] - s.x[3 * q + 2]) ** 2
        const d = Math.hypot(G[3 * p] - G[3 * q], G[3 * p + 1] - G[3 * q + 1], G[3 * p + 2] - G[3 * q + 2])
        acc += s.w[q] * z2 * d
      }
      S = Math.max(S, acc)
    }
    let diff = 0
    for (let i = 0; i < 3 * N; i++) diff = Math.max(diff, Math.abs(fast[i] - slow[i]))
    expect(S).toBeGreaterThan(1)
    expect(diff).toBeLessThanOrEqual(N * U * S)
  })
})

describe('blob: conservation by the implicit midpoint rule', () => {
  // Energy: Σw|v'|² − Σw|v|² = Δt Σ w F·r for the accepted residual ‖r‖∞ ≤ tol = 1e-12, so over k steps
  // the relative drift is ≤ k Δt Σw|F|₁ tol / E ≈ 1e-12 here; 1e-10 leaves room for the round-off of the
  // sums and is still 1e4 below what a non-conservative second-order scheme drifts at this Δt.
  // Momentum: every iterate is exactly v + Δt F with Σ w F = 0 up to round-off (≤ 1e-15 · Σw|v|).
  it.each([
    { gamma: 0, n: 12, L: 5, dt: 0.05, f0: bkw, name: 'BKW' },
    { gamma: -3, n: 8, L: 4, dt: 0.1, f0: bimax, name: 'bi-Maxwellian' },
  ])('γ = $gamma ($name): energy to 1e-10 relative, momentum to round-off', ({ gamma, n, L, dt, f0 }) => {
    const s = createBlobSolver({ gamma, n, L, dt, f0 })
    const m0 = moments(s)
    const iterations: number[] = []
    for (let k = 0; k < 4; k++) {
      s.step()
      iterations.push(s.lastIterations)
    }
    const m1 = moments(s)
    const dE = Math.abs(m1.energy - m0.energy) / m0.energy
    const dP = Math.max(...m1.mom.map((v, a) => Math.abs(v - m0.mom[a])))
    console.log(`blob γ=${gamma} n=${n}: energy drift ${dE.toExponential(2)}, momentum drift ${dP.toExponential(2)}, iterations ${iterations.join(',')}`)
    expect(dE).toBeLessThan(1e-10)
    expect(dP).toBeLessThan(1e-14)
    // The particles did move: the second-moment anisotropy or the fourth moment changed visibly.
    expect(Math.abs(m1.m4 - m0.m4) + Math.abs(m1.aniso - m0.aniso)).toBeGreaterThan(1e-3)
  })
})

describe('blob: regularised entropy', () => {
  /** E at arbitrary positions, on the same lattice the solver uses. */
  function entropyAt(s: BlobSolver, n: number, L: number, x: Float64Array): number {
    const g = blobGrid(n, L, s.eps)
    const st = createStencil(g, { o: new Int32Array(3), s: new Int32Array(3) })
    fitBox(g, x, s.count, st.box)
    const f = new Float64Array(boxSize(st.box))
    scatterDensity(st, x, s.w, s.count, f)
    return regularisedEntropyOf(g, f, f.length, s.w, s.count)
  }

  // ∂E/∂v_p = w_p G_p exactly, so along v + σF the derivative of E is Σ w G·F = −½ΣΣ w w DᵀaD < 0.
  // Central difference with σ = 1e-4: truncation ~ σ²|F|²/ε ~ 1e-8 relative, round-off u|E|/σ ≈ 1e-11
  // against a derivative of 1.7e-3 (6e-9 relative); measured 3e-8, hence 1e-6. It is tight enough to see
  // the −1 in E: with h³Σ f log f instead (whose gradient is G plus the quadrature error of ∫∇ψ_ε = 0)
  // the mismatch is 6e-6. A wrong sign or weight in G misses by O(1).
  it('G is the exact gradient of E: dE/dσ along F equals Σ w G·F < 0', () => {
    const n = 8
    const L = 4
    const s = createBlobSolver({ gamma: -3, n, L, dt: 0.1, f0: shell })
    s.step()
    const N = s.count
    const F = new Float64Array(3 * N)
    const G = new Float64Array(3 * N)
    s.field(F, G)
    let dot = 0
    for (let p = 0; p < N; p++) dot += s.w[p] * (G[3 * p] * F[3 * p] + G[3 * p + 1] * F[3 * p + 1] + G[3 * p + 2] * F[3 * p + 2])
    const sigma = 1e-4
    const xp = s.x.map((v, i) => v + sigma * F[i])
    const xm = s.x.map((v, i) => v - sigma * F[i])
    const fd = (entropyAt(s, n, L, xp) - entropyAt(s, n, L, xm)) / (2 * sigma)
    expect(dot).toBeLessThan(0)
    expect(Math.abs(fd - dot)).toBeLessThan(1e-6 * Math.abs(dot))
  })

  // Fully discrete, E decreases by ≈ Δt D per step (D ~ 2e-3 here) while the midpoint rule perturbs that
  // by O(Δt³) and round-off of E is ~1e-14: every step must lower E, strictly.
  it('γ = −3, shell: E is non-increasing step by step', () => {
    const s = createBlobSolver({ gamma: -3, n: 8, L: 4, dt: 0.1, f0: shell })
    const E = [s.regularisedEntropy()]
    for (let k = 0; k < 6; k++) {
      s.step()
      E.push(s.regularisedEntropy())
    }
    const drops = E.slice(1).map((e, k) => E[k] - e)
    console.log(`blob γ=-3 shell n=8: E ${E[0].toFixed(8)} → ${E[6].toFixed(8)}, drops ${drops.map((d) => d.toExponential(2)).join(', ')}`)
    for (const d of drops) expect(d).toBeGreaterThan(0)
  })
})

describe('blob: convergence (γ = 0)', () => {
  // BKW, K₀ = 0.6: ∫|v|⁴f = 30K − 15K², K = 1 − 0.4e^{−4t}. At t = 0.2 (55 % of the way to equilibrium)
  // the error is the blob's O(ε) bias (ε = 0.64h^1.98); the time error at Δt = 0.05 is 2e-4 at n = 12
  // (measured against Δt = 0.025), below 1e-3 of the error. Measured errors 1.31, 0.857, 0.569: orders
  // 1.5, 1.8 on the way to 2. Asserted: strictly decreasing, and an observed order above 1 on the last
  // pair (the bias is O(h^1.98); an O(h) scheme or a wrong ε scaling would fail it).
  it('BKW: the error of Σw|v|⁴ at t = 0.2 decreases along n = 12, 16, 20', () => {
    const T = 0.2
    const K = 1 - 0.4 * Math.exp(-4 * T)
    const exact = 30 * K - 15 * K * K
    const rows: { n: number; h: number; err: number }[] = []
    for (const n of [12, 16, 20]) {
      const s = createBlobSolver({ gamma: 0, n, L: 5, dt: 0.05, f0: bkw })
      while (s.t < T - 1e-12) s.step()
      rows.push({ n, h: s.h, err: Math.abs(moments(s).m4 - exact) })
    }
    const orders = rows.slice(1).map((r, k) => Math.log(rows[k].err / r.err) / Math.log(rows[k].h / r.h))
    console.log(
      `blob BKW m4 errors at t=${T}: ${rows.map((r) => `n=${r.n} ${r.err.toExponential(3)}`).join(', ')}; observed orders ${orders.map((o) => o.toFixed(2)).join(', ')}`,
    )
    expect(rows[1].err).toBeLessThan(rows[0].err)
    expect(rows[2].err).toBeLessThan(rows[1].err)
    expect(orders[1]).toBeGreaterThan(1)
  })

  // Bi-Maxwellian T = (1.4, 1, 0.6): the exact rate of A = ∫(vx² − vz²)f is 12 (docs/MATH.md §3). The blob's G
  // is, to quadrature accuracy, ∇log(f∗ψ_ε) = −B v with B = (T + εI)⁻¹ in place of T⁻¹. For γ = 0 and
  // G = −Bv, dM/dt = ½(X + Xᵀ), X = E[z (a(z)Bz)ᵀ] over z ~ N(0, S), S = 2T, and the Gaussian fourth
  // moments give X_ii = S_ii(tr S · B_ii − tr(BS)) (B = T⁻¹ gives 12 − 12T_ii, the exact law). So the blob
  // rate is r(ε) = −(X_xx − X_zz)/(T_x − T_z), which → 12 as ε → 0 and is ~30 % low at h = 0.5.
  // Asserted: the measured instantaneous rate −(dA/dt)/A = −2Σw(v_x F_x − v_z F_z)/A equals r(ε) to 1e-3
  // (the datum is truncated to [−5, 5]³, which moves A by 6e-4 relative; the lattice sums of Gaussians are
  // exact to e^{−2π²ε/h²} ≈ 3e-6), and |rate − 12| decreases along n = 12, 16, 20.
  it('bi-Maxwellian: the rate of Σw(vx² − vz²) matches r(ε) and approaches 12', () => {
    const r = (eps: number) => {
      const S = BI_T.map((t) => 2 * t)
      const B = BI_T.map((t) => 1 / (t + eps))
      const trS = S[0] + S[1] + S[2]
      const trBS = B[0] * S[0] + B[1] * S[1] + B[2] * S[2]
      const X = S.map((s, i) => s * (trS * B[i] - trBS))
      return -(X[0] - X[2]) / (BI_T[0] - BI_T[2])
    }
    expect(r(0)).toBeCloseTo(12, 12)
    const rows: { n: number; h: number; rate: number; predicted: number }[] = []
    for (const n of [12, 16, 20]) {
      const s = createBlobSolver({ gamma: 0, n, L: 5, dt: 0.05, f0: bimax })
      const F = new Float64Array(3 * s.count)
      s.field(F)
      let dA = 0
      for (let p = 0; p < s.count; p++) dA += 2 * s.w[p] * (s.x[3 * p] * F[3 * p] - s.x[3 * p + 2] * F[3 * p + 2])
      rows.push({ n, h: s.h, rate: -dA / moments(s).aniso, predicted: r(s.eps) })
    }
    const orders = rows.slice(1).map((q, k) => Math.log((12 - rows[k].rate) / (12 - q.rate)) / Math.log(rows[k].h / q.h))
    console.log(
      `blob bi-Maxwellian rates: ${rows.map((q) => `n=${q.n} ${q.rate.toFixed(4)} (r(ε) ${q.predicted.toFixed(4)})`).join(', ')}; observed orders of |rate − 12|: ${orders.map((o) => o.toFixed(2)).join(', ')}`,
    )
    for (const q of rows) expect(Math.abs(q.rate / q.predicted - 1)).toBeLessThan(1e-3)
    expect(12 - rows[1].rate).toBeLessThan(12 - rows[0].rate)
    expect(12 - rows[2].rate).toBeLessThan(12 - rows[1].rate)
    expect(12 - rows[2].rate).toBeGreaterThan(0)
  })
})

describe('blob: point density', () => {
  /** The untruncated f_ε(v) = Σ w ψ_ε(v − v_q) and its gradient, summed directly. */
  function direct(s: BlobSolver, v: number[]): { f: number; g: number[] } {
    const norm = Math.pow(2 * Math.PI * s.eps, -1.5)
    let f = 0
    const g = [0, 0, 0]
    for (let q = 0; q < s.count; q++) {
      const d = [0, 1, 2].map((a) => v[a] - s.x[3 * q + a])
      const psi = s.w[q] * norm * Math.exp(-(d[0] ** 2 + d[1] ** 2 + d[2] ** 2) / (2 * s.eps))
      f += psi
      for (let a = 0; a < 3; a++) g[a] -= (d[a] / s.eps) * psi
    }
    return { f, g }
  }

  // Against the direct sum, off the lattice (after a step). f: the cut-off drops terms below 1e-16 of
  // the peak, so 1e-13 · max f. ∇f against central differences of the direct f, ∇²f against central
  // differences of the direct ∇f, with step δ = 1e-4: truncation δ²|∂³f| ~ 1e-8/ε^{3/2}·max f, round-off
  // u·max f/δ ~ 1e-12, hence 1e-6 of the derivative scales max f/√ε and max f/ε.
  it('f_ε, ∇f_ε, ∇²f_ε at the lattice centres match the direct sum and its differences; the lattice holds all of f_ε', () => {
    const s = createBlobSolver({ gamma: 0, n: 8, L: 4, dt: 0.05, f0: bimax })
    s.step()
    const d = s.pointDensity()
    // The lattice box reaches every centre within the cut-off radius of a particle, so h³Σf_ε is Σw up to the
    // midpoint rule on each Gaussian, ≈ 2e^{−2π²ε/h²} per axis = 2e-5 in all at ε = 0.64h² (measured 1.9e-5);
    // the box [−L, L]³ alone lost 0.5 %.
    let mass = 0,
      w = 0
    for (let l = 0; l < d.n; l++) mass += d.q[l] * d.f[l]
    for (let p = 0; p < s.count; p++) w += s.w[p]
    expect(d.n).toBeGreaterThan(8 ** 3)
    expect(Math.abs(mass / w - 1)).toBeLessThan(5e-5)
    const fMax = Math.max(...d.f)
    const gScale = fMax / Math.sqrt(s.eps)
    const hScale = fMax / s.eps
    const delta = 1e-4
    expect(d.q[0]).toBe(s.h ** 3)
    const pairs = [
      [0, 0],
      [1, 1],
      [2, 2],
      [0, 1],
      [0, 2],
      [1, 2],
    ]
    for (let l = 0; l < d.n; l += 5) {
      const v = [d.x[3 * l], d.x[3 * l + 1], d.x[3 * l + 2]]
      expect(Math.abs(d.f[l] - direct(s, v).f)).toBeLessThan(1e-13 * fMax)
      const shifted = [0, 1, 2].map((a) => {
        const up = [...v]
        const dn = [...v]
        up[a] += delta
        dn[a] -= delta
        return { up: direct(s, up), dn: direct(s, dn) }
      })
      for (let a = 0; a < 3; a++) {
        const fd = (shifted[a].up.f - shifted[a].dn.f) / (2 * delta)
        expect(Math.abs(d.grad[3 * l + a] - fd)).toBeLessThan(1e-6 * gScale)
      }
      pairs.forEach(([a, b], k) => {
        const fd = (shifted[b].up.g[a] - shifted[b].dn.g[a]) / (2 * delta)
        expect(Math.abs(d.hess[6 * l + k] - fd)).toBeLessThan(1e-6 * hScale)
      })
    }
  })

  it('relaxes BKW to equilibrium (n = 16, T = 0.85) with every implicit step converging and energy kept', () => {
    // Regression: with a max-norm residual, far-tail particles (w ~ 1e-200, poor lattice score) kept the
    // fixed point from converging near equilibrium: this run failed at t = 0.8. The mass-weighted residual
    // ignores what carries no mass; energy must still hold to the blob's 1e-8 (measured ~1e-14).
    const s = createBlobSolver({ gamma: 0, n: 16, L: 5, dt: 0.05, f0: bkw })
    const e0 = moments(s).energy
    for (let k = 0; k < 17; k++) s.step()
    expect(Math.abs(moments(s).energy / e0 - 1)).toBeLessThan(1e-8)
    expect(s.lastIterations).toBeLessThan(100)
  })
})
