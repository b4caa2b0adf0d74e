// Where the reference samples of the chaos diagnostics come from (docs/NUMERICS.md §1 rule: a draw is
// addressed by what it is for). The caller's key (k0, k1) is mixed with this file's purpose word and a role
// into one sampling key per role; within a role, replica (or floor pair) m owns a block of sample indices
// [m·size, (m + 1)·size) of createDensitySampler(record).sampleRange. So:
//  - every reference sample is independent of every other (distinct roles: unrelated Philox keys, as
//    streamKey does for replicas; one role: disjoint counters under one key);
//  - sample m does not depend on M, on the floor count, or on which other diagnostics run;
//  - none coincides with a plain sampleDensity(record, n, key) under the caller's key (that uses the key
//    itself, not a derived one), so an ad-hoc W2 against the same key stays independent of these.
import { philox4x32 } from '../random/philox'
import type { SampleKey } from '../deterministic/densitySampler'

/**
 * Purpose word of the chaos-diagnostics key derivation: "CHAO" = 0x4348414F, disjoint from STRM, INIT, KICK,
 * FGMN, FOUR, PERM, PAIR, SLIC and DSMP. It appears only as counter word c3 of the derivation below; the
 * samples themselves are then drawn on DSMP (densitySampler.ts) under the derived keys.
 */
export const CHAOS_PURPOSE = 0x4348414f

/** The roles, one derived key each. */
export const Role = {
  /** w2One: replica m's reference sample, n1 samples from index m·n1. */
  W2_ONE: 0,
  /** w2One floor: pair q = samples [2q·n1, (2q+1)·n1) and [(2q+1)·n1, (2q+2)·n1). */
  W2_ONE_FLOOR: 1,
  /** w2Two: replica m's 2·n2 samples from index 2m·n2; samples (2i, 2i+1) make point i of R⁶ (f ⊗ f). */
  W2_TWO: 2,
  /** w2Two floor: pair q = samples [4q·n2, (4q+2)·n2) and [(4q+2)·n2, (4q+4)·n2). */
  W2_TWO_FLOOR: 3,
} as const

/** The sampling key of one role: words 0, 1 of the Philox block of counter (role, 0, 0, CHAO) under the caller's key. */
export function roleKey(key: SampleKey, role: number): SampleKey {
  const w = new Uint32Array(4)
  philox4x32(role, 0, 0, CHAOS_PURPOSE, key.k0, key.k1, w, 0)
  return { k0: w[0], k1: w[1] }
}
