// Philox4x32-10 in WGSL: the same bijection as random/philox.ts, word for word, so a GPU kernel draws the very
// words the CPU path draws for the same (key, counter). WGSL has no 32×32→64 multiply: the high half is
// assembled from four 16×16 partial products, each exact in u32, as philox.ts does for JavaScript's int32.
// Tested bit-exact against philox.ts on the adapter (test/solvers/gpu/gpuPairStep.test.ts).

export const PHILOX_WGSL = /* wgsl */ `
const PHILOX_M0: u32 = 0xd2511f53u;
const PHILOX_M1: u32 = 0xcd9e8d57u;
const PHILOX_W0: u32 = 0x9e3779b9u;
const PHILOX_W1: u32 = 0xbb67ae85u;

// High 32 bits of the 64-bit product a·b.
fn mul_hi(a: u32, b: u32) -> u32 {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let ll = a0 * b0;
  let lh = a0 * b1;
  let hl = a1 * b0;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  return a1 * b1 + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
}

fn philox4x32(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var r = 0u; r < 10u; r++) {
    let hi0 = mul_hi(c.x, PHILOX_M0);
    let lo0 = c.x * PHILOX_M0;
    let hi1 = mul_hi(c.z, PHILOX_M1);
    let lo1 = c.z * PHILOX_M1;
    c = vec4<u32>(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
    k = k + vec2<u32>(PHILOX_W0, PHILOX_W1);
  }
  return c;
}
`
