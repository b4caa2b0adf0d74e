"""Reference peer of `npm run bench` (test/bench/run.ts, target `kac`): Kac's all-pairs particle system for
the Landau equation, (1.6) of Feng & Wang, as the vectorised NumPy script a researcher would write.

One Euler-Maruyama step of (1.6) for all pairs i < j at once, every increment from the start-of-step state
(docs/MATH.md §2; the workbench's `kac` solver with integrator "euler" is the same scheme):
    z = v_i - v_j,   d = (2/N) b(z) dt + sqrt(2/N) sigma(z) xi sqrt(dt),   v_i += d,   v_j -= d,
    b(z) = -2 |z|^gamma z,   sigma(z) xi = |z|^(gamma/2 + 1) (xi - (xi.z / |z|^2) z),   xi ~ N(0, I3),
the noise antisymmetric in (i, j) as (1.6) requires, so momentum is conserved to round-off; energy only in
expectation, and the script prints its relative change so that a reader sees it. Two equal velocities (a
probability-zero event for the Maxwellian start) would divide 0 by 0 and show as nan in that line.

What it measures: pair updates per second, N(N-1)/2 * STEPS / (wall time of the time loop alone; the pair
index arrays and the initial Maxwellian sample are built before it). The workbench's `kac` line divides its
own figure for the same N, STEPS, DT, GAMMA by this one.

Why it is a fair peer: vectorising over all N(N-1)/2 pairs is the natural NumPy form of this system (the
exact-conservation rotation step needs the pairs of a round to be disjoint, i.e. N-1 sequential rounds a step,
which NumPy serves worse). The per-pair work is that of the rotation step less its renormalisation: three
Gaussian numbers, the projection onto the plane orthogonal to z, one power of |z|; the per-particle sums are
np.bincount scatters, the fastest NumPy idiom for them (np.add.at is several times slower). Everything is
float64 with NumPy's default generator (PCG64).

Usage: python3 kac_numpy.py N STEPS DT GAMMA [SEED]      (SEED: default 0)
Prints, one "name value" per line: seconds, energy_rel_drift, momentum_abs_drift, pairs_per_s.
"""

import sys
import time

import numpy as np


def main(argv):
    if len(argv) < 5:
        sys.exit(f"usage: {argv[0]} N STEPS DT GAMMA [SEED]")
    n, steps, dt, gamma = int(argv[1]), int(argv[2]), float(argv[3]), float(argv[4])
    seed = int(argv[5]) if len(argv) > 5 else 0
    if n < 2 or steps < 1 or not dt > 0:
        sys.exit(f"{argv[0]}: need N >= 2, STEPS >= 1, DT > 0")

    gen = np.random.default_rng(seed)
    v = gen.standard_normal((n, 3))  # i.i.d. N(0, I3): the standard Maxwellian
    first, second = np.triu_indices(n, k=1)  # every pair i < j once
    ends = np.concatenate([first, second])
    energy0 = np.einsum("ij,ij->", v, v)
    momentum0 = v.sum(axis=0)

    drift_scale = -4.0 * dt / n  # (2/N) b(z) dt = -(4 dt/N) |z|^gamma z
    noise_scale = np.sqrt(2.0 * dt / n)

    start = time.perf_counter()
    for _ in range(steps):
        z = v[first] - v[second]
        r2 = np.einsum("ij,ij->i", z, z)
        xi = gen.standard_normal(z.shape)
        along = np.einsum("ij,ij->i", z, xi) / r2
        rg = r2 ** (0.5 * gamma)  # |z|^gamma
        d = (drift_scale * rg)[:, None] * z + (noise_scale * np.sqrt(rg * r2))[:, None] * (xi - along[:, None] * z)
        for axis in range(3):
            v[:, axis] += np.bincount(ends, np.concatenate([d[:, axis], -d[:, axis]]), minlength=n)
    seconds = time.perf_counter() - start

    energy = np.einsum("ij,ij->", v, v)
    print(f"seconds {seconds:.4f}")
    print(f"energy_rel_drift {(energy - energy0) / energy0:.3e}")
    print(f"momentum_abs_drift {np.linalg.norm(v.sum(axis=0) - momentum0) / n:.3e}")
    print(f"pairs_per_s {0.5 * n * (n - 1) * steps / seconds:.4e}")


if __name__ == "__main__":
    main(sys.argv)
