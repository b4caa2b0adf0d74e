/* Reference peer of `npm run bench` (test/bench/run.ts, targets `kac` and `pool`): Kac's all-pairs
 * particle system for the Landau equation, (1.6) of Feng & Wang, advanced by the exact-conservation
 * pair step of docs/MATH.md §2, as a plain single-threaded C program.
 *
 * One time step visits every pair i < j once, in the order i = 0 … N−2, j = i+1 … N−1, and moves it by
 *   z = v_i − v_j,  r = |z|,  ξ ~ N(0, I₃),  ε = κ r^{γ/2+1} (ξ − (ξ·z / r²) z),  κ = 2√(2Δt/N),
 *   z' = r (z + ε) / |z + ε|,  v_i += (z' − z)/2,  v_j −= (z' − z)/2,
 * so every pair keeps its centre of mass and |z|: momentum and energy are conserved to round-off, and the
 * program prints the relative energy change as a check that it ran the scheme it claims to.
 *
 * What it measures: pair updates per second, N(N−1)/2 · STEPS / (wall time of the time loop alone; the
 * initial Maxwellian sample and the final sums are outside it). The workbench's `kac` line divides its
 * own figure for the same N, STEPS, Δt, γ by this one.
 *
 * Why it is a fair peer: it is the program a careful researcher would write for the same job. It does the
 * same work per pair as the workbench's step (three Gaussian numbers, the projection onto z⊥, one
 * square root for r, one for the renormalisation, one power |z|^{γ/2+1}), with the usual fast generator
 * and normal sampler of numerical C (xoshiro256+ by Blackman & Vigna, Marsaglia's polar method), the
 * two cases a researcher special-cases by hand (γ = −3: 1/√r; γ = 0: r) and `pow` otherwise, doubles
 * throughout, no intrinsics, built with `gcc -O3 -march=native`. The visiting order is the lexicographic
 * one instead of the workbench's round-robin rounds: both are Lie splittings of the same generator over
 * pairs, weak order 1, and the order changes no operation count. It does not reproduce the workbench's
 * random numbers (counter-based Philox, a kick drawn directly in the plane z⊥): a speed peer needs the
 * same work and the same law, not the same bits.
 *
 * Usage: kac_ref N STEPS DT GAMMA [SEED]      (SEED: default 1)
 * Prints, one "name value" per line: seconds, energy_rel_drift, momentum_abs_drift, pairs_per_s.
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime under a strict -std=c99 as well */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* xoshiro256+ (D. Blackman and S. Vigna, "Scrambled linear pseudorandom number generators", ACM Trans.
 * Math. Softw. 47(4), 2021): the recommended generator for floating-point numbers; its top 53 bits are
 * used. The state is filled by splitmix64 from the seed, as the authors advise. */
static uint64_t rng[4];

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static void seed_rng(uint64_t seed) {
  for (int k = 0; k < 4; k++) rng[k] = splitmix64(&seed);
}

static inline uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t next_u64(void) {
  const uint64_t out = rng[0] + rng[3];
  const uint64_t t = rng[1] << 17;
  rng[2] ^= rng[0];
  rng[3] ^= rng[1];
  rng[1] ^= rng[2];
  rng[0] ^= rng[3];
  rng[2] ^= t;
  rng[3] = rotl64(rng[3], 45);
  return out;
}

/* Uniform on [−1, 1) from the top 53 bits. */
static inline double uniform_pm1(void) { return (double)(next_u64() >> 11) * 0x1.0p-52 - 1.0; }

/* Standard normals by Marsaglia's polar method (G. Marsaglia and T. A. Bray, SIAM Review 6, 1964): a
 * point uniform in the unit disc gives two independent normals; the second is kept for the next call. */
static int cached = 0;
static double cache;

static inline double gaussian(void) {
  if (cached) {
    cached = 0;
    return cache;
  }
  double x, y, s;
  do {
    x = uniform_pm1();
    y = uniform_pm1();
    s = x * x + y * y;
  } while (s >= 1.0 || s == 0.0);
  const double m = sqrt(-2.0 * log(s) / s);
  cache = y * m;
  cached = 1;
  return x * m;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Kinetic energy Σ|v|² and momentum Σv of the N particles. */
static void totals(const double *v, long n, double *energy, double p[3]) {
  double e = 0, px = 0, py = 0, pz = 0;
  for (long i = 0; i < n; i++) {
    const double *u = v + 3 * i;
    e += u[0] * u[0] + u[1] * u[1] + u[2] * u[2];
    px += u[0];
    py += u[1];
    pz += u[2];
  }
  *energy = e;
  p[0] = px;
  p[1] = py;
  p[2] = pz;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s N STEPS DT GAMMA [SEED]\n", argv[0]);
    return 2;
  }
  const long n = atol(argv[1]);
  const long steps = atol(argv[2]);
  const double dt = atof(argv[3]);
  const double gamma = atof(argv[4]);
  const uint64_t seed = argc > 5 ? strtoull(argv[5], NULL, 10) : 1;
  if (n < 2 || steps < 1 || !(dt > 0)) {
    fprintf(stderr, "%s: need N >= 2, STEPS >= 1, DT > 0\n", argv[0]);
    return 2;
  }

  double *v = malloc(sizeof(double) * 3 * (size_t)n);
  if (!v) {
    fprintf(stderr, "%s: out of memory\n", argv[0]);
    return 1;
  }
  seed_rng(seed);
  for (long k = 0; k < 3 * n; k++) v[k] = gaussian(); /* i.i.d. N(0, I₃): the standard Maxwellian */
  double e0, p0[3];
  totals(v, n, &e0, p0);

  const double kappa = 2.0 * sqrt(2.0 * dt / (double)n);
  const int coulomb = gamma == -3.0, maxwell = gamma == 0.0;
  const double amp_power = 0.5 * gamma + 1.0; /* σ(z) = |z|^{γ/2+1} Π⊥(z) */

  const double t0 = now_seconds();
  for (long s = 0; s < steps; s++) {
    for (long i = 0; i < n - 1; i++) {
      double *vi = v + 3 * i;
      for (long j = i + 1; j < n; j++) {
        double *vj = v + 3 * j;
        const double zx = vi[0] - vj[0], zy = vi[1] - vj[1], zz = vi[2] - vj[2];
        const double r2 = zx * zx + zy * zy + zz * zz;
        if (r2 == 0.0) continue; /* σ(0) = 0: coincident velocities do not interact */
        const double r = sqrt(r2);
        const double gx = gaussian(), gy = gaussian(), gz = gaussian();
        const double proj = (gx * zx + gy * zy + gz * zz) / r2;
        const double amp = kappa * (coulomb ? 1.0 / sqrt(r) : maxwell ? r : pow(r, amp_power));
        /* w = z + ε, ε = amp · Π⊥(z) ξ */
        const double wx = zx + amp * (gx - proj * zx);
        const double wy = zy + amp * (gy - proj * zy);
        const double wz = zz + amp * (gz - proj * zz);
        const double back = r / sqrt(wx * wx + wy * wy + wz * wz); /* |z'| = |z| */
        const double hx = 0.5 * (wx * back - zx);
        const double hy = 0.5 * (wy * back - zy);
        const double hz = 0.5 * (wz * back - zz);
        vi[0] += hx;
        vi[1] += hy;
        vi[2] += hz;
        vj[0] -= hx;
        vj[1] -= hy;
        vj[2] -= hz;
      }
    }
  }
  const double seconds = now_seconds() - t0;

  double e1, p1[3];
  totals(v, n, &e1, p1);
  const double dp = sqrt((p1[0] - p0[0]) * (p1[0] - p0[0]) + (p1[1] - p0[1]) * (p1[1] - p0[1]) + (p1[2] - p0[2]) * (p1[2] - p0[2]));
  printf("seconds %.4f\n", seconds);
  printf("energy_rel_drift %.3e\n", (e1 - e0) / e0);
  printf("momentum_abs_drift %.3e\n", dp / (double)n);
  printf("pairs_per_s %.4e\n", 0.5 * (double)n * (double)(n - 1) * (double)steps / seconds);
  free(v);
  return 0;
}
