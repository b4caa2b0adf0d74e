// Random-stream purposes of the particle systems added beside Kac's (fgm.ts, fournier.ts, pairing.ts).
// Same layout rule as streams.ts (docs/NUMERICS.md §1): a draw is addressed by what it is for, under the
// replica's stream key, and counter word c3 names the purpose, so no two purposes ever share a counter.
//   FGM noise          counter (step, i, j, FGMN)    ordered pair i ≠ j: ξ_ij and ξ_ji are different draws
//   Fournier noise     counter (step, i, draw, FOUR) particle i, draw = 0, 1 (two normal pairs, three used)
//   random matching    counter (step, b, 0, PERM)    block b gives the Fisher–Yates uniforms of slots 2b, 2b+1
//   pairing kick       counter (step, i, j, PAIR)    matched pair i < j (rotation, sbm and Euler alike)
// The sbm step draws no stream of its own: its three uniforms are bits of the system's KICK or PAIR block
// (sbmUniforms.ts).
// Kac's Euler–Maruyama integrator deliberately reuses the rotation step's KICK counters (streams.ts): the two
// integrators of (1.6) then draw the same ξ_ij, so same-seed runs are synchronously coupled and their
// difference is discretisation error alone. The pairing system's two integrators share PAIR likewise.
// (These tags could move into streams.ts' Purpose table; they are disjoint from STRM, INIT and KICK.)
import { philox4x32 } from './philox'

export const SystemPurpose = {
  FGM_NOISE: 0x46474d4e, // "FGMN"
  FOURNIER_NOISE: 0x464f5552, // "FOUR"
  PERMUTATION: 0x5045524d, // "PERM"
  PAIRING_KICK: 0x50414952, // "PAIR"
} as const

/** The Philox block of the FGM noise ξ_ij of the ordered pair (i, j), i ≠ j, at time step `step`. */
export function fgmBlock(k0: number, k1: number, step: number, i: number, j: number, out: Uint32Array, at: number): void {
  philox4x32(step, i, j, SystemPurpose.FGM_NOISE, k0, k1, out, at)
}

/** The Philox block `draw` (0 or 1) of particle i's Fournier noise ξ_i at time step `step`. */
export function fournierBlock(k0: number, k1: number, step: number, i: number, draw: number, out: Uint32Array, at: number): void {
  philox4x32(step, i, draw, SystemPurpose.FOURNIER_NOISE, k0, k1, out, at)
}

/** The Philox block b of the random matching of time step `step`. */
export function permutationBlock(k0: number, k1: number, step: number, b: number, out: Uint32Array, at: number): void {
  philox4x32(step, b, 0, SystemPurpose.PERMUTATION, k0, k1, out, at)
}

/** The Philox block of the kick of the matched pair i < j at time step `step`. */
export function pairingKickBlock(k0: number, k1: number, step: number, i: number, j: number, out: Uint32Array, at: number): void {
  philox4x32(step, i, j, SystemPurpose.PAIRING_KICK, k0, k1, out, at)
}
