"""Reference peer of `npm run bench` (test/bench/run.ts, target `w2`): the exact quadratic Wasserstein
distance between two empirical measures of n equally weighted points in R^3, the way a researcher computes
it with SciPy.

With equal weights and equal counts an optimal transport plan is a permutation (Birkhoff-von Neumann), so
    W2^2 = min over permutations s of (1/n) sum_i |x_i - y_s(i)|^2,
an assignment problem on the n x n matrix of squared distances: scipy.spatial.distance.cdist builds it and
scipy.optimize.linear_sum_assignment (the shortest-augmenting-path algorithm of Jonker-Volgenant in
Crouse's form, compiled C++) solves it exactly (docs/MATH.md §5).

What it measures: `seconds`, the wall time of cost matrix + assignment + the mean over the optimal pairs,
for two clouds of n i.i.d. N(0, I3) points. The workbench's `w2` line times its own assignmentW2 on clouds
of the same size and law (drawn by its own generator) and prints peer time / workbench time. The clouds
are drawn before the clock starts.

Why it is a fair peer: linear_sum_assignment is the exact solver everyone reaches for, the
implementation compiled, and the cost matrix is built by cdist in C; nothing of the timed work runs in
Python loops. The workbench times the same whole job (its cost matrix included).

Usage: python3 w2_scipy.py N [SEED] [--bench-points]
    default         x, then y: n x 3 standard normals each from numpy.random.default_rng(SEED), SEED 1;
    --bench-points  the clouds test/bench/run.ts gives the workbench for repetition SEED: its splitmix32
                    uniforms and Box-Muller pairs with seeds 2*SEED + 1 (x) and 2*SEED + 2 (y), so that
                    the printed w2 can be compared with assignmentW2 on exactly the same points.
Prints, one "name value" per line: w2, seconds.
"""

import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import cdist


def bench_normals(count, seed):
    """The `normals(count, seed)` of test/bench/run.ts: standard normals from splitmix32 uniforms in (0, 1]
    (u = (z + 1) / (2^32 + 1)), paired by Box-Muller (cos first, then sin). Plain Python integers with
    explicit 32-bit masks reproduce the TypeScript Math.imul / >>> 0 arithmetic exactly."""
    mask = 0xFFFFFFFF
    state = seed & mask

    def uniform():
        nonlocal state
        state = (state + 0x9E3779B9) & mask
        z = state
        z = ((z ^ (z >> 16)) * 0x85EBCA6B) & mask
        z = ((z ^ (z >> 13)) * 0xC2B2AE35) & mask
        return ((z ^ (z >> 16)) + 1) / 4294967297

    out = np.empty(count)
    for k in range(0, count, 2):
        radius = np.sqrt(-2.0 * np.log(uniform()))
        angle = 2.0 * np.pi * uniform()
        out[k] = radius * np.cos(angle)
        if k + 1 < count:
            out[k + 1] = radius * np.sin(angle)
    return out


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    flags = [a for a in argv[1:] if a.startswith("--")]
    if not args or any(f != "--bench-points" for f in flags):
        sys.exit(f"usage: {argv[0]} N [SEED] [--bench-points]")
    n = int(args[0])
    seed = int(args[1]) if len(args) > 1 else 1
    if n < 1:
        sys.exit(f"{argv[0]}: need N >= 1")

    if flags:
        x = bench_normals(3 * n, 2 * seed + 1).reshape(n, 3)
        y = bench_normals(3 * n, 2 * seed + 2).reshape(n, 3)
    else:
        gen = np.random.default_rng(seed)
        x = gen.standard_normal((n, 3))
        y = gen.standard_normal((n, 3))

    start = time.perf_counter()
    cost = cdist(x, y, "sqeuclidean")
    rows, cols = linear_sum_assignment(cost)
    w2 = np.sqrt(cost[rows, cols].mean())
    seconds = time.perf_counter() - start

    print(f"w2 {w2:.6f}")
    print(f"seconds {seconds:.4f}")


if __name__ == "__main__":
    main(sys.argv)
