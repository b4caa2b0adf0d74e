// Test helper (not a test): the exact finite-N closure of the degree-4 statistics for γ = 0, used by
// bkwFourthMoment.test.ts. Derivation in that file's header; checked there against a finite-difference
// evaluation of the particle generator at random configurations.
//
// Statistics of a configuration (sums over all particles, S = Σ V⊗V, P = Σ V):
//   A1 = Σ|V^i|⁴, A2 = Σ_{i,k}(V^i·V^k)² = ‖S‖², A3 = (tr S)², A4 = |P|² tr S, A5 = PᵀSP,
//   A6 = Σ|V^i|²(P·V^i), A7 = |P|⁴.

export type Closure = 'kac' | 'fgm' // 'fgm' also stands for Fournier: same drift, same independent noise covariance

export function statistics(v: Float64Array, N: number): number[] {
  const S = [0, 0, 0, 0, 0, 0, 0, 0, 0]
  const P = [0, 0, 0]
  let a1 = 0
  let tr = 0
  for (let i = 0; i < N; i++) {
    const x = [v[3 * i], v[3 * i + 1], v[3 * i + 2]]
    const r2 = x[0] ** 2 + x[1] ** 2 + x[2] ** 2
    a1 += r2 * r2
    tr += r2
    for (let a = 0; a < 3; a++) {
      P[a] += x[a]
      for (let b = 0; b < 3; b++) S[3 * a + b] += x[a] * x[b]
    }
  }
  let a2 = 0
  for (let k = 0; k < 9; k++) a2 += S[k] * S[k]
  const P2 = P[0] ** 2 + P[1] ** 2 + P[2] ** 2
  let a5 = 0
  for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) a5 += P[a] * S[3 * a + b] * P[b]
  let a6 = 0
  for (let i = 0; i < N; i++) {
    const r2 = v[3 * i] ** 2 + v[3 * i + 1] ** 2 + v[3 * i + 2] ** 2
    a6 += r2 * (P[0] * v[3 * i] + P[1] * v[3 * i + 1] + P[2] * v[3 * i + 2])
  }
  return [a1, a2, tr * tr, P2 * tr, a5, a6, P2 * P2]
}

/** L with d/dt E[A] = L E[A] (row-major 7×7), for the continuous-time system. */
export function closureMatrix(system: Closure, N: number): number[][] {
  const n = 1 / N
  if (system === 'kac') {
    // P and tr S are conserved pathwise: A3, A4, A7 are constants.
    return [
      [-8, -8 * n, 16 * n, 0, 0, 0, 0],
      [8, -24 + 16 * n, 8 + 8 * n, -8 * n, 24 * n, -32 * n, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 4, -12, 0, 8 * n],
      [0, 0, 0, 16 * n, -8 * n, -8, 0],
      [0, 0, 0, 0, 0, 0, 0],
    ]
  }
  return [
    [-8, -8 * n, 16 * n, 0, 0, 0, 0],
    [8, -24 - 4 * n, 8 + 12 * n, -8 * n, 24 * n, -16 * n, 0],
    [0, -8 * n, 8 * n, 0, 0, 0, 0],
    [0, 0, 8, 8 * n, -16 * n, 0, 0],
    [0, -4, 4, 4 + 12 * n, -12 - 20 * n, 8, 8 * n],
    [4, -4 * n, 8 * n, 16 * n, -8 * n, -8 - 8 * n, 0],
    [0, 0, 0, 32, -16, 0, -16 * n],
  ]
}

/** E[A] at t = 0 for N i.i.d. isotropic particles with E V = 0, E V⊗V = I, E|V|⁴ = mu4. */
export function iidExpectation(N: number, mu4: number): number[] {
  const pairs = N * (N - 1)
  return [N * mu4, N * mu4 + 3 * pairs, N * mu4 + 9 * pairs, N * mu4 + 9 * pairs, N * mu4 + 3 * pairs, N * mu4, N * mu4 + 15 * pairs]
}

/** e^{tL} a, by classical RK4 with 2000 steps per unit time (error ≪ 1e-10 for these rates ≤ 25). */
export function propagate(L: number[][], a: number[], t: number): number[] {
  const steps = Math.max(1, Math.ceil(t * 2000))
  const h = t / steps
  const f = (x: number[]) => L.map((row) => row.reduce((s, c, k) => s + c * x[k], 0))
  let x = a.slice()
  for (let s = 0; s < steps; s++) {
    const k1 = f(x)
    const k2 = f(x.map((xi, i) => xi + (h / 2) * k1[i]))
    const k3 = f(x.map((xi, i) => xi + (h / 2) * k2[i]))
    const k4 = f(x.map((xi, i) => xi + h * k3[i]))
    x = x.map((xi, i) => xi + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]))
  }
  return x
}

/**
 * The particle generator applied to F at configuration v, γ = 0, by central finite differences (h):
 * L F = Σ_i d_i·∇_i F + ½ Σ_{i,k} C_ik : ∇_i∇_k F, with d_i = (2/N)Σ_j b(z_ij), C_ii = (2/N)Σ_j a(z_ij),
 * C_ik = −(2/N) a(z_ik) for Kac (antisymmetric noise), 0 for FGM/Fournier (independent noises).
 */
export function generatorFD(system: Closure, F: (v: Float64Array) => number, v: Float64Array, N: number, h = 1e-3): number {
  const n = 3 * N
  const a = (z: number[]) => {
    const r2 = z[0] ** 2 + z[1] ** 2 + z[2] ** 2
    return [0, 1, 2].map((p) => [0, 1, 2].map((q) => (p === q ? r2 : 0) - z[p] * z[q]))
  }
  const C = Array.from({ length: n }, () => new Float64Array(n))
  const d = new Float64Array(n)
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      if (j === i) continue
      const z = [0, 1, 2].map((c) => v[3 * i + c] - v[3 * j + c])
      const A = a(z)
      for (let p = 0; p < 3; p++) {
        d[3 * i + p] += (2 / N) * -2 * z[p]
        for (let q = 0; q < 3; q++) {
          C[3 * i + p][3 * i + q] += (2 / N) * A[p][q]
          if (system === 'kac') C[3 * i + p][3 * j + q] -= (2 / N) * A[p][q]
        }
      }
    }
  }
  const w = Float64Array.from(v)
  const at = (pairs: [number, number][]) => {
    w.set(v)
    for (const [k, s] of pairs) w[k] += s
    return F(w)
  }
  let LF = 0
  for (let k = 0; k < n; k++) LF += (d[k] * (at([[k, h]]) - at([[k, -h]]))) / (2 * h)
  for (let k = 0; k < n; k++) {
    for (let l = 0; l < n; l++) {
      if (C[k][l] === 0) continue
      const hess =
        k === l
          ? (at([[k, h]]) - 2 * F(v) + at([[k, -h]])) / (h * h)
          : (at([
              [k, h],
              [l, h],
            ]) -
              at([
                [k, h],
                [l, -h],
              ]) -
              at([
                [k, -h],
                [l, h],
              ]) +
              at([
                [k, -h],
                [l, -h],
              ])) /
            (4 * h * h)
      LF += 0.5 * C[k][l] * hess
    }
  }
  return LF
}

/**
 * E[A(V') | V] for one Euler–Maruyama step of FGM or Fournier at γ = 0 — the two have the same one-step
 * law: V'_i = u_i + n_i, u_i = V^i + (2/N)Σ_j b(z_ij)Δt, n_i ~ N(0, Δt(2/N)Σ_j a(z_ij)) independent across i.
 * Exact: A(V') is a quartic polynomial of the 3N standard normals ξ (n_i = L_i ξ_i, L_i L_iᵀ = Cov n_i), and
 * Stroud's degree-5 cubature for the Gaussian weight (Stroud, "Approximate Calculation of Multiple
 * Integrals", 1971, E_n^{r²} 5-2: the origin, ±a e_k, ±b e_k ± b e_l; a² = d+2, b² = (d+2)/2, weights
 * 2/(d+2), (4−d)/(2(d+2)²), 1/(d+2)²) integrates every polynomial of degree ≤ 5 in d = 3N variables exactly.
 */
export function eulerStepExpectation(v: Float64Array, N: number, dt: number): number[] {
  const d = 3 * N
  const u = new Float64Array(d)
  const L = new Float64Array(9 * N) // row-major 3×3 per particle
  for (let i = 0; i < N; i++) {
    const C = [0, 0, 0, 0, 0, 0, 0, 0, 0]
    for (let a = 0; a < 3; a++) u[3 * i + a] = v[3 * i + a]
    for (let j = 0; j < N; j++) {
      if (j === i) continue
      const z = [0, 1, 2].map((a) => v[3 * i + a] - v[3 * j + a])
      const r2 = z[0] ** 2 + z[1] ** 2 + z[2] ** 2
      for (let a = 0; a < 3; a++) {
        u[3 * i + a] += (2 / N) * -2 * z[a] * dt
        for (let b = 0; b < 3; b++) C[3 * a + b] += dt * (2 / N) * ((a === b ? r2 : 0) - z[a] * z[b])
      }
    }
    // Cholesky of the (positive definite for generic V, N ≥ 3) 3×3 C.
    const l00 = Math.sqrt(C[0])
    const l10 = C[3] / l00
    const l20 = C[6] / l00
    const l11 = Math.sqrt(C[4] - l10 * l10)
    const l21 = (C[7] - l20 * l10) / l11
    const l22 = Math.sqrt(C[8] - l20 * l20 - l21 * l21)
    L.set([l00, 0, 0, l10, l11, 0, l20, l21, l22], 9 * i)
  }
  const w = new Float64Array(d)
  const x = new Float64Array(d)
  const acc = [0, 0, 0, 0, 0, 0, 0]
  const add = (weight: number) => {
    for (let i = 0; i < N; i++) {
      for (let a = 0; a < 3; a++) {
        let s = u[3 * i + a]
        for (let b = 0; b <= a; b++) s += L[9 * i + 3 * a + b] * x[3 * i + b]
        w[3 * i + a] = s
      }
    }
    const A = statistics(w, N)
    for (let k = 0; k < 7; k++) acc[k] += weight * A[k]
  }
  const a = Math.sqrt(d + 2)
  const b = Math.sqrt((d + 2) / 2)
  x.fill(0)
  add(2 / (d + 2))
  const w1 = (4 - d) / (2 * (d + 2) ** 2)
  for (let k = 0; k < d; k++) {
    for (const s of [a, -a]) {
      x.fill(0)
      x[k] = s
      add(w1)
    }
  }
  const w2 = 1 / (d + 2) ** 2
  for (let k = 0; k < d; k++) {
    for (let l = k + 1; l < d; l++) {
      for (const sk of [b, -b]) {
        for (const sl of [b, -b]) {
          x.fill(0)
          x[k] = sk
          x[l] = sl
          add(w2)
        }
      }
    }
  }
  return acc
}

/**
 * The 7×7 matrix M_Δt with E[A(V') | V] = M_Δt A(V) for the FGM/Fournier Euler step (γ = 0): E[A(V')|V] is an
 * O(3)-invariant, permutation-symmetric quartic in V, hence a combination of A1 … A7 (first fundamental
 * theorem of invariant theory), so M is fitted exactly from 7 generic configurations. Returns M and the
 * largest relative misfit on 3 further configurations (round-off if the closure holds).
 */
export function eulerClosure(N: number, dt: number): { M: number[][]; misfit: number } {
  let seed = 12345
  const rnd = () => {
    seed = (seed * 16807) % 2147483647
    return seed / 2147483647 - 0.5
  }
  const configs = Array.from({ length: 10 }, () => Float64Array.from({ length: 3 * N }, () => 3 * rnd()))
  const X = configs.map((c) => statistics(c, N))
  const Y = configs.map((c) => eulerStepExpectation(c, N, dt))
  // Solve M Xᵀ = Yᵀ on the first 7 (rows of M one at a time): X7 mᵀ = y_k.
  const M = Array.from({ length: 7 }, (_, k) =>
    solve(
      X.slice(0, 7),
      Y.slice(0, 7).map((y) => y[k]),
    ),
  )
  let misfit = 0
  for (let c = 7; c < 10; c++) {
    for (let k = 0; k < 7; k++) {
      const pred = M[k].reduce((s, m, j) => s + m * X[c][j], 0)
      misfit = Math.max(misfit, Math.abs(pred - Y[c][k]) / Math.abs(Y[c][k]))
    }
  }
  return { M, misfit }
}

/** Solves A x = b (n×n, Gaussian elimination with partial pivoting). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length
  const m = A.map((row, i) => [...row, b[i]])
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r
    ;[m[c], m[p]] = [m[p], m[c]]
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c]
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k]
    }
  }
  const x = new Array(n).fill(0)
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n]
    for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k]
    x[r] = s / m[r][r]
  }
  return x
}
