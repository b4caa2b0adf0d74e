// The rotation pair step (particles/rotationStep.ts) as a WebGPU compute shader: one invocation per pair of a
// set of disjoint pairs, for every replica of a batch at once (replica r's particles follow replica r − 1's in
// one buffer) — a random matching per replica (pairing.ts, pairs uploaded) or one round-robin round of Kac's
// all-pairs step (roundRobin.ts, pairs computed here). WGSL has no f64, so the numbers are split by role:
//   - velocities are 64-bit fixed point (fixedPoint.ts): component = X·2^-40 with X a two's-complement
//     integer in two u32 words. z = V^i − V^j is taken exactly in integers, then rounded to f32;
//   - the rotation (Box–Muller kick, basis of z⊥, z' − z) is computed in f32 from that z, in a form whose
//     rounding errors have no sign bias in |z'| − |z| (see the step below);
//   - the increment D = round((z' − z)/2 · 2^40) is ONE integer added to V^i and subtracted from V^j, so
//     momentum is conserved exactly (integer arithmetic is exact on every adapter, unlike double-float
//     tricks a shader compiler may reassociate), and the pair's energy moves only by the f32 error of
//     z' − z: relative ~1e-7 of |z||z' − z| per update, unbiased in sign (docs/NUMERICS.md §4.17).
// The random words are the CPU path's: Philox at counter (step, i, j, purpose) under the replica's key.
import { PHILOX_WGSL } from './philox.wgsl'

/** Invocations per workgroup: within WebGPU's compatibility-mode default (128) and a multiple of any SIMD width. */
export const WORKGROUP = 64

export const PAIR_STEP_WGSL = /* wgsl */ `
${PHILOX_WGSL}

struct Params {
  count: u32,    // pairs per replica in this dispatch
  step: u32,     // time step s (counter word 0)
  replicas: u32, // replicas in the batch
  row: u32,      // invocations per row of a two-dimensional dispatch (gid.y counts rows)
  purpose: u32,  // counter word 3: KICK (Kac) or PAIR (pairing), random/streams.ts, systemStreams.ts
  n: u32,        // particles N
  mode: u32,     // 0: pairs from the pairs buffer; 1: round-robin round 'round' of N particles
  _pad: u32,
  kappa: f32,    // κ of rotationStep.ts (kickScale)
  gamma: f32,
}

struct Round { index: u32 }

@group(0) @binding(0) var<storage, read_write> vel: array<u32>; // replica r, particle p, component a: X at [6(rN + p) + 2a] (hi), [… + 1] (lo)
@group(0) @binding(1) var<storage, read> pairs: array<u32>;     // mode 0: replica r's pair c at [2(r·count + c)], [… + 1], i < j
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(3) var<uniform> which: Round;                // mode 1, bound with a dynamic offset per round
@group(0) @binding(4) var<storage, read> keys: array<u32>;      // replica r's stream key: keys[2r], keys[2r + 1]

const TWO_PI: f32 = 6.283185307179586;
const TWO_M8: f32 = 0.00390625;            // 2^-8: value of one unit of the high word
const TWO_M40: f32 = 9.094947017729282e-13; // 2^-40: value of one unit of the low word
const TWO_32: f32 = 4294967296.0;
const TWO_M27: f32 = 7.450580596923828e-9;
const TWO_M53: f32 = 1.1102230246251565e-16;

// The pair of round 'r' at position c (roundRobin.ts roundPairs, the circle method), as (i, j) with i < j.
fn round_pair(n: u32, r: u32, c: u32) -> vec2<u32> {
  let even = (n & 1u) == 0u;
  let seats = select(n, n - 1u, even);
  if (even && c == 0u) {
    return vec2<u32>(r, n - 1u);
  }
  let k = select(c + 1u, c, even);
  let a = (r + k) % seats;
  let b = (r + seats - k) % seats;
  return vec2<u32>(min(a, b), max(a, b));
}

// The CPU path's uniform53 (random/normal.ts) rounded to f32: (top 27 bits of hi, top 26 of lo, + 1)·2^-53 in
// (0, 1]. The small term keeps the tail: u down to 2^-53, so the Box–Muller radius reaches √(106 ln 2) as on the CPU.
fn unit_uniform(hi: u32, lo: u32) -> f32 {
  return f32(hi >> 5u) * TWO_M27 + f32((lo >> 6u) + 1u) * TWO_M53;
}

// Signed difference of two 64-bit fixed-point numbers (hi, lo) as f32: exact in integers, then one rounding
// (plus the rounding of the low word, 2^-24 relative to it: below the f32 ulp of the sum unless the sum cancels).
fn diff(pi: u32, pj: u32) -> f32 {
  let lo = vel[pi + 1u] - vel[pj + 1u];
  let borrow = select(0u, 1u, vel[pi + 1u] < vel[pj + 1u]);
  let hi = bitcast<i32>(vel[pi] - vel[pj] - borrow);
  return f32(hi) * TWO_M8 + f32(lo) * TWO_M40;
}

// round(d·2^40) as a 64-bit two's-complement integer (hi, lo). |d|·2^8 = a + r with a = floor, r ∈ [0, 1)
// exact in f32; r·2^32 < 2^32 − 2^8, so the low word never carries.
fn to_fixed(d: f32) -> vec2<u32> {
  let x = abs(d) * 256.0;
  let a = floor(x);
  var lo = u32(round((x - a) * TWO_32));
  var hi = u32(a);
  if (d < 0.0) {
    lo = ~lo + 1u;
    hi = ~hi + select(0u, 1u, lo == 0u);
  }
  return vec2<u32>(hi, lo);
}

fn add_at(p: u32, x: vec2<u32>) {
  let lo = vel[p + 1u] + x.y;
  let carry = select(0u, 1u, lo < x.y);
  vel[p] = vel[p] + x.x + carry;
  vel[p + 1u] = lo;
}

fn sub_at(p: u32, x: vec2<u32>) {
  let borrow = select(0u, 1u, vel[p + 1u] < x.y);
  vel[p + 1u] = vel[p + 1u] - x.y;
  vel[p] = vel[p] - x.x - borrow;
}

fn half_gamma_power(r: f32, gamma: f32) -> f32 {
  if (gamma == -3.0) {
    return 1.0 / (r * sqrt(r));
  }
  if (gamma == 0.0) {
    return 1.0;
  }
  return pow(r, 0.5 * gamma);
}

@compute @workgroup_size(${WORKGROUP})
fn pair_step(@builtin(global_invocation_id) gid: vec3<u32>) {
  let g = gid.x + gid.y * params.row;
  if (g >= params.count * params.replicas) {
    return;
  }
  let rep = g / params.count;
  let c = g - rep * params.count;
  var ij: vec2<u32>;
  if (params.mode == 0u) {
    ij = vec2<u32>(pairs[2u * g], pairs[2u * g + 1u]);
  } else {
    ij = round_pair(params.n, which.index, c);
  }
  let base = 6u * params.n * rep;
  let pi = base + 6u * ij.x;
  let pj = base + 6u * ij.y;
  let z = vec3<f32>(diff(pi, pj), diff(pi + 2u, pj + 2u), diff(pi + 4u, pj + 4u));
  let r2 = dot(z, z);
  // Coincident (or, in f32, |z| below ~1e-19) velocities do not interact: σ(0) = 0.
  if (r2 == 0.0) {
    return;
  }
  let r = sqrt(r2);
  let w = philox4x32(vec4<u32>(params.step, ij.x, ij.y, params.purpose), vec2<u32>(keys[2u * rep], keys[2u * rep + 1u]));
  let rho = sqrt(-2.0 * log(unit_uniform(w.x, w.y)));
  let theta = TWO_PI * unit_uniform(w.z, w.w);
  let k = params.kappa * rho * half_gamma_power(r, params.gamma);

  // The basis of z⊥ of rotationStep.ts (Duff et al., JCGT 2017).
  let n = z / r;
  let sgn = select(-1.0, 1.0, n.z >= 0.0);
  let ia = -1.0 / (sgn + n.z);
  let ib = n.x * n.y * ia;
  let cs = cos(theta);
  let sn = sin(theta);
  let e = vec3<f32>(cs * (1.0 + sgn * n.x * n.x * ia) + sn * ib, cs * sgn * ib + sn * (sgn + n.y * n.y * ia), -cs * sgn * n.x - sn * n.y);

  // z' − z = (C − 1) z + S|z| ê: the rotation of z by the angle φ, tan φ = k|e|, towards ê = e/|e|, written
  // with t = tan(φ/2) as C − 1 = −2t²/(1 + t²), S = 2t/(1 + t²) (docs/NUMERICS.md §4.17). In f32 the pair's
  // energy moves by (|z'|² − |z|²)/2 ≈ |z|²k²·(relative error of C − 1 and S, and of |e|): an error of a
  // fraction of an ulp with a constant sign is a drift, N·k² ~ 8Δt a step. So:
  //   - no quantity of the form 1 + small is rounded and then used as a factor (q = √(1 + k²), 1/(1 + t²)):
  //     those sit on a coarse grid near 1 (sqrt of 1 + m·2^-23 rounds down for odd m), and their rounding
  //     errors have a sign bias; v = t²/(1 + t²) enters only as v times a small number, where its error is
  //     O(t⁴) in the norm. q only sets t, so its error moves the angle by f32 rounding, not |z'|;
  //   - |e| is the adapter's (sin, cos, sqrt, division: llvmpipe's |e|² − 1 averages −0.013 ulp, a real GPU's
  //     sin/cos may be worse): t is taken from a = t·e, t² = |a|², so the along-z part matches the
  //     perpendicular kick whatever |e| is. The kick's length changes by |e| − 1, a rounding-size change
  //     of the law.
  // What remains is the rounding of generic numbers, unbiased: a random walk (measured in docs/NUMERICS.md).
  var a: vec3<f32>; // t·e, t = tan of half the rotation angle
  if (k * k <= 1e30) {
    a = (k / (1.0 + sqrt(1.0 + k * k))) * e;
  } else {
    a = e; // the kick dwarfs z (k² overflows f32 only for |z| ≲ 1e-13 under Coulomb): t = 1, z' = |z| ê, the limit
  }
  let t2 = dot(a, a);
  let v = t2 / (1.0 + t2);
  // (z' − z)/2 = −t²(1 − v) z + t(1 − v)|z| ê, and t ê = a (1 − v = 1/(1 + t²)).
  let d = (v * t2 - t2) * z + r * (a - v * a);
  for (var c = 0u; c < 3u; c++) {
    let x = to_fixed(d[c]);
    add_at(pi + 2u * c, x);
    sub_at(pj + 2u * c, x);
  }
}
`
