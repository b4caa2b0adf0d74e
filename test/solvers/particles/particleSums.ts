// Mean energy and mean velocity of one replica, for the conservation tests (kac.test.ts, systems/).

export function energyAndMomentum(v: Float64Array, N: number): { e: number; p: number[] } {
  let e = 0
  const p = [0, 0, 0]
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < 3; a++) {
      e += v[3 * i + a] ** 2
      p[a] += v[3 * i + a]
    }
  }
  return { e: e / N, p: p.map((x) => x / N) }
}
