// A Kac rotation run split over several threads (docs/NUMERICS.md §4.4): the rounds of a time step are
// run one after the other, and the N/2 disjoint pairs of a round are cut into chunks that any thread of
// the team claims with Atomics and runs with the same kernel (kacKernel.wat) on one shared memory.
//
// The run's own thread (the owner, KacTeam) always works: it publishes the round, claims chunks like
// everybody else and waits at the round's barrier until every chunk is done. Other
// threads (assistants, assistKacTeam) may join or leave at any time and only claim chunks, so a run never
// waits for an assistant to start, and its bits cannot depend on who ran which chunk: a pair's update
// depends only on its two velocities and its counter-based random block (step, i, j), and the pairs of a
// round are disjoint. Only globals are used (WebAssembly, SharedArrayBuffer via the memory, Atomics).
//
// Memory of a team (byte offsets):
//   0        control words (Int32, below) and the run's constants
//   slots    TEAM_SLOTS areas, one per thread (slot 0 the owner's): the pairs of the chunks it runs, u32
//            (i, j), computed by the thread itself (room for a round in slot 0, for ASSIST_MOST chunks in
//            the others, + 8 pairs), then the kernel's $round scratch
//   v        the velocities of the replica being stepped, f64 (x, y, z) per particle
import { gammaMode, instantiate, ROUND_SCRATCH_BYTES, sharedMemory, type KernelExports, type WasmMemory } from './kacKernel'

/** Control words (indices into the Int32Array at byte 0). CLAIM and DONE sit on cache lines of their own. */
const CLAIM = 0 // (front << 16) | back: chunks front … back − 1 of the current round are unclaimed
const SEQ = 1 // rounds published (what an idle assistant waits on)
const HELPED = 8 // chunks run by assistants (a statistic, for tests and the bench)
const DONE = 16 // chunks of the current round finished
const STATE = 32 // 0 while the run steps; 1 once it ended (or was cancelled): assistants leave
const SLEEPERS = 33 // assistants inside Atomics.wait on SEQ (the owner notifies only if > 0)
const SLOT_BITS = 34 // bit s set: scratch slot s is taken (slot 0 is the owner's)
const TEAM_SIZE = 35 // the most assistants wanted now: above it they leave (the pool wants a thread back)
const ROUND = 36
const STEP = 37
const K0 = 38
const K1 = 39
const N_AT = 40
const COUNT = 41 // pairs a round, floor(N/2)
const CHUNK = 42 // pairs a chunk (a multiple of 8)
const CHUNKS = 43 // chunks a round (≤ MAX_CHUNKS)
const MODE = 44
const SLOTS_AT = 45
const SLOT_SIZE = 46
const V_AT = 47
const ASSISTANTS = 48 // assistants present
const KAPPA = 26 // Float64 indices (bytes 208, 216)
const HALF_GAMMA = 27
const HEADER = 256

const FRONT = 0x10000
const BACK_MASK = 0xffff
const MAX_CHUNKS = 0x7fff
/** Scratch slots: the owner and up to 15 assistants. */
export const TEAM_SLOTS = 16
/** A chunk: 256 pairs (the kernel's own pass length), more when a round would have over MAX_CHUNKS. */
const MIN_CHUNK = 256
/** Bytes of the kernel's scratch ($round's: keys, one chunk's arrays, the sincos table). */
const SCRATCH_BYTES = ROUND_SCRATCH_BYTES
/** The most chunks an assistant claims at once. */
export const ASSIST_MOST = 4
/** An assistant that finds nothing to do spins this many checks before it sleeps. */
const SPIN = 20_000
/** An assistant sleeps at most this long at a time, and leaves after IDLE_MS without a round. */
const WAIT_MS = 20
const IDLE_MS = 2_000

/**
 * The team's layout for N particles. Slot 0 (the owner's) has room for a whole round's pairs, the others
 * for ASSIST_MOST chunks (+ 8 pairs each: the kernel's overrun and padding).
 */
function teamLayout(N: number): { count: number; chunk: number; chunks: number; slots: number; slotSize: number; v: number; bytes: number } {
  const count = Math.floor(N / 2)
  const chunk = Math.max(MIN_CHUNK, Math.ceil(count / MAX_CHUNKS / 8) * 8)
  const chunks = Math.ceil(count / chunk)
  const slot0 = align16(8 * (chunks * chunk + 8)) + SCRATCH_BYTES
  const slotSize = align16(8 * (ASSIST_MOST * chunk + 8)) + SCRATCH_BYTES
  const v = align16(HEADER + slot0 + (TEAM_SLOTS - 1) * slotSize)
  return { count, chunk, chunks, slots: HEADER + slot0, slotSize, v, bytes: v + 24 * N }
}

function align16(x: number): number {
  return (x + 15) & ~15
}

/** One thread's view of the team: its kernel instance, the control words, its slot. */
interface Member {
  k: KernelExports
  ctrl: Int32Array
  f: Float64Array
  /** The slot's pairs and scratch (byte offsets). */
  pairsAt: number
  scratch: number
}

function member(memory: WasmMemory, k: KernelExports, slot: number): Member {
  const ctrl = new Int32Array(memory.buffer, 0, HEADER / 4)
  const pairsAt = slot === 0 ? HEADER : ctrl[SLOTS_AT] + (slot - 1) * ctrl[SLOT_SIZE]
  const end = slot === 0 ? ctrl[SLOTS_AT] : pairsAt + ctrl[SLOT_SIZE]
  return { k, ctrl, f: new Float64Array(memory.buffer, 0, HEADER / 8), pairsAt, scratch: end - SCRATCH_BYTES }
}

/**
 * Runs chunks idx … idx + n − 1 of the current round, consecutive pairs (called after their claim
 * succeeded: the round's words are settled).
 */
function runChunks(t: Member, idx: number, n: number): void {
  const { ctrl, f } = t
  const chunk = ctrl[CHUNK]
  const first = idx * chunk
  const m = Math.min(n * chunk, ctrl[COUNT] - first)
  // each thread computes its chunk's pairs itself, so that they never travel between cores
  t.k.fillRange(ctrl[N_AT], ctrl[ROUND], first, m, t.pairsAt)
  t.k.round(ctrl[V_AT], t.pairsAt, m, t.scratch, f[KAPPA], ctrl[MODE], f[HALF_GAMMA], ctrl[K0], ctrl[K1], ctrl[STEP])
}

/*
 * Claiming. The owner takes chunks from the front of the round, assistants from the back, so that with
 * one assistant each thread keeps about the same particles from round to round (pair k of round r + 1
 * meets the particles of pairs k ± 1 of round r) and their cache lines stay put. A claim is a
 * compare-and-swap on CLAIM; the round's parameters (step, key) are read only after it succeeds: a round
 * cannot end, nor the next be published, before a claimed chunk is done, so they are those of the chunk's
 * round even if the word's value repeats from round to round.
 */

/** The first chunk and the number of chunks of the last successful claim (this thread's). */
let claimed = 0

/**
 * Claims chunks of CLAIM's value `word`, from the front (the owner) or the back (assistants): a guided
 * share, ⌈left / 2(a + 1)⌉ for a assistants present, at most `most` (the whole rest for the owner alone),
 * so that calls are few early in a round and chunks single at its end. Returns how many (their first in
 * `claimed`), 0 if none is left, −1 if another thread claimed first.
 */
function claim(ctrl: Int32Array, word: number, front: boolean, most: number): number {
  const lo = word >>> 16
  const hi = word & BACK_MASK
  const left = hi - lo
  if (left <= 0) return 0
  const a = Atomics.load(ctrl, ASSISTANTS)
  const n = Math.min(most, a === 0 ? left : Math.ceil(left / (2 * (a + 1))))
  const next = front ? word + n * FRONT : word - n
  if (Atomics.compareExchange(ctrl, CLAIM, word, next) !== word) return -1
  claimed = front ? lo : hi - n
  return n
}

/** The owner's side of a split run: the rounds of its thread, open to assistants (assistKacTeam). */
export class KacTeam {
  /** The shared memory to hand to assistants (a WebAssembly.Memory, which crosses threads by postMessage). */
  readonly memory: WasmMemory
  readonly N: number
  private readonly me: Member
  private readonly ctrl: Int32Array
  private readonly view: Float64Array

  constructor(N: number, kappa: number, gamma: number) {
    const lay = teamLayout(N)
    const pages = Math.ceil(lay.bytes / 65536)
    this.N = N
    this.memory = sharedMemory(pages, pages)
    const ctrl = new Int32Array(this.memory.buffer, 0, HEADER / 4)
    const f = new Float64Array(this.memory.buffer, 0, HEADER / 8)
    ctrl[N_AT] = N
    ctrl[COUNT] = lay.count
    ctrl[CHUNK] = lay.chunk
    ctrl[CHUNKS] = lay.chunks
    ctrl[MODE] = gammaMode(gamma)
    ctrl[SLOTS_AT] = lay.slots
    ctrl[SLOT_SIZE] = lay.slotSize
    ctrl[V_AT] = lay.v
    ctrl[SLOT_BITS] = 1
    ctrl[TEAM_SIZE] = TEAM_SLOTS - 1
    f[KAPPA] = kappa
    f[HALF_GAMMA] = 0.5 * gamma
    Atomics.store(ctrl, CLAIM, 0) // nothing to claim until the first round is published
    this.ctrl = ctrl
    this.me = member(this.memory, instantiate(this.memory), 0)
    this.view = new Float64Array(this.memory.buffer, lay.v, 3 * N)
  }

  /** Chunks a round. */
  get chunks(): number {
    return this.ctrl[CHUNKS]
  }

  /** Chunks run by assistants so far. */
  get helped(): number {
    return Atomics.load(this.ctrl, HELPED)
  }

  /**
   * Rounds first … end − 1 of time step `step` of one replica (v, Float64Array(3N), in place; stream key
   * (k0, k1)): the bits of kacRounds whatever the number of threads that help. The velocities live in the
   * team's memory meanwhile: `load` false keeps those left there by the previous call (the same replica,
   * whose v was not changed since) and `store` false leaves v stale until a call that stores, so that a step
   * cut into parts (steppers.ts) moves them between the arrays once, not once a part.
   */
  rounds(v: Float64Array, first: number, end: number, k0: number, k1: number, step: number, load = true, store = true): void {
    const { ctrl, N } = this
    const chunks = ctrl[CHUNKS]
    if (load) this.view.set(v.subarray(0, 3 * N))
    ctrl[K0] = k0
    ctrl[K1] = k1
    ctrl[STEP] = step
    for (let r = first; r < end; r++) {
      ctrl[ROUND] = r
      Atomics.store(ctrl, DONE, 0)
      // The publication: seq-cst stores after the plain writes above, read by an assistant's claim
      // before it reads them (JavaScript and WebAssembly share one memory model).
      Atomics.store(ctrl, CLAIM, chunks)
      Atomics.add(ctrl, SEQ, 1)
      if (Atomics.load(ctrl, SLEEPERS) > 0) Atomics.notify(ctrl, SEQ)
      let mine = 0
      for (;;) {
        const n = claim(ctrl, Atomics.load(ctrl, CLAIM), true, chunks)
        if (n === 0) break
        if (n < 0) continue
        runChunks(this.me, claimed, n)
        mine += n
      }
      // The barrier: every chunk of round r is done before round r + 1 starts (an assistant holds at most
      // ASSIST_MOST chunks, and only one near the round's end: a few microseconds).
      if (Atomics.add(ctrl, DONE, mine) + mine !== chunks)
        while (Atomics.load(ctrl, DONE) !== chunks) {
          /* spin */
        }
    }
    if (store) v.set(this.view)
  }

  /**
   * Test access: round `round` of time step `step` on v, its chunks run as `plan` says instead of claimed:
   * pieces [slot, first chunk, chunks] in the given order, each slot by a kernel instance of its own, as the
   * threads of a team would (a slot other than 0 takes at most ASSIST_MOST chunks at once).
   */
  roundByPlan(v: Float64Array, round: number, k0: number, k1: number, step: number, plan: readonly (readonly [number, number, number])[]): void {
    const { ctrl, N } = this
    this.view.set(v.subarray(0, 3 * N))
    ctrl[K0] = k0
    ctrl[K1] = k1
    ctrl[STEP] = step
    ctrl[ROUND] = round
    const members = new Map<number, Member>([[0, this.me]])
    for (const [slot, first, n] of plan) {
      if (slot < 0 || slot >= TEAM_SLOTS || (slot > 0 && n > ASSIST_MOST)) throw new Error(`bad piece ${slot}, ${n}`)
      let t = members.get(slot)
      if (!t) members.set(slot, (t = member(this.memory, instantiate(this.memory), slot)))
      runChunks(t, first, n)
    }
    v.set(this.view)
  }

  /** The run ended: assistants leave (also called by whoever supervises the run if its thread is gone). */
  close(): void {
    endTeam(this.memory)
  }
}

/** Tells a team's assistants that its run ended (idempotent; from any thread holding the memory). */
export function endTeam(memory: WasmMemory): void {
  const ctrl = new Int32Array(memory.buffer, 0, HEADER / 4)
  Atomics.store(ctrl, STATE, 1)
  Atomics.notify(ctrl, SEQ)
}

/**
 * Sets the most assistants the team wants (0 … TEAM_SLOTS − 1, at first TEAM_SLOTS − 1): assistants above
 * it leave after their current chunk, and newcomers above it leave at once (the pool wants threads back).
 */
export function setTeamSize(memory: WasmMemory, size: number): void {
  const ctrl = new Int32Array(memory.buffer, 0, HEADER / 4)
  Atomics.store(ctrl, TEAM_SIZE, Math.max(0, Math.min(TEAM_SLOTS - 1, size)))
  Atomics.notify(ctrl, SEQ)
}

/** Whether the team's run ended (endTeam). */
export function teamEnded(memory: WasmMemory): boolean {
  return Atomics.load(new Int32Array(memory.buffer, 0, HEADER / 4), STATE) !== 0
}

/** Chunks run by the team's assistants so far. */
export function teamHelped(memory: WasmMemory): number {
  return Atomics.load(new Int32Array(memory.buffer, 0, HEADER / 4), HELPED)
}

/** Assistants present in the team now. */
export function teamAssistants(memory: WasmMemory): number {
  return Atomics.load(new Int32Array(memory.buffer, 0, HEADER / 4), ASSISTANTS)
}

/**
 * An assistant: claims and runs chunks of the team's rounds until the run ends, the team wants fewer
 * assistants (setTeamSize), or no round comes for IDLE_MS. Returns the number of chunks it ran. Blocks its
 * thread (spinning, then Atomics.wait): run it on a thread that may block, never a browser's main thread.
 */
export function assistKacTeam(memory: WasmMemory): number {
  const ctrl = new Int32Array(memory.buffer, 0, HEADER / 4)
  // join: one more assistant if the team wants one (its size), then a free scratch slot
  for (;;) {
    const a = Atomics.load(ctrl, ASSISTANTS)
    if (Atomics.load(ctrl, STATE) !== 0 || a >= Atomics.load(ctrl, TEAM_SIZE)) return 0
    if (Atomics.compareExchange(ctrl, ASSISTANTS, a, a + 1) === a) break
  }
  let slot = 1
  for (;;) {
    const bits = Atomics.load(ctrl, SLOT_BITS)
    slot = 1
    while (slot < TEAM_SLOTS && bits & (1 << slot)) slot++
    // none free: one that left is still clearing its bit (ASSISTANTS ≤ TEAM_SLOTS − 1 counts us)
    if (slot === TEAM_SLOTS) continue
    if (Atomics.compareExchange(ctrl, SLOT_BITS, bits, bits | (1 << slot)) === bits) break
  }
  let ran = 0
  try {
    const me = member(memory, instantiate(memory), slot)
    let idle = 0
    for (;;) {
      if (Atomics.load(ctrl, STATE) !== 0) break
      // leave if the team has more assistants than it wants (one at a time, by compare-and-swap)
      const a = Atomics.load(ctrl, ASSISTANTS)
      if (a > Atomics.load(ctrl, TEAM_SIZE) && Atomics.compareExchange(ctrl, ASSISTANTS, a, a - 1) === a) {
        slot = -slot
        break
      }
      const seq = Atomics.load(ctrl, SEQ)
      const n = claim(ctrl, Atomics.load(ctrl, CLAIM), false, ASSIST_MOST)
      if (n > 0) {
        runChunks(me, claimed, n)
        Atomics.add(ctrl, HELPED, n)
        Atomics.add(ctrl, DONE, n)
        ran += n
        idle = 0
        continue
      }
      if (n < 0) continue // another thread claimed first: try again
      // Nothing to claim: wait for the next round, spinning first (rounds follow each other within
      // microseconds), then asleep on SEQ (the owner notifies sleepers when it publishes). SEQ was read
      // before CLAIM and the owner bumps it after CLAIM, so no round is missed.
      let spins = 0
      while (spins < SPIN && Atomics.load(ctrl, SEQ) === seq) spins++
      if (spins < SPIN) continue
      Atomics.add(ctrl, SLEEPERS, 1)
      const woke = Atomics.wait(ctrl, SEQ, seq, WAIT_MS)
      Atomics.sub(ctrl, SLEEPERS, 1)
      if (woke === 'timed-out') {
        idle += WAIT_MS
        if (idle >= IDLE_MS) break
      } else idle = 0
    }
  } finally {
    // slot < 0: already counted out (left by TEAM_SIZE)
    if (slot > 0) Atomics.sub(ctrl, ASSISTANTS, 1)
    Atomics.and(ctrl, SLOT_BITS, ~(1 << Math.abs(slot)))
  }
  return ran
}
