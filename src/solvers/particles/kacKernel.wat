;; The Kac all-pairs round kernel (rotation integrator) in WebAssembly SIMD: Philox4x32-10 on four pairs
;; a vector (i32x4, two vectors at a time), Box–Muller with its own log and a table of 64 angles for cos and
;; sin, and the exact rotation on two pairs a vector (f64x2). Source of src/solvers/particles/kacKernel.wasm.ts (`npm run build:wasm`); the
;; unit test test/solvers/particles/kacWasm.test.ts re-assembles this file and checks that the bytes are the
;; committed ones. What it computes, and why the law is that of rotationStep.ts: docs/NUMERICS.md §4.3.
;;
;; One round ($round) is four passes over its pairs (chunk by chunk): $fillRound (the schedule, when it is not given),
;; $philox (uniforms and particle addresses), $normals (Box–Muller), $geometry (the rotation); for γ other
;; than −3 and 0, $powers multiplies ρ by |z|^{γ/2} before $geometry.
;;
;; Memory (offsets chosen by the caller, kacKernel.ts), with count8 = the pair count rounded up to 8:
;;   pairs   u32 (i, j) per pair, room for count8 pairs (+ 8): the tail is padded with copies of the last
;;           pair (a copy computes the same bits from the same inputs and stores them to the same place)
;;   scratch 320 bytes of round keys (round r: k0 + r·W0 and k1 + r·W1, each splat to i32x4), then the
;;           f64 arrays R (u₁, then ρ), C (u₂, then cos θ), S (sin θ) and the u32 arrays AI, AJ (byte
;;           addresses of particles i and j), 256 entries each: $round runs its passes on chunks of
;;           256 pairs; then Box–Muller's table of (cos, sin) of 64 angles (1 KiB, $sincosTable)
;;   v       the velocities, f64 (x, y, z) per particle
;; Every operation is lane-wise and IEEE-754 (no FMA, no relaxed SIMD), so a pair's result does not
;; depend on its lane, on the other pairs of its vector, or on the machine.
(module
  ;; The memory is imported and shared (threads proposal): one realm's kernel instance runs the rounds of
  ;; unsplit runs in a memory of its own; a split run (docs/NUMERICS.md §4.4) gives the module a memory that
  ;; the run's thread and its assistants instantiate it with, each working in its own scratch. Up to 4 GiB.
  (import "env" "memory" (memory 1 65536 shared))

  ;; Constants. V8 loads immutable globals once before a loop (a v128.const inside a loop costs three
  ;; instructions at every use), so every vector constant of the hot loops is a global.
  (global $LOG_HX_BIAS v128 (v128.const i64x2 0x00095f6200000000 0x00095f6200000000))  ;; log: 0x3ff00000 − 0x3fe6a09e in the high word
  (global $LOG_K_BITS v128 (v128.const i64x2 0x4337fffffffffc01 0x4337fffffffffc01))  ;; log: bits of 1.5·2^52 − 1023 (exponent field k + 1023 to the double k)
  (global $ROUND_MAGIC v128 (v128.const f64x2 6755399441055744.0 6755399441055744.0))  ;; 1.5·2^52: x + it has the integer nearest x in its low bits
  (global $MANTISSA v128 (v128.const i64x2 0x000fffffffffffff 0x000fffffffffffff))  ;; the 52 fraction bits
  (global $LOG_SQRT_HALF v128 (v128.const i64x2 0x3fe6a09e00000000 0x3fe6a09e00000000))  ;; log: high word of √2/2
  (global $ONE v128 (v128.const f64x2 1.0 1.0))
  (global $HALF v128 (v128.const f64x2 0.5 0.5))
  (global $TWO v128 (v128.const f64x2 2.0 2.0))
  (global $LG1 v128 (v128.const f64x2 6.666666666666735130e-01 6.666666666666735130e-01))  ;; log: fdlibm/musl Lg1 … Lg7
  (global $LG2 v128 (v128.const f64x2 3.999999999940941908e-01 3.999999999940941908e-01))
  (global $LG3 v128 (v128.const f64x2 2.857142874366239149e-01 2.857142874366239149e-01))
  (global $LG4 v128 (v128.const f64x2 2.222219843214978396e-01 2.222219843214978396e-01))
  (global $LG5 v128 (v128.const f64x2 1.818357216161805012e-01 1.818357216161805012e-01))
  (global $LG6 v128 (v128.const f64x2 1.531383769920937332e-01 1.531383769920937332e-01))
  (global $LG7 v128 (v128.const f64x2 1.479819860511658591e-01 1.479819860511658591e-01))
  (global $LN2_HI v128 (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))  ;; ln 2 = LN2_HI + LN2_LO, LN2_HI with 32 trailing zero bits
  (global $LN2_LO v128 (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10))
  (global $INV_LN2 v128 (v128.const f64x2 1.44269504088896338700 1.44269504088896338700))
  (global $P1 v128 (v128.const f64x2 1.66666666666666019037e-01 1.66666666666666019037e-01))  ;; exp: fdlibm/musl P1 … P5
  (global $P2 v128 (v128.const f64x2 -2.77777777770155933842e-03 -2.77777777770155933842e-03))
  (global $P3 v128 (v128.const f64x2 6.61375632143793436117e-05 6.61375632143793436117e-05))
  (global $P4 v128 (v128.const f64x2 -1.65339022054652515390e-06 -1.65339022054652515390e-06))
  (global $P5 v128 (v128.const f64x2 4.13813679705723846039e-08 4.13813679705723846039e-08))
  (global $EXP_BIAS v128 (v128.const i64x2 1023 1023))
  (global $FOUR v128 (v128.const f64x2 4.0 4.0))
  (global $HALF_PI v128 (v128.const f64x2 1.5707963267948966 1.5707963267948966))  ;; π/2 rounded: a quarter of TWO_PI in normal.ts
  (global $C1 v128 (v128.const f64x2 4.16666666666666019037e-02 4.16666666666666019037e-02))  ;; cos: fdlibm/musl C1 … C6
  (global $C2 v128 (v128.const f64x2 -1.38888888888741095749e-03 -1.38888888888741095749e-03))
  (global $C3 v128 (v128.const f64x2 2.48015872894767294178e-05 2.48015872894767294178e-05))
  (global $C4 v128 (v128.const f64x2 -2.75573143513906633035e-07 -2.75573143513906633035e-07))
  (global $C5 v128 (v128.const f64x2 2.08757232129817482790e-09 2.08757232129817482790e-09))
  (global $C6 v128 (v128.const f64x2 -1.13596475577881948265e-11 -1.13596475577881948265e-11))
  (global $S1 v128 (v128.const f64x2 -1.66666666666666324348e-01 -1.66666666666666324348e-01))  ;; sin: fdlibm/musl S1 … S6
  (global $S2 v128 (v128.const f64x2 8.33333333332248946124e-03 8.33333333332248946124e-03))
  (global $S3 v128 (v128.const f64x2 -1.98412698298579493134e-04 -1.98412698298579493134e-04))
  (global $S4 v128 (v128.const f64x2 2.75573137070700676789e-06 2.75573137070700676789e-06))
  (global $S5 v128 (v128.const f64x2 -2.50507602534068634195e-08 -2.50507602534068634195e-08))
  (global $S6 v128 (v128.const f64x2 1.58969099521155010221e-10 1.58969099521155010221e-10))
  (global $INT_ONE v128 (v128.const i64x2 1 1))
  ;; Box–Muller's angle (cos 2πt, sin 2πt) by the table of $sincosTable: k = nearest(64t), δ = (64t − k)·π/32,
  ;; |δ| ≤ π/64, cos δ and sin δ by their Taylor polynomials (the first term left out is below 5e-18 on it)
  (global $SIXTY_FOUR v128 (v128.const f64x2 64.0 64.0))
  (global $PI_32 v128 (v128.const f64x2 0.09817477042468103 0.09817477042468103))  ;; fl(π)/32 (exact: fl(π)·2^-5)
  (global $TABLE_INDEX v128 (v128.const i64x2 63 63))  ;; k mod 64
  (global $SIN_3 v128 (v128.const f64x2 -0.16666666666666666 -0.16666666666666666))  ;; −1/3!
  (global $SIN_5 v128 (v128.const f64x2 0.008333333333333333 0.008333333333333333))  ;; 1/5!
  (global $SIN_7 v128 (v128.const f64x2 -0.0001984126984126984 -0.0001984126984126984))  ;; −1/7!
  (global $COS_4 v128 (v128.const f64x2 0.041666666666666664 0.041666666666666664))  ;; 1/4!
  (global $COS_6 v128 (v128.const f64x2 -0.001388888888888889 -0.001388888888888889))  ;; −1/6!
  (global $COS_8 v128 (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05))  ;; 1/8!
  (global $MINUS_HALF v128 (v128.const f64x2 -0.5 -0.5))
  (global $SIGN v128 (v128.const i64x2 0x8000000000000000 0x8000000000000000))  ;; the sign bit
  (global $TWO_52 v128 (v128.const f64x2 0x1p52 0x1p52))  ;; 2^52 (also as bits: 0x4330000000000000)
  (global $TWO_52_M1 v128 (v128.const f64x2 4503599627370495.0 4503599627370495.0))  ;; 2^52 − 1
  (global $TWO_26 v128 (v128.const f64x2 67108864.0 67108864.0))  ;; 2^26
  (global $TWO_M53 v128 (v128.const f64x2 1.1102230246251565e-16 1.1102230246251565e-16))  ;; 2^-53
  (global $K_1234 v128 (v128.const i32x4 1 2 3 4))
  (global $INT32_FOUR v128 (v128.const i32x4 4 4 4 4))
  (global $INT32_ZERO v128 (v128.const i32x4 0 0 0 0))
  (global $KICK v128 (v128.const i32x4 0x4b49434b 0x4b49434b 0x4b49434b 0x4b49434b))  ;; counter word 3 of a kick: streams.ts Purpose.KICK
  (global $M0 v128 (v128.const i32x4 0xd2511f53 0xd2511f53 0xd2511f53 0xd2511f53))  ;; Philox4x32 multipliers
  (global $M1 v128 (v128.const i32x4 0xcd9e8d57 0xcd9e8d57 0xcd9e8d57 0xcd9e8d57))
  (global $MINUS_TWO v128 (v128.const f64x2 -2.0 -2.0))
  (global $ZERO v128 (v128.const f64x2 0.0 0.0))
  (global $MAX_K v128 (v128.const f64x2 1e150 1e150))  ;; cap of k (rotationStep.ts takes k² > 1e300 as ∞)
  (global $MAX_W2 v128 (v128.const f64x2 1e300 1e300))  ;; cap of r³ (γ = −3)
  ;; constants of the sbm step (two lanes each; globals, as above)
  (global $SB_2_755731922398589e_7 v128 (v128.const f64x2 2.755731922398589e-7 2.755731922398589e-7))
  (global $SB_0_0000027557319223985893 v128 (v128.const f64x2 0.0000027557319223985893 0.0000027557319223985893))
  (global $SB_0_0000248015873015873 v128 (v128.const f64x2 0.0000248015873015873 0.0000248015873015873))
  (global $SB_0_0001984126984126984 v128 (v128.const f64x2 0.0001984126984126984 0.0001984126984126984))
  (global $SB_0_001388888888888889 v128 (v128.const f64x2 0.001388888888888889 0.001388888888888889))
  (global $SB_0_008333333333333333 v128 (v128.const f64x2 0.008333333333333333 0.008333333333333333))
  (global $SB_0_041666666666666664 v128 (v128.const f64x2 0.041666666666666664 0.041666666666666664))
  (global $SB_0_16666666666666666 v128 (v128.const f64x2 0.16666666666666666 0.16666666666666666))
  (global $SB_0_5 v128 (v128.const f64x2 0.5 0.5))
  (global $SB_1 v128 (v128.const f64x2 1 1))
  (global $SB_65536 v128 (v128.const f64x2 65536 65536))
  (global $SB_1_1368683772161603e_13 v128 (v128.const f64x2 1.1368683772161603e-13 1.1368683772161603e-13))
  (global $SB_2097152 v128 (v128.const f64x2 2097152 2097152))
  (global $SB_2_2737367544323206e_13 v128 (v128.const f64x2 2.2737367544323206e-13 2.2737367544323206e-13))
  (global $SB_0_99999999999 v128 (v128.const f64x2 0.99999999999 0.99999999999))
  (global $SB_0_425 v128 (v128.const f64x2 0.425 0.425))
  (global $SB_0_180625 v128 (v128.const f64x2 0.180625 0.180625))
  (global $SB_3_3871328727963665 v128 (v128.const f64x2 3.3871328727963665 3.3871328727963665))
  (global $SB_133_14166789178438 v128 (v128.const f64x2 133.14166789178438 133.14166789178438))
  (global $SB_1971_5909503065513 v128 (v128.const f64x2 1971.5909503065513 1971.5909503065513))
  (global $SB_13731_69376550946 v128 (v128.const f64x2 13731.69376550946 13731.69376550946))
  (global $SB_45921_95393154987 v128 (v128.const f64x2 45921.95393154987 45921.95393154987))
  (global $SB_67265_7709270087 v128 (v128.const f64x2 67265.7709270087 67265.7709270087))
  (global $SB_33430_57558358813 v128 (v128.const f64x2 33430.57558358813 33430.57558358813))
  (global $SB_2509_0809287301227 v128 (v128.const f64x2 2509.0809287301227 2509.0809287301227))
  (global $SB_42_31333070160091 v128 (v128.const f64x2 42.31333070160091 42.31333070160091))
  (global $SB_687_1870074920579 v128 (v128.const f64x2 687.1870074920579 687.1870074920579))
  (global $SB_5394_196021424751 v128 (v128.const f64x2 5394.196021424751 5394.196021424751))
  (global $SB_21213_794301586597 v128 (v128.const f64x2 21213.794301586597 21213.794301586597))
  (global $SB_39307_89580009271 v128 (v128.const f64x2 39307.89580009271 39307.89580009271))
  (global $SB_28729_085735721943 v128 (v128.const f64x2 28729.085735721943 28729.085735721943))
  (global $SB_5226_495278852854 v128 (v128.const f64x2 5226.495278852854 5226.495278852854))
  (global $SB_0 v128 (v128.const f64x2 0 0))
  (global $SB_nan v128 (v128.const f64x2 nan nan))
  (global $SB_5 v128 (v128.const f64x2 5 5))
  (global $SB_1_6 v128 (v128.const f64x2 1.6 1.6))
  (global $SB_1_4234371107496835 v128 (v128.const f64x2 1.4234371107496835 1.4234371107496835))
  (global $SB_4_630337846156546 v128 (v128.const f64x2 4.630337846156546 4.630337846156546))
  (global $SB_5_769497221460691 v128 (v128.const f64x2 5.769497221460691 5.769497221460691))
  (global $SB_3_6478483247632045 v128 (v128.const f64x2 3.6478483247632045 3.6478483247632045))
  (global $SB_1_2704582524523684 v128 (v128.const f64x2 1.2704582524523684 1.2704582524523684))
  (global $SB_0_2417807251774506 v128 (v128.const f64x2 0.2417807251774506 0.2417807251774506))
  (global $SB_0_022723844989269184 v128 (v128.const f64x2 0.022723844989269184 0.022723844989269184))
  (global $SB_0_0007745450142783414 v128 (v128.const f64x2 0.0007745450142783414 0.0007745450142783414))
  (global $SB_2_053191626637759 v128 (v128.const f64x2 2.053191626637759 2.053191626637759))
  (global $SB_1_6763848301838038 v128 (v128.const f64x2 1.6763848301838038 1.6763848301838038))
  (global $SB_0_6897673349851 v128 (v128.const f64x2 0.6897673349851 0.6897673349851))
  (global $SB_0_14810397642748008 v128 (v128.const f64x2 0.14810397642748008 0.14810397642748008))
  (global $SB_0_015198666563616457 v128 (v128.const f64x2 0.015198666563616457 0.015198666563616457))
  (global $SB_0_0005475938084995345 v128 (v128.const f64x2 0.0005475938084995345 0.0005475938084995345))
  (global $SB_1_0507500716444169e_9 v128 (v128.const f64x2 1.0507500716444169e-9 1.0507500716444169e-9))
  (global $SB_0_6666666666666666 v128 (v128.const f64x2 0.6666666666666666 0.6666666666666666))
  (global $SB_0_022222222222222223 v128 (v128.const f64x2 0.022222222222222223 0.022222222222222223))
  (global $SB_0_08333333333333333 v128 (v128.const f64x2 0.08333333333333333 0.08333333333333333))
  (global $SB_0_014285714285714285 v128 (v128.const f64x2 0.014285714285714285 0.014285714285714285))
  (global $SB__0_0007936507936507937 v128 (v128.const f64x2 -0.0007936507936507937 -0.0007936507936507937))
  (global $SB_2 v128 (v128.const f64x2 2 2))
  (global $SB_0_03333333333333333 v128 (v128.const f64x2 0.03333333333333333 0.03333333333333333))
  (global $SB_3 v128 (v128.const f64x2 3 3))
  (global $SB_0_01 v128 (v128.const f64x2 0.01 0.01))
  (global $SB_0_004 v128 (v128.const f64x2 0.004 0.004))
  (global $SB_1e_12 v128 (v128.const f64x2 1e-12 1e-12))
  (global $SB_4_14 v128 (v128.const f64x2 4.14 4.14))
  (global $SB_1e_14 v128 (v128.const f64x2 1e-14 1e-14))
  (global $SB_6 v128 (v128.const f64x2 6 6))
  (global $SB_12 v128 (v128.const f64x2 12 12))
  (global $SB_2e_15 v128 (v128.const f64x2 2e-15 2e-15))
  (global $SB__4_5 v128 (v128.const f64x2 -4.5 -4.5))
  (global $SB_4_5 v128 (v128.const f64x2 4.5 4.5))
  (global $SB__1 v128 (v128.const f64x2 -1 -1))
  (global $SB_1e_6 v128 (v128.const f64x2 1e-6 1e-6))
  (global $SB_0_1 v128 (v128.const f64x2 0.1 0.1))
  (global $SB__0_0078125 v128 (v128.const f64x2 -0.0078125 -0.0078125))
  (global $SB_0_125 v128 (v128.const f64x2 0.125 0.125))
  (global $SB__0_5 v128 (v128.const f64x2 -0.5 -0.5))
  (global $SB_LOW5 v128 (v128.const i32x4 31 31 31 31))
  (global $SB_LOW16 v128 (v128.const i32x4 0xffff 0xffff 0xffff 0xffff))

  ;; log x for positive normal x, two lanes: musl's log.c (fdlibm's e_log.c algorithm without its
  ;; branches): x = 2^k (1 + f), 1 + f in [√2/2, √2), s = f/(2 + f), log(1 + f) = f − hfsq + s(hfsq + R),
  ;; hfsq = f²/2, R = the minimax polynomial Lg1..Lg7 in s²; error < 1 ulp.
  (func $log (param $x v128) (result v128)
    (local $b v128) (local $dk v128) (local $f v128) (local $hfsq v128) (local $s v128)
    (local $z v128) (local $w v128) (local $r v128)
    ;; high word += 0x3ff00000 − 0x3fe6a09e: the exponent field becomes k + 1023
    (local.set $b (i64x2.add (local.get $x) (global.get $LOG_HX_BIAS)))
    ;; dk = k as a double: the bits of 1.5·2^52 plus the integer k are the double 1.5·2^52 + k
    (local.set $dk (f64x2.sub
      (i64x2.add (i64x2.shr_u (local.get $b) (i32.const 52)) (global.get $LOG_K_BITS))
      (global.get $ROUND_MAGIC)))
    (local.set $f (f64x2.sub
      (i64x2.add
        (v128.and (local.get $b) (global.get $MANTISSA))
        (global.get $LOG_SQRT_HALF))
      (global.get $ONE)))
    (local.set $hfsq (f64x2.mul (f64x2.mul (global.get $HALF) (local.get $f)) (local.get $f)))
    (local.set $s (f64x2.div (local.get $f) (f64x2.add (global.get $TWO) (local.get $f))))
    (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
    (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
    ;; R = t2 + t1, t2 = z(Lg1 + w(Lg3 + w(Lg5 + w Lg7))), t1 = w(Lg2 + w(Lg4 + w Lg6))
    (local.set $r (f64x2.add
      (f64x2.mul (local.get $z)
        (f64x2.add (global.get $LG1)
          (f64x2.mul (local.get $w)
            (f64x2.add (global.get $LG3)
              (f64x2.mul (local.get $w)
                (f64x2.add (global.get $LG5)
                  (f64x2.mul (local.get $w) (global.get $LG7))))))))
      (f64x2.mul (local.get $w)
        (f64x2.add (global.get $LG2)
          (f64x2.mul (local.get $w)
            (f64x2.add (global.get $LG4)
              (f64x2.mul (local.get $w) (global.get $LG6))))))))
    ;; s(hfsq + R) + dk ln2_lo − hfsq + f + dk ln2_hi, left to right (dk ln2_hi is exact)
    (f64x2.add
      (f64x2.add
        (f64x2.sub
          (f64x2.add
            (f64x2.mul (local.get $s) (f64x2.add (local.get $hfsq) (local.get $r)))
            (f64x2.mul (local.get $dk) (global.get $LN2_LO)))
          (local.get $hfsq))
        (local.get $f))
      (f64x2.mul (local.get $dk) (global.get $LN2_HI))))

  ;; e^x for |x| < 708, two lanes: musl's exp.c without its branches: x = k ln2 + r, |r| ≤ ln2/2,
  ;; e^r = 1 + r + r c/(2 − c), c = r − r²(P1 + … + r⁸P5) (minimax), times 2^k built from its bits;
  ;; error < 1 ulp.
  (func $exp (param $x v128) (result v128)
    (local $kf v128) (local $hi v128) (local $lo v128) (local $r v128) (local $xx v128) (local $c v128)
    (local.set $kf (f64x2.nearest (f64x2.mul (local.get $x) (global.get $INV_LN2))))
    (local.set $hi (f64x2.sub (local.get $x)
      (f64x2.mul (local.get $kf) (global.get $LN2_HI))))
    (local.set $lo (f64x2.mul (local.get $kf) (global.get $LN2_LO)))
    (local.set $r (f64x2.sub (local.get $hi) (local.get $lo)))
    (local.set $xx (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $c (f64x2.sub (local.get $r)
      (f64x2.mul (local.get $xx)
        (f64x2.add (global.get $P1)
          (f64x2.mul (local.get $xx)
            (f64x2.add (global.get $P2)
              (f64x2.mul (local.get $xx)
                (f64x2.add (global.get $P3)
                  (f64x2.mul (local.get $xx)
                    (f64x2.add (global.get $P4)
                      (f64x2.mul (local.get $xx) (global.get $P5))))))))))))
    ;; (1 + (r c/(2 − c) − lo + hi)) · 2^k; 2^k has the bits (k + 1023) << 52, and k is the low bits of
    ;; 1.5·2^52 + k
    (f64x2.mul
      (f64x2.add (global.get $ONE)
        (f64x2.add
          (f64x2.sub
            (f64x2.div (f64x2.mul (local.get $r) (local.get $c)) (f64x2.sub (global.get $TWO) (local.get $c)))
            (local.get $lo))
          (local.get $hi)))
      (i64x2.shl
        (i64x2.add (f64x2.add (local.get $kf) (global.get $ROUND_MAGIC)) (global.get $EXP_BIAS))
        (i32.const 52))))

  ;; (cos 2πt, sin 2πt), two lanes, for t a multiple of 2^-53 in [0, 1]: q = nearest(4t), x = t − q/4
  ;; exactly (|x| ≤ 1/8), φ = 2πx rounded once (as (4t − q)·π/2), cos φ and sin φ by musl's __cos and __sin (fdlibm's
  ;; minimax C1..C6 and S1..S6 on |φ| ≤ π/4, < 1 ulp), then the quadrant q by swapping and negating
  ;; (exact). The sbm step's move ($sbmApply) calls it; the rotation step's $normals reads the table of
  ;; $sincosTable instead (fewer operations: a lookup and two short polynomials).
  (func $sincos (param $t v128) (result v128 v128)
    (local $qb v128) (local $p v128) (local $z v128) (local $w v128) (local $r v128)
    (local $hz v128) (local $u v128) (local $c v128) (local $s v128) (local $swap v128)
    ;; qb = 1.5·2^52 + nearest(4t): its low bits are q
    ;; φ = (4t − q)·fl(π/2), which is (t − q/4)·fl(2π) exactly (fl(2π) = 4 fl(π/2); 4t − q is exact)
    (local.set $t (f64x2.mul (local.get $t) (global.get $FOUR)))
    (local.set $qb (f64x2.add (local.get $t) (global.get $ROUND_MAGIC)))
    (local.set $p (f64x2.mul
      (f64x2.sub (local.get $t) (f64x2.sub (local.get $qb) (global.get $ROUND_MAGIC)))
      (global.get $HALF_PI)))
    (local.set $z (f64x2.mul (local.get $p) (local.get $p)))
    (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
    ;; cos φ: r = z(C1 + z(C2 + z C3)) + w²(C4 + z(C5 + z C6)), hz = z/2, u = 1 − hz,
    ;;        cos = u + (((1 − u) − hz) + z r)
    (local.set $r (f64x2.add
      (f64x2.mul (local.get $z)
        (f64x2.add (global.get $C1)
          (f64x2.mul (local.get $z)
            (f64x2.add (global.get $C2)
              (f64x2.mul (local.get $z) (global.get $C3))))))
      (f64x2.mul (f64x2.mul (local.get $w) (local.get $w))
        (f64x2.add (global.get $C4)
          (f64x2.mul (local.get $z)
            (f64x2.add (global.get $C5)
              (f64x2.mul (local.get $z) (global.get $C6))))))))
    (local.set $hz (f64x2.mul (global.get $HALF) (local.get $z)))
    (local.set $u (f64x2.sub (global.get $ONE) (local.get $hz)))
    (local.set $c (f64x2.add (local.get $u)
      (f64x2.add
        (f64x2.sub (f64x2.sub (global.get $ONE) (local.get $u)) (local.get $hz))
        (f64x2.mul (local.get $z) (local.get $r)))))
    ;; sin φ: r = S2 + z(S3 + z S4) + z w (S5 + z S6), sin = φ + (z φ)(S1 + z r)
    (local.set $r (f64x2.add
      (f64x2.add (global.get $S2)
        (f64x2.mul (local.get $z)
          (f64x2.add (global.get $S3)
            (f64x2.mul (local.get $z) (global.get $S4)))))
      (f64x2.mul (f64x2.mul (local.get $z) (local.get $w))
        (f64x2.add (global.get $S5)
          (f64x2.mul (local.get $z) (global.get $S6))))))
    (local.set $s (f64x2.add (local.get $p)
      (f64x2.mul (f64x2.mul (local.get $z) (local.get $p))
        (f64x2.add (global.get $S1)
          (f64x2.mul (local.get $z) (local.get $r))))))
    ;; quadrant: q odd swaps cos and sin; cos changes sign for q ≡ 1, 2 and sin for q ≡ 2, 3 (mod 4),
    ;; i.e. the sign bits are bit 1 of q + 1 and of q
    (local.set $swap (i64x2.eq (v128.and (local.get $qb) (global.get $INT_ONE)) (global.get $INT_ONE)))
    (v128.xor (v128.bitselect (local.get $s) (local.get $c) (local.get $swap))
      (v128.and (i64x2.shl (i64x2.add (local.get $qb) (global.get $INT_ONE)) (i32.const 62))
        (global.get $SIGN)))
    (v128.xor (v128.bitselect (local.get $c) (local.get $s) (local.get $swap))
      (v128.and (i64x2.shl (local.get $qb) (i32.const 62))
        (global.get $SIGN))))

  ;; Round keys of Philox4x32-10 at keys[32r], keys[32r + 16]: (k0 + r·W0, k1 + r·W1) mod 2^32, splat.
  (func $keys (export "keys") (param $keys i32) (param $k0 i32) (param $k1 i32)
    (local $r i32)
    (loop $next
      (v128.store (i32.add (local.get $keys) (i32.shl (local.get $r) (i32.const 5))) (i32x4.splat (local.get $k0)))
      (v128.store offset=16 (i32.add (local.get $keys) (i32.shl (local.get $r) (i32.const 5)))
        (i32x4.splat (local.get $k1)))
      (local.set $k0 (i32.add (local.get $k0) (i32.const 0x9e3779b9)))
      (local.set $k1 (i32.add (local.get $k1) (i32.const 0xbb67ae85)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $r) (i32.const 10)))))

  ;; Philox4x32-10 of the counters (step, i, j, KICK) of `groups` × 8 pairs, as streams.ts' kickBlock (two
  ;; independent sets of four lanes, c and d, so that their rounds overlap); writes the uniforms u₁ of
  ;; words (0, 1) to U1 and u₂ of words (2, 3) to U2 (f64, one per pair); with `raw` ≠ 0 the words themselves,
  ;; of the counters (step, i, j, raw) (the sbm step: KICK for Kac, PAIR for random pairing).
  (func $philox (export "philox") (param $pairs i32) (param $groups i32) (param $keys i32) (param $U1 i32) (param $U2 i32) (param $step i32)
    (param $v i32) (param $AI i32) (param $AJ i32) (param $raw i32)
    (local $g i32) (local $p i32) (local $kp i32) (local $kend i32) (local $o i32) (local $vv v128)
    (local $t i64) (local $ka i32) (local $xv v128) (local $yv v128) (local $bkv v128)
    (local $ac v128) (local $bc v128) (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $loc v128) (local $hic v128)
    (local $ad v128) (local $bd v128) (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128) (local $lod v128) (local $hid v128)
    (local $k0v v128) (local $k1v v128)
    (local.set $kend (i32.add (local.get $keys) (i32.const 320)))
    ;; The first two rounds in closed form. Counter words 0 and 3 are (step, KICK) for every pair, so after
    ;; round 1 words 2 and 3 are the same in every lane: A = hi(step·M0) ^ KICK ^ k1₁, B = lo(step·M0), where
    ;; (k0ᵣ, k1ᵣ) are round r's keys; then round 2 gives word 1 = lo(A·M1) =: Y in every lane, word 0 =
    ;; hi(A·M1) ^ k0₂ ^ (word 1 of round 1) =: X ^ …, and word 2 = hi(·) ^ B ^ k1₂. Only the products that
    ;; involve i or j are computed per lane: 18 of the 20.
    (local.set $t (i64.mul (i64.extend_i32_u (local.get $step)) (i64.const 0xd2511f53)))
    (local.set $ka (i32.xor (i32.xor (i32.wrap_i64 (i64.shr_u (local.get $t) (i64.const 32)))
      (select (local.get $raw) (i32.const 0x4b49434b) (local.get $raw)))
      (i32.load offset=16 (local.get $keys))))
    (local.set $bkv (i32x4.splat (i32.xor (i32.wrap_i64 (local.get $t)) (i32.load offset=48 (local.get $keys)))))
    (local.set $t (i64.mul (i64.extend_i32_u (local.get $ka)) (i64.const 0xcd9e8d57)))
    (local.set $xv
      (i32x4.splat
        (i32.xor (i32.wrap_i64 (i64.shr_u (local.get $t) (i64.const 32))) (i32.load offset=32 (local.get $keys)))))
    (local.set $yv (i32x4.splat (i32.wrap_i64 (local.get $t))))
    (local.set $vv (i32x4.splat (local.get $v)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $g) (local.get $groups)))
        (local.set $p (i32.add (local.get $pairs) (i32.shl (local.get $g) (i32.const 6))))
        (local.set $ac (v128.load offset=0 (local.get $p)))
        (local.set $bc (v128.load offset=16 (local.get $p)))
        (local.set $c1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ac) (local.get $bc)))
        (local.set $c2 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ac) (local.get $bc)))
        ;; byte addresses v + 24 i and v + 24 j of the particles, for $geometry
        (v128.store offset=0 (i32.add (local.get $AI) (i32.shl (local.get $g) (i32.const 5)))
          (i32x4.add (local.get $vv)
            (i32x4.add (i32x4.shl (local.get $c1) (i32.const 4)) (i32x4.shl (local.get $c1) (i32.const 3)))))
        (v128.store offset=0 (i32.add (local.get $AJ) (i32.shl (local.get $g) (i32.const 5)))
          (i32x4.add (local.get $vv)
            (i32x4.add (i32x4.shl (local.get $c2) (i32.const 4)) (i32x4.shl (local.get $c2) (i32.const 3)))))
        (local.set $ad (v128.load offset=32 (local.get $p)))
        (local.set $bd (v128.load offset=48 (local.get $p)))
        (local.set $d1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ad) (local.get $bd)))
        (local.set $d2 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ad) (local.get $bd)))
        ;; byte addresses v + 24 i and v + 24 j of the particles, for $geometry
        (v128.store offset=16 (i32.add (local.get $AI) (i32.shl (local.get $g) (i32.const 5)))
          (i32x4.add (local.get $vv)
            (i32x4.add (i32x4.shl (local.get $d1) (i32.const 4)) (i32x4.shl (local.get $d1) (i32.const 3)))))
        (v128.store offset=16 (i32.add (local.get $AJ) (i32.shl (local.get $g) (i32.const 5)))
          (i32x4.add (local.get $vv)
            (i32x4.add (i32x4.shl (local.get $d2) (i32.const 4)) (i32x4.shl (local.get $d2) (i32.const 3)))))
        (local.set $k0v (v128.load (local.get $keys)))
        ;; rounds 1 and 2 of set c, with (i, j) = (c1, c2) and the lane-independent words precomputed
        (local.set $ac (i64x2.extmul_low_i32x4_u (local.get $c2) (global.get $M1)))
        (local.set $bc (i64x2.extmul_high_i32x4_u (local.get $c2) (global.get $M1)))
        (local.set $c0 (v128.xor (v128.xor
          (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ac) (local.get $bc)) (local.get $c1))
          (local.get $k0v)))
        (local.set $c1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ac) (local.get $bc)))
        (local.set $ac (i64x2.extmul_low_i32x4_u (local.get $c0) (global.get $M0)))
        (local.set $bc (i64x2.extmul_high_i32x4_u (local.get $c0) (global.get $M0)))
        (local.set $c0 (v128.xor (local.get $xv) (local.get $c1)))
        (local.set $c1 (local.get $yv))
        (local.set $c2 (v128.xor
          (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ac) (local.get $bc)) (local.get $bkv)))
        (local.set $c3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ac) (local.get $bc)))
        ;; rounds 1 and 2 of set d, with (i, j) = (d1, d2) and the lane-independent words precomputed
        (local.set $ad (i64x2.extmul_low_i32x4_u (local.get $d2) (global.get $M1)))
        (local.set $bd (i64x2.extmul_high_i32x4_u (local.get $d2) (global.get $M1)))
        (local.set $d0 (v128.xor (v128.xor
          (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ad) (local.get $bd)) (local.get $d1))
          (local.get $k0v)))
        (local.set $d1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ad) (local.get $bd)))
        (local.set $ad (i64x2.extmul_low_i32x4_u (local.get $d0) (global.get $M0)))
        (local.set $bd (i64x2.extmul_high_i32x4_u (local.get $d0) (global.get $M0)))
        (local.set $d0 (v128.xor (local.get $xv) (local.get $d1)))
        (local.set $d1 (local.get $yv))
        (local.set $d2 (v128.xor
          (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ad) (local.get $bd)) (local.get $bkv)))
        (local.set $d3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ad) (local.get $bd)))
        (local.set $kp (i32.add (local.get $keys) (i32.const 64)))
        (loop $round
          ;; rounds 3 … 10: per set, c0·M0 and c2·M1 as four 64-bit products each (extmul of lanes 0, 1 and
          ;; 2, 3), hi = their odd words, lo = their even words; then
          ;; (c0, c1, c2, c3) ← (hi(c2·M1) ^ c1 ^ k0, lo(c2·M1), hi(c0·M0) ^ c3 ^ k1, lo(c0·M0))
          (local.set $k0v (v128.load (local.get $kp)))
          (local.set $k1v (v128.load offset=16 (local.get $kp)))
          (local.set $ac (i64x2.extmul_low_i32x4_u (local.get $c0) (global.get $M0)))
          (local.set $bc (i64x2.extmul_high_i32x4_u (local.get $c0) (global.get $M0)))
          (local.set $hic (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ac) (local.get $bc)))
          (local.set $loc (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ac) (local.get $bc)))
          (local.set $ac (i64x2.extmul_low_i32x4_u (local.get $c2) (global.get $M1)))
          (local.set $bc (i64x2.extmul_high_i32x4_u (local.get $c2) (global.get $M1)))
          (local.set $c0 (v128.xor
            (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ac) (local.get $bc))
              (local.get $c1))
            (local.get $k0v)))
          (local.set $c1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ac) (local.get $bc)))
          (local.set $c2 (v128.xor (v128.xor (local.get $hic) (local.get $c3)) (local.get $k1v)))
          (local.set $c3 (local.get $loc))
          (local.set $ad (i64x2.extmul_low_i32x4_u (local.get $d0) (global.get $M0)))
          (local.set $bd (i64x2.extmul_high_i32x4_u (local.get $d0) (global.get $M0)))
          (local.set $hid (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ad) (local.get $bd)))
          (local.set $lod (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ad) (local.get $bd)))
          (local.set $ad (i64x2.extmul_low_i32x4_u (local.get $d2) (global.get $M1)))
          (local.set $bd (i64x2.extmul_high_i32x4_u (local.get $d2) (global.get $M1)))
          (local.set $d0 (v128.xor
            (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ad) (local.get $bd))
              (local.get $d1))
            (local.get $k0v)))
          (local.set $d1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ad) (local.get $bd)))
          (local.set $d2 (v128.xor (v128.xor (local.get $hid) (local.get $d3)) (local.get $k1v)))
          (local.set $d3 (local.get $lod))
          (local.set $kp (i32.add (local.get $kp) (i32.const 32)))
          (br_if $round (i32.lt_u (local.get $kp) (local.get $kend))))
        (if (local.get $raw)
          (then
            ;; raw words for the sbm step: U1 ← words 0, 1 and U2 ← words 2, 3, each as (set c, set d) of
            ;; four lanes: pair 8g + 4s + l has word 0 at U1 + 64g + 32s + 4l and word 1 sixteen bytes on
            (local.set $o (i32.shl (local.get $g) (i32.const 6)))
            (v128.store offset=0 (i32.add (local.get $U1) (local.get $o)) (local.get $c0))
            (v128.store offset=16 (i32.add (local.get $U1) (local.get $o)) (local.get $c1))
            (v128.store offset=32 (i32.add (local.get $U1) (local.get $o)) (local.get $d0))
            (v128.store offset=48 (i32.add (local.get $U1) (local.get $o)) (local.get $d1))
            (v128.store offset=0 (i32.add (local.get $U2) (local.get $o)) (local.get $c2))
            (v128.store offset=16 (i32.add (local.get $U2) (local.get $o)) (local.get $c3))
            (v128.store offset=32 (i32.add (local.get $U2) (local.get $o)) (local.get $d2))
            (v128.store offset=48 (i32.add (local.get $U2) (local.get $o)) (local.get $d3))
            (local.set $g (i32.add (local.get $g) (i32.const 1)))
            (br $next)))
        ;; the uniforms of normal.ts' uniform53, (floor(hi/2^5)·2^26 + floor(lo/2^6) + 1)·2^-53 of the words
        ;; (hi, lo) = (0, 1) for u₁ and (2, 3) for u₂. A word w < 2^32 becomes the double w by the bits
        ;; 2^52 + w minus 2^52 (minus 2^52 − 1 gives w + 1); every operation is exact, so these are the
        ;; bits of uniform53.
        (local.set $o (i32.shl (local.get $g) (i32.const 6)))
        (local.set $c0 (i32x4.shr_u (local.get $c0) (i32.const 5)))
        (local.set $c1 (i32x4.shr_u (local.get $c1) (i32.const 6)))
        (local.set $c2 (i32x4.shr_u (local.get $c2) (i32.const 5)))
        (local.set $c3 (i32x4.shr_u (local.get $c3) (i32.const 6)))
        (local.set $d0 (i32x4.shr_u (local.get $d0) (i32.const 5)))
        (local.set $d1 (i32x4.shr_u (local.get $d1) (i32.const 6)))
        (local.set $d2 (i32x4.shr_u (local.get $d2) (i32.const 5)))
        (local.set $d3 (i32x4.shr_u (local.get $d3) (i32.const 6)))
        (v128.store offset=0 (i32.add (local.get $U1) (local.get $o))
          (f64x2.mul
            (f64x2.add
              (f64x2.mul
                (f64x2.sub (v128.or (i64x2.extend_low_i32x4_u (local.get $c0)) (global.get $TWO_52))
                  (global.get $TWO_52))
                (global.get $TWO_26))
              (f64x2.sub (v128.or (i64x2.extend_low_i32x4_u (local.get $c1)) (global.get $TWO_52))
                (global.get $TWO_52_M1)))
            (global.get $TWO_M53)))
        (v128.store offset=16 (i32.add (local.get $U1) (local.get $o))
          (f64x2.mul
            (f64x2.add
              (f64x2.mul
                (f64x2.sub (v128.or (i64x2.extend_high_i32x4_u (local.get $c0)) (global.get $TWO_52))
                  (global.get $TWO_52))
                (global.get $TWO_26))
              (f64x2.sub (v128.or (i64x2.extend_high_i32x4_u (local.get $c1)) (global.get $TWO_52))
                (global.get $TWO_52_M1)))
            (global.get $TWO_M53)))
        (v128.store offset=0 (i32.add (local.get $U2) (local.get $o))
          (f64x2.mul
            (f64x2.add
              (f64x2.mul
                (f64x2.sub (v128.or (i64x2.extend_low_i32x4_u (local.get $c2)) (global.get $TWO_52))
                  (global.get $TWO_52))
                (global.get $TWO_26))
              (f64x2.sub (v128.or (i64x2.extend_low_i32x4_u (local.get $c3)) (global.get $TWO_52))
                (global.get $TWO_52_M1)))
            (global.get $TWO_M53)))
        (v128.store offset=16 (i32.add (local.get $U2) (local.get $o))
          (f64x2.mul
            (f64x2.add
              (f64x2.mul
                (f64x2.sub (v128.or (i64x2.extend_high_i32x4_u (local.get $c2)) (global.get $TWO_52))
                  (global.get $TWO_52))
                (global.get $TWO_26))
              (f64x2.sub (v128.or (i64x2.extend_high_i32x4_u (local.get $c3)) (global.get $TWO_52))
                (global.get $TWO_52_M1)))
            (global.get $TWO_M53)))
        (v128.store offset=32 (i32.add (local.get $U1) (local.get $o))
          (f64x2.mul
            (f64x2.add
              (f64x2.mul
                (f64x2.sub (v128.or (i64x2.extend_low_i32x4_u (local.get $d0)) (global.get $TWO_52))
                  (global.get $TWO_52))
                (global.get $TWO_26))
              (f64x2.sub (v128.or (i64x2.extend_low_i32x4_u (local.get $d1)) (global.get $TWO_52))
                (global.get $TWO_52_M1)))
            (global.get $TWO_M53)))
        (v128.store offset=48 (i32.add (local.get $U1) (local.get $o))
          (f64x2.mul
            (f64x2.add
              (f64x2.mul
                (f64x2.sub (v128.or (i64x2.extend_high_i32x4_u (local.get $d0)) (global.get $TWO_52))
                  (global.get $TWO_52))
                (global.get $TWO_26))
              (f64x2.sub (v128.or (i64x2.extend_high_i32x4_u (local.get $d1)) (global.get $TWO_52))
                (global.get $TWO_52_M1)))
            (global.get $TWO_M53)))
        (v128.store offset=32 (i32.add (local.get $U2) (local.get $o))
          (f64x2.mul
            (f64x2.add
              (f64x2.mul
                (f64x2.sub (v128.or (i64x2.extend_low_i32x4_u (local.get $d2)) (global.get $TWO_52))
                  (global.get $TWO_52))
                (global.get $TWO_26))
              (f64x2.sub (v128.or (i64x2.extend_low_i32x4_u (local.get $d3)) (global.get $TWO_52))
                (global.get $TWO_52_M1)))
            (global.get $TWO_M53)))
        (v128.store offset=48 (i32.add (local.get $U2) (local.get $o))
          (f64x2.mul
            (f64x2.add
              (f64x2.mul
                (f64x2.sub (v128.or (i64x2.extend_high_i32x4_u (local.get $d2)) (global.get $TWO_52))
                  (global.get $TWO_52))
                (global.get $TWO_26))
              (f64x2.sub (v128.or (i64x2.extend_high_i32x4_u (local.get $d3)) (global.get $TWO_52))
                (global.get $TWO_52_M1)))
            (global.get $TWO_M53)))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $next))))

  ;; (cos 2πk/64, sin 2πk/64) for k = 0 … 63 at tab + 16k (1 KiB), each correctly rounded (computed to 60
  ;; digits; test/solvers/particles/kacWasm.test.ts checks every entry against BigInt arithmetic), so the
  ;; multiples of π/2 are exact. Written by $round into its scratch before its chunks (64 stores a round).
  (func $sincosTable (export "sincosTable") (param $tab i32)
    (v128.store offset=0 (local.get $tab) (v128.const f64x2 1.0 0.0))  ;; k = 0
    (v128.store offset=16 (local.get $tab) (v128.const f64x2 0.9951847266721969 0.0980171403295606))  ;; k = 1
    (v128.store offset=32 (local.get $tab) (v128.const f64x2 0.9807852804032304 0.19509032201612828))  ;; k = 2
    (v128.store offset=48 (local.get $tab) (v128.const f64x2 0.9569403357322088 0.2902846772544624))  ;; k = 3
    (v128.store offset=64 (local.get $tab) (v128.const f64x2 0.9238795325112867 0.3826834323650898))  ;; k = 4
    (v128.store offset=80 (local.get $tab) (v128.const f64x2 0.881921264348355 0.47139673682599764))  ;; k = 5
    (v128.store offset=96 (local.get $tab) (v128.const f64x2 0.8314696123025452 0.5555702330196022))  ;; k = 6
    (v128.store offset=112 (local.get $tab) (v128.const f64x2 0.773010453362737 0.6343932841636455))  ;; k = 7
    (v128.store offset=128 (local.get $tab) (v128.const f64x2 0.7071067811865476 0.7071067811865476))  ;; k = 8
    (v128.store offset=144 (local.get $tab) (v128.const f64x2 0.6343932841636455 0.773010453362737))  ;; k = 9
    (v128.store offset=160 (local.get $tab) (v128.const f64x2 0.5555702330196022 0.8314696123025452))  ;; k = 10
    (v128.store offset=176 (local.get $tab) (v128.const f64x2 0.47139673682599764 0.881921264348355))  ;; k = 11
    (v128.store offset=192 (local.get $tab) (v128.const f64x2 0.3826834323650898 0.9238795325112867))  ;; k = 12
    (v128.store offset=208 (local.get $tab) (v128.const f64x2 0.2902846772544624 0.9569403357322088))  ;; k = 13
    (v128.store offset=224 (local.get $tab) (v128.const f64x2 0.19509032201612828 0.9807852804032304))  ;; k = 14
    (v128.store offset=240 (local.get $tab) (v128.const f64x2 0.0980171403295606 0.9951847266721969))  ;; k = 15
    (v128.store offset=256 (local.get $tab) (v128.const f64x2 0.0 1.0))  ;; k = 16
    (v128.store offset=272 (local.get $tab) (v128.const f64x2 -0.0980171403295606 0.9951847266721969))  ;; k = 17
    (v128.store offset=288 (local.get $tab) (v128.const f64x2 -0.19509032201612828 0.9807852804032304))  ;; k = 18
    (v128.store offset=304 (local.get $tab) (v128.const f64x2 -0.2902846772544624 0.9569403357322088))  ;; k = 19
    (v128.store offset=320 (local.get $tab) (v128.const f64x2 -0.3826834323650898 0.9238795325112867))  ;; k = 20
    (v128.store offset=336 (local.get $tab) (v128.const f64x2 -0.47139673682599764 0.881921264348355))  ;; k = 21
    (v128.store offset=352 (local.get $tab) (v128.const f64x2 -0.5555702330196022 0.8314696123025452))  ;; k = 22
    (v128.store offset=368 (local.get $tab) (v128.const f64x2 -0.6343932841636455 0.773010453362737))  ;; k = 23
    (v128.store offset=384 (local.get $tab) (v128.const f64x2 -0.7071067811865476 0.7071067811865476))  ;; k = 24
    (v128.store offset=400 (local.get $tab) (v128.const f64x2 -0.773010453362737 0.6343932841636455))  ;; k = 25
    (v128.store offset=416 (local.get $tab) (v128.const f64x2 -0.8314696123025452 0.5555702330196022))  ;; k = 26
    (v128.store offset=432 (local.get $tab) (v128.const f64x2 -0.881921264348355 0.47139673682599764))  ;; k = 27
    (v128.store offset=448 (local.get $tab) (v128.const f64x2 -0.9238795325112867 0.3826834323650898))  ;; k = 28
    (v128.store offset=464 (local.get $tab) (v128.const f64x2 -0.9569403357322088 0.2902846772544624))  ;; k = 29
    (v128.store offset=480 (local.get $tab) (v128.const f64x2 -0.9807852804032304 0.19509032201612828))  ;; k = 30
    (v128.store offset=496 (local.get $tab) (v128.const f64x2 -0.9951847266721969 0.0980171403295606))  ;; k = 31
    (v128.store offset=512 (local.get $tab) (v128.const f64x2 -1.0 0.0))  ;; k = 32
    (v128.store offset=528 (local.get $tab) (v128.const f64x2 -0.9951847266721969 -0.0980171403295606))  ;; k = 33
    (v128.store offset=544 (local.get $tab) (v128.const f64x2 -0.9807852804032304 -0.19509032201612828))  ;; k = 34
    (v128.store offset=560 (local.get $tab) (v128.const f64x2 -0.9569403357322088 -0.2902846772544624))  ;; k = 35
    (v128.store offset=576 (local.get $tab) (v128.const f64x2 -0.9238795325112867 -0.3826834323650898))  ;; k = 36
    (v128.store offset=592 (local.get $tab) (v128.const f64x2 -0.881921264348355 -0.47139673682599764))  ;; k = 37
    (v128.store offset=608 (local.get $tab) (v128.const f64x2 -0.8314696123025452 -0.5555702330196022))  ;; k = 38
    (v128.store offset=624 (local.get $tab) (v128.const f64x2 -0.773010453362737 -0.6343932841636455))  ;; k = 39
    (v128.store offset=640 (local.get $tab) (v128.const f64x2 -0.7071067811865476 -0.7071067811865476))  ;; k = 40
    (v128.store offset=656 (local.get $tab) (v128.const f64x2 -0.6343932841636455 -0.773010453362737))  ;; k = 41
    (v128.store offset=672 (local.get $tab) (v128.const f64x2 -0.5555702330196022 -0.8314696123025452))  ;; k = 42
    (v128.store offset=688 (local.get $tab) (v128.const f64x2 -0.47139673682599764 -0.881921264348355))  ;; k = 43
    (v128.store offset=704 (local.get $tab) (v128.const f64x2 -0.3826834323650898 -0.9238795325112867))  ;; k = 44
    (v128.store offset=720 (local.get $tab) (v128.const f64x2 -0.2902846772544624 -0.9569403357322088))  ;; k = 45
    (v128.store offset=736 (local.get $tab) (v128.const f64x2 -0.19509032201612828 -0.9807852804032304))  ;; k = 46
    (v128.store offset=752 (local.get $tab) (v128.const f64x2 -0.0980171403295606 -0.9951847266721969))  ;; k = 47
    (v128.store offset=768 (local.get $tab) (v128.const f64x2 0.0 -1.0))  ;; k = 48
    (v128.store offset=784 (local.get $tab) (v128.const f64x2 0.0980171403295606 -0.9951847266721969))  ;; k = 49
    (v128.store offset=800 (local.get $tab) (v128.const f64x2 0.19509032201612828 -0.9807852804032304))  ;; k = 50
    (v128.store offset=816 (local.get $tab) (v128.const f64x2 0.2902846772544624 -0.9569403357322088))  ;; k = 51
    (v128.store offset=832 (local.get $tab) (v128.const f64x2 0.3826834323650898 -0.9238795325112867))  ;; k = 52
    (v128.store offset=848 (local.get $tab) (v128.const f64x2 0.47139673682599764 -0.881921264348355))  ;; k = 53
    (v128.store offset=864 (local.get $tab) (v128.const f64x2 0.5555702330196022 -0.8314696123025452))  ;; k = 54
    (v128.store offset=880 (local.get $tab) (v128.const f64x2 0.6343932841636455 -0.773010453362737))  ;; k = 55
    (v128.store offset=896 (local.get $tab) (v128.const f64x2 0.7071067811865476 -0.7071067811865476))  ;; k = 56
    (v128.store offset=912 (local.get $tab) (v128.const f64x2 0.773010453362737 -0.6343932841636455))  ;; k = 57
    (v128.store offset=928 (local.get $tab) (v128.const f64x2 0.8314696123025452 -0.5555702330196022))  ;; k = 58
    (v128.store offset=944 (local.get $tab) (v128.const f64x2 0.881921264348355 -0.47139673682599764))  ;; k = 59
    (v128.store offset=960 (local.get $tab) (v128.const f64x2 0.9238795325112867 -0.3826834323650898))  ;; k = 60
    (v128.store offset=976 (local.get $tab) (v128.const f64x2 0.9569403357322088 -0.2902846772544624))  ;; k = 61
    (v128.store offset=992 (local.get $tab) (v128.const f64x2 0.9807852804032304 -0.19509032201612828))  ;; k = 62
    (v128.store offset=1008 (local.get $tab) (v128.const f64x2 0.9951847266721969 -0.0980171403295606))  ;; k = 63
  )

  ;; Box–Muller, in place on `vectors` × 2 entries: R ← ρ = √(−2 log u₁), (C, S) ← (cos θ, sin θ), θ = 2πu₂,
  ;; with the table of $sincosTable at `tab`. The body of $log is copied in (V8 does not inline calls, and a
  ;; call costs as much as the work here); test/solvers/particles/kacWasm.test.ts checks both copies.
  (func $normals (export "normals") (param $R i32) (param $C i32) (param $S i32) (param $vectors i32) (param $tab i32)
    (local $o i32) (local $end i32) (local $x v128)
    (local $b v128) (local $dk v128) (local $f v128) (local $hfsq v128) (local $s v128) (local $z v128) (local $w v128) (local $r v128)
    (local $qb v128) (local $p v128) (local $c v128) (local $t0 v128) (local $t1 v128) (local $ck v128) (local $sk v128)
    (local.set $end (i32.shl (local.get $vectors) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        ;; ρ = √(−2 log u₁), log as in $log
        (local.set $x (v128.load (i32.add (local.get $R) (local.get $o))))
        ;; high word += 0x3ff00000 − 0x3fe6a09e: the exponent field becomes k + 1023
        (local.set $b (i64x2.add (local.get $x) (global.get $LOG_HX_BIAS)))
        ;; dk = k as a double: the bits of 1.5·2^52 plus the integer k are the double 1.5·2^52 + k
        (local.set $dk (f64x2.sub
          (i64x2.add (i64x2.shr_u (local.get $b) (i32.const 52)) (global.get $LOG_K_BITS))
          (global.get $ROUND_MAGIC)))
        (local.set $f (f64x2.sub
          (i64x2.add
            (v128.and (local.get $b) (global.get $MANTISSA))
            (global.get $LOG_SQRT_HALF))
          (global.get $ONE)))
        (local.set $hfsq (f64x2.mul (f64x2.mul (global.get $HALF) (local.get $f)) (local.get $f)))
        (local.set $s (f64x2.div (local.get $f) (f64x2.add (global.get $TWO) (local.get $f))))
        (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
        (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
        ;; R = t2 + t1, t2 = z(Lg1 + w(Lg3 + w(Lg5 + w Lg7))), t1 = w(Lg2 + w(Lg4 + w Lg6))
        (local.set $r (f64x2.add
          (f64x2.mul (local.get $z)
            (f64x2.add (global.get $LG1)
              (f64x2.mul (local.get $w)
                (f64x2.add (global.get $LG3)
                  (f64x2.mul (local.get $w)
                    (f64x2.add (global.get $LG5)
                      (f64x2.mul (local.get $w) (global.get $LG7))))))))
          (f64x2.mul (local.get $w)
            (f64x2.add (global.get $LG2)
              (f64x2.mul (local.get $w)
                (f64x2.add (global.get $LG4)
                  (f64x2.mul (local.get $w) (global.get $LG6))))))))
        ;; s(hfsq + R) + dk ln2_lo − hfsq + f + dk ln2_hi, left to right (dk ln2_hi is exact)
        (local.set $x
        (f64x2.add
          (f64x2.add
            (f64x2.sub
              (f64x2.add
                (f64x2.mul (local.get $s) (f64x2.add (local.get $hfsq) (local.get $r)))
                (f64x2.mul (local.get $dk) (global.get $LN2_LO)))
              (local.get $hfsq))
            (local.get $f))
          (f64x2.mul (local.get $dk) (global.get $LN2_HI))))
        (v128.store (i32.add (local.get $R) (local.get $o))
          (f64x2.sqrt (f64x2.mul (global.get $MINUS_TWO) (local.get $x))))
        ;; (cos 2πu₂, sin 2πu₂) = (cos(φₖ + δ), sin(φₖ + δ)), φₖ = 2πk/64, k = nearest(64u₂), δ = 2π(u₂ − k/64):
        ;; qb = 1.5·2^52 + k (its low bits are k); 64u₂ − k is exact (u₂ lies on the 2^-53 grid) and
        ;; δ = (64u₂ − k)·fl(π/32) is rounded once, |δ| ≤ π/64
        (local.set $x (f64x2.mul (v128.load (i32.add (local.get $C) (local.get $o))) (global.get $SIXTY_FOUR)))
        (local.set $qb (f64x2.add (local.get $x) (global.get $ROUND_MAGIC)))
        (local.set $p (f64x2.mul
          (f64x2.sub (local.get $x) (f64x2.sub (local.get $qb) (global.get $ROUND_MAGIC)))
          (global.get $PI_32)))
        (local.set $z (f64x2.mul (local.get $p) (local.get $p)))
        ;; sin δ = δ + δz(−1/3! + z(1/5! − z/7!)), cos δ = 1 + z(−1/2 + z(1/4! + z(−1/6! + z/8!))), z = δ²
        (local.set $s (f64x2.add (local.get $p)
          (f64x2.mul (f64x2.mul (local.get $p) (local.get $z))
            (f64x2.add (global.get $SIN_3)
              (f64x2.mul (local.get $z)
                (f64x2.add (global.get $SIN_5) (f64x2.mul (local.get $z) (global.get $SIN_7))))))))
        (local.set $c (f64x2.add (global.get $ONE)
          (f64x2.mul (local.get $z)
            (f64x2.add (global.get $MINUS_HALF)
              (f64x2.mul (local.get $z)
                (f64x2.add (global.get $COS_4)
                  (f64x2.mul (local.get $z)
                    (f64x2.add (global.get $COS_6) (f64x2.mul (local.get $z) (global.get $COS_8))))))))))
        ;; the entries (cos φₖ, sin φₖ) of the two lanes (k = 64 is k = 0), regrouped as (cos, cos), (sin, sin)
        (local.set $qb (i64x2.shl (v128.and (local.get $qb) (global.get $TABLE_INDEX)) (i32.const 4)))
        (local.set $t0
          (v128.load (i32.add (local.get $tab) (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $qb))))))
        (local.set $t1
          (v128.load (i32.add (local.get $tab) (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $qb))))))
        (local.set $ck (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
        (local.set $sk (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
        ;; the sum formulas; δ = 0 gives the entry itself
        (v128.store (i32.add (local.get $C) (local.get $o))
          (f64x2.sub (f64x2.mul (local.get $ck) (local.get $c)) (f64x2.mul (local.get $sk) (local.get $s))))
        (v128.store (i32.add (local.get $S) (local.get $o))
          (f64x2.add (f64x2.mul (local.get $sk) (local.get $c)) (f64x2.mul (local.get $ck) (local.get $s))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))

  ;; For γ ∉ {−3, 0}: R ← ρ·|z|^{γ/2} = ρ e^{(γ/2) log r} for the `groups` × 2 pairs (r as in $geometry;
  ;; the pairs of a round are disjoint, so r is the same before and during the round's updates).
  (func $powers (param $v i32) (param $pairs i32) (param $groups i32) (param $R i32) (param $hg f64)
    (local $g i32) (local $pp i32) (local $ai0 i32) (local $ai1 i32) (local $aj0 i32) (local $aj1 i32)
    (local $z0 v128) (local $z1 v128) (local $z2 v128) (local $r v128) (local $hgv v128)
    (local.set $hgv (f64x2.splat (local.get $hg)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $g) (local.get $groups)))
        (local.set $pp (i32.add (local.get $pairs) (i32.shl (local.get $g) (i32.const 4))))
        (local.set $ai0 (i32.add (local.get $v) (i32.mul (i32.load (local.get $pp)) (i32.const 24))))
        (local.set $aj0 (i32.add (local.get $v) (i32.mul (i32.load offset=4 (local.get $pp)) (i32.const 24))))
        (local.set $ai1 (i32.add (local.get $v) (i32.mul (i32.load offset=8 (local.get $pp)) (i32.const 24))))
        (local.set $aj1 (i32.add (local.get $v) (i32.mul (i32.load offset=12 (local.get $pp)) (i32.const 24))))
        (local.set $z0 (f64x2.sub
          (v128.load64_lane 1 (local.get $ai1) (v128.load64_zero (local.get $ai0)))
          (v128.load64_lane 1 (local.get $aj1) (v128.load64_zero (local.get $aj0)))))
        (local.set $z1 (f64x2.sub
          (v128.load64_lane offset=8 1 (local.get $ai1) (v128.load64_zero offset=8 (local.get $ai0)))
          (v128.load64_lane offset=8 1 (local.get $aj1) (v128.load64_zero offset=8 (local.get $aj0)))))
        (local.set $z2 (f64x2.sub
          (v128.load64_lane offset=16 1 (local.get $ai1) (v128.load64_zero offset=16 (local.get $ai0)))
          (v128.load64_lane offset=16 1 (local.get $aj1) (v128.load64_zero offset=16 (local.get $aj0)))))
        (local.set $r (f64x2.sqrt (f64x2.add
          (f64x2.add (f64x2.mul (local.get $z0) (local.get $z0)) (f64x2.mul (local.get $z1) (local.get $z1)))
          (f64x2.mul (local.get $z2) (local.get $z2)))))
        (v128.store (i32.add (local.get $R) (i32.shl (local.get $g) (i32.const 4)))
          (f64x2.mul (v128.load (i32.add (local.get $R) (i32.shl (local.get $g) (i32.const 4))))
            (call $exp (f64x2.mul (local.get $hgv) (call $log (local.get $r))))))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $next))))

  ;; The pair step of rotationStep.ts on `groups` × 2 pairs at the byte addresses AI, AJ, with (ρ, cos θ,
  ;; sin θ) from R, C, S. mode 0: γ = −3, |z|^{γ/2} = r^{-3/2} enters below; otherwise R holds ρ|z|^{γ/2}.
  (func $geometry (param $AI i32) (param $AJ i32) (param $groups i32) (param $R i32) (param $C i32) (param $S i32)
    (param $kappa f64) (param $mode i32)
    (local $g i32) (local $pp i32) (local $o i32) (local $ai0 i32) (local $ai1 i32) (local $aj0 i32) (local $aj1 i32)
    (local $xi0 v128) (local $xi1 v128) (local $xi2 v128) (local $xj0 v128) (local $xj1 v128) (local $xj2 v128)
    (local $z0 v128) (local $z1 v128) (local $z2 v128) (local $q0 v128) (local $q1 v128) (local $r2 v128) (local $r v128)
    (local $k v128) (local $k2 v128) (local $q v128) (local $q1p v128) (local $dh v128) (local $hc v128) (local $hs v128)
    (local $skip v128) (local $sg v128) (local $sr v128) (local $dp v128) (local $c v128) (local $s v128)
    (local $csg v128) (local $b v128) (local $hb v128) (local $t v128) (local $d0 v128) (local $d1 v128) (local $d2 v128)
    (local $kap v128) (local $w v128) (local $w2 v128)
    (local.set $kap (f64x2.splat (local.get $kappa)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $g) (local.get $groups)))
        (local.set $pp (i32.shl (local.get $g) (i32.const 3)))
        (local.set $ai0 (i32.load (i32.add (local.get $AI) (local.get $pp))))
        (local.set $ai1 (i32.load offset=4 (i32.add (local.get $AI) (local.get $pp))))
        (local.set $aj0 (i32.load (i32.add (local.get $AJ) (local.get $pp))))
        (local.set $aj1 (i32.load offset=4 (i32.add (local.get $AJ) (local.get $pp))))
        (local.set $xi0 (v128.load64_lane 1 (local.get $ai1) (v128.load64_zero (local.get $ai0))))
        (local.set $xi1 (v128.load64_lane offset=8 1 (local.get $ai1) (v128.load64_zero offset=8 (local.get $ai0))))
        (local.set $xi2 (v128.load64_lane offset=16 1 (local.get $ai1) (v128.load64_zero offset=16 (local.get $ai0))))
        (local.set $xj0 (v128.load64_lane 1 (local.get $aj1) (v128.load64_zero (local.get $aj0))))
        (local.set $xj1 (v128.load64_lane offset=8 1 (local.get $aj1) (v128.load64_zero offset=8 (local.get $aj0))))
        (local.set $xj2 (v128.load64_lane offset=16 1 (local.get $aj1) (v128.load64_zero offset=16 (local.get $aj0))))
        (local.set $z0 (f64x2.sub (local.get $xi0) (local.get $xj0)))
        (local.set $z1 (f64x2.sub (local.get $xi1) (local.get $xj1)))
        (local.set $z2 (f64x2.sub (local.get $xi2) (local.get $xj2)))
        (local.set $q0 (f64x2.mul (local.get $z0) (local.get $z0)))
        (local.set $q1 (f64x2.mul (local.get $z1) (local.get $z1)))
        (local.set $r2
          (f64x2.add (f64x2.add (local.get $q0) (local.get $q1)) (f64x2.mul (local.get $z2) (local.get $z2))))
        ;; σ(0) = 0: a lane with |z|² = 0 gets d = 0 (its arithmetic below gives NaN, masked at the end)
        (local.set $skip (f64x2.eq (local.get $r2) (global.get $ZERO)))
        (local.set $r (f64x2.sqrt (local.get $r2)))
        (local.set $o (i32.shl (local.get $g) (i32.const 4)))
        ;; a = κρ (γ = −3) or κρ|z|^{γ/2} = k (R holds ρ|z|^{γ/2} then; h = 1 for γ = 0), capped at 1e150
        (local.set $k
          (f64x2.pmin (f64x2.mul (local.get $kap) (v128.load (i32.add (local.get $R) (local.get $o))))
            (global.get $MAX_K)))
        ;; r e = c (r e₁) + s (r e₂), Duff's basis written in z: sg = sign z₂ (+1 for ±0), D = 1/(sg r + z₂)
        ;; (|sg r + z₂| = r + |z₂| ≥ r, no cancellation), P = z₀z₁D:
        ;;   r e₁ = (r − sg z₀²D, −sg P, −sg z₀),  r e₂ = (−P, sg r − z₁²D, −z₁),
        ;; collected around B = sg c z₀ + s z₁ (both planar components carry z_m·D·B):
        ;;   r e = (c r − z₀DB, s·sg r − z₁DB, −B)
        (local.set $c (v128.load (i32.add (local.get $C) (local.get $o))))
        (local.set $s (v128.load (i32.add (local.get $S) (local.get $o))))
        (local.set $sg (v128.and (f64x2.lt (local.get $z2) (global.get $ZERO)) (global.get $SIGN)))
        (local.set $sr (v128.xor (local.get $r) (local.get $sg)))
        (local.set $dp (f64x2.div (global.get $ONE) (f64x2.add (local.get $sr) (local.get $z2))))
        (local.set $csg (v128.xor (local.get $c) (local.get $sg)))
        (local.set $b
          (f64x2.add (f64x2.mul (local.get $csg) (local.get $z0)) (f64x2.mul (local.get $s) (local.get $z1))))
        ;; z' − z = (C − 1) z + S r e with k = a/w, w = r^{3/2} for γ = −3 (|z|^{γ/2} = 1/w) and w = 1 otherwise:
        ;; q = √(1 + k²) = Q/w, Q = √(w² + a²), so C − 1 = −k²/(q(1 + q)) = −a²/(Q(w + Q)) and S = k/q = a/Q
        ;; = a(w + Q)/(Q(w + Q)); no cancellation, one division (dh = 1/(2Q(w + Q)) gives the halves).
        ;; For γ = −3, w² = r²·r is capped at 1e300 (|z| > 1e100: the kick is then far below one ulp of the
        ;; velocities either way); as r → 0 the formulas tend to C − 1 = −1, S = 1 without special cases. For
        ;; other γ the cap a ≤ 1e150 plays that role (rotationStep.ts: k² > 1e300 is taken as ∞).
        (if (i32.eqz (local.get $mode))
          (then
            (local.set $w (f64x2.mul (local.get $r) (f64x2.sqrt (local.get $r))))
            (local.set $w2 (f64x2.pmin (f64x2.mul (local.get $r2) (local.get $r)) (global.get $MAX_W2))))
          (else
            (local.set $w (global.get $ONE))
            (local.set $w2 (global.get $ONE))))
        (local.set $k2 (f64x2.mul (local.get $k) (local.get $k)))
        (local.set $q (f64x2.sqrt (f64x2.add (local.get $w2) (local.get $k2))))
        (local.set $q1p (f64x2.add (local.get $w) (local.get $q)))
        ;; dh = 1/(2Q(w + Q)): 2Q is exact, so dh = ½·1/(Q(w + Q)) exactly
        (local.set $dh
          (f64x2.div (global.get $ONE) (f64x2.mul (f64x2.add (local.get $q) (local.get $q)) (local.get $q1p))))
        (local.set $hc (f64x2.mul (local.get $k2) (local.get $dh)))
        (local.set $hs (f64x2.mul (f64x2.mul (local.get $k) (local.get $q1p)) (local.get $dh)))
        ;; ρ = 0 (a² = 0): no kick, d = 0 (as in rotationStep.ts); also covers Q = 0
        (local.set $skip (v128.or (local.get $skip) (f64x2.eq (local.get $k2) (global.get $ZERO))))
        ;; d = ½(C − 1) z + ½S (r e) = hs (r e) − hc z = (hs c r − z₀T, hs s·sg r − z₁T, −(hB + hc z₂)),
        ;; hB = hs B, T = hB·D + hc (d2 is stored negated), zero where |z| = 0. (Nine operations fewer than
        ;; forming r e first, and q0, q1 die early: 2–3 % of the step.)
        (local.set $hb (f64x2.mul (local.get $hs) (local.get $b)))
        (local.set $t (f64x2.add (f64x2.mul (local.get $hb) (local.get $dp)) (local.get $hc)))
        (local.set $d0
          (v128.andnot
            (f64x2.sub (f64x2.mul (f64x2.mul (local.get $hs) (local.get $c)) (local.get $r)) (f64x2.mul (local.get $z0) (local.get $t)))
            (local.get $skip)))
        (local.set $d1
          (v128.andnot
            (f64x2.sub (f64x2.mul (f64x2.mul (local.get $hs) (local.get $s)) (local.get $sr)) (f64x2.mul (local.get $z1) (local.get $t)))
            (local.get $skip)))
        (local.set $d2
          (v128.andnot
            (f64x2.add (local.get $hb) (f64x2.mul (local.get $hc) (local.get $z2)))
            (local.get $skip)))
        ;; V^i += d, V^j −= d
        (local.set $xi0 (f64x2.add (local.get $xi0) (local.get $d0)))
        (local.set $xi1 (f64x2.add (local.get $xi1) (local.get $d1)))
        (local.set $xi2 (f64x2.sub (local.get $xi2) (local.get $d2)))
        (local.set $xj0 (f64x2.sub (local.get $xj0) (local.get $d0)))
        (local.set $xj1 (f64x2.sub (local.get $xj1) (local.get $d1)))
        (local.set $xj2 (f64x2.add (local.get $xj2) (local.get $d2)))
        (v128.store64_lane 0 (local.get $ai0) (local.get $xi0))
        (v128.store64_lane offset=8 0 (local.get $ai0) (local.get $xi1))
        (v128.store64_lane offset=16 0 (local.get $ai0) (local.get $xi2))
        (v128.store64_lane 1 (local.get $ai1) (local.get $xi0))
        (v128.store64_lane offset=8 1 (local.get $ai1) (local.get $xi1))
        (v128.store64_lane offset=16 1 (local.get $ai1) (local.get $xi2))
        (v128.store64_lane 0 (local.get $aj0) (local.get $xj0))
        (v128.store64_lane offset=8 0 (local.get $aj0) (local.get $xj1))
        (v128.store64_lane offset=16 0 (local.get $aj0) (local.get $xj2))
        (v128.store64_lane 1 (local.get $aj1) (local.get $xj0))
        (v128.store64_lane offset=8 1 (local.get $aj1) (local.get $xj1))
        (v128.store64_lane offset=16 1 (local.get $aj1) (local.get $xj2))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $next))))

  ;; One round: `count` disjoint pairs at `pairs` (with room for count rounded up to 8), step `step`,
  ;; stream key (k0, k1), κ, γ mode (0: γ = −3, 1: γ = 0, 2: other) and γ/2, scratch as described at the top.
  (func $round (export "round") (param $v i32) (param $pairs i32) (param $count i32) (param $scratch i32)
    (param $kappa f64) (param $mode i32) (param $hg f64) (param $k0 i32) (param $k1 i32) (param $step i32)
    (local $n8 i32) (local $p i32) (local $last i64) (local $R i32) (local $C i32) (local $S i32) (local $AI i32) (local $AJ i32)
    (local $m i32) (local $m8 i32) (local $pp i32) (local $T i32)
    (if (i32.eqz (local.get $count)) (then (return)))
    (local.set $n8 (i32.and (i32.add (local.get $count) (i32.const 7)) (i32.const -8)))
    (local.set $last
      (i64.load (i32.add (local.get $pairs) (i32.shl (i32.sub (local.get $count) (i32.const 1)) (i32.const 3)))))
    (local.set $p (local.get $count))
    (block $padded
      (loop $pad
        (br_if $padded (i32.ge_u (local.get $p) (local.get $n8)))
        (i64.store (i32.add (local.get $pairs) (i32.shl (local.get $p) (i32.const 3))) (local.get $last))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $pad)))
    (call $keys (local.get $scratch) (local.get $k0) (local.get $k1))
    ;; the passes run on chunks of at most 256 pairs, so that their scratch (8 KiB) stays in the L1 cache
    (local.set $R (i32.add (local.get $scratch) (i32.const 320)))
    (local.set $C (i32.add (local.get $R) (i32.const 2048)))
    (local.set $S (i32.add (local.get $C) (i32.const 2048)))
    (local.set $AI (i32.add (local.get $S) (i32.const 2048)))
    (local.set $AJ (i32.add (local.get $AI) (i32.const 1024)))
    (local.set $T (i32.add (local.get $AJ) (i32.const 1024)))
    (call $sincosTable (local.get $T))
    (local.set $p (i32.const 0))
    (block $done
      (loop $chunk
        (br_if $done (i32.ge_u (local.get $p) (local.get $count)))
        ;; m8: pairs of this chunk rounded up to 8 (within the padding); m: real pairs
        (local.set $m8 (select (i32.const 256) (i32.sub (local.get $n8) (local.get $p))
          (i32.gt_u (i32.sub (local.get $n8) (local.get $p)) (i32.const 256))))
        (local.set $m (select (i32.const 256) (i32.sub (local.get $count) (local.get $p))
          (i32.gt_u (i32.sub (local.get $count) (local.get $p)) (i32.const 256))))
        (local.set $pp (i32.add (local.get $pairs) (i32.shl (local.get $p) (i32.const 3))))
        (call $philox (local.get $pp) (i32.shr_u (local.get $m8) (i32.const 3)) (local.get $scratch)
          (local.get $R) (local.get $C) (local.get $step) (local.get $v) (local.get $AI) (local.get $AJ) (i32.const 0))
        (call $normals (local.get $R) (local.get $C) (local.get $S) (i32.shr_u (local.get $m8) (i32.const 1)) (local.get $T))
        (if (i32.eq (local.get $mode) (i32.const 2))
          (then (call $powers (local.get $v) (local.get $pp) (i32.shr_u (i32.add (local.get $m) (i32.const 1)) (i32.const 1))
            (local.get $R) (local.get $hg))))
        (call $geometry (local.get $AI) (local.get $AJ) (i32.shr_u (i32.add (local.get $m) (i32.const 1)) (i32.const 1))
          (local.get $R) (local.get $C) (local.get $S) (local.get $kappa) (local.get $mode))
        (local.set $p (i32.add (local.get $p) (i32.const 256)))
        (br $chunk))))

  ;; The pairs of round `round` of N particles, as roundRobin.ts' roundPairs (the circle method), written
  ;; four at a time (up to three pairs past the end are written too, inside the room for count8 + 8
  ;; pairs; $round pads over them); returns
  ;; their number floor(N/2).
  (func $fillRound (export "fillRound") (param $N i32) (param $round i32) (param $out i32) (result i32)
    (local $players i32) (local $seats i32) (local $count i32) (local $at i32) (local $end i32)
    (local $k v128) (local $a v128) (local $b v128) (local $i v128) (local $j v128) (local $seatsv v128) (local $roundv v128)
    (local.set $players (i32.add (local.get $N) (i32.and (local.get $N) (i32.const 1))))
    (local.set $seats (i32.sub (local.get $players) (i32.const 1)))
    (local.set $count (i32.shr_u (local.get $N) (i32.const 1)))
    (local.set $at (local.get $out))
    (if (i32.eqz (i32.and (local.get $N) (i32.const 1)))
      (then
        ;; even N: the fixed particle N − 1 meets `round`
        (i32.store (local.get $out) (local.get $round))
        (i32.store offset=4 (local.get $out) (local.get $seats))
        (local.set $at (i32.add (local.get $out) (i32.const 8)))))
    ;; then for k = 1 … players/2 − 1: a = round + k, b = round − k (mod seats), the pair (min, max)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))))
    (local.set $seatsv (i32x4.splat (local.get $seats)))
    (local.set $roundv (i32x4.splat (local.get $round)))
    (local.set $k (global.get $K_1234))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $a (i32x4.add (local.get $roundv) (local.get $k)))
        (local.set $a
          (i32x4.sub (local.get $a) (v128.and (local.get $seatsv) (i32x4.ge_s (local.get $a) (local.get $seatsv)))))
        (local.set $b (i32x4.sub (local.get $roundv) (local.get $k)))
        (local.set $b
          (i32x4.add (local.get $b)
            (v128.and (local.get $seatsv) (i32x4.lt_s (local.get $b) (global.get $INT32_ZERO)))))
        (local.set $i (i32x4.min_s (local.get $a) (local.get $b)))
        (local.set $j (i32x4.max_s (local.get $a) (local.get $b)))
        (v128.store (local.get $at)
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $i) (local.get $j)))
        (v128.store offset=16 (local.get $at)
          (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $i) (local.get $j)))
        (local.set $k (i32x4.add (local.get $k) (global.get $INT32_FOUR)))
        (local.set $at (i32.add (local.get $at) (i32.const 32)))
        (br $next)))
    (local.get $count))

  ;; Pairs first … first + m − 1 of round `round` of N particles, the same as $fillRound writes at those
  ;; places (a split run's thread computes the pairs of the chunk it claimed, kacTeam.ts), four at a time:
  ;; up to three pairs past the end are written too (room for m + 8 pairs; $round pads over them).
  (func (export "fillRange") (param $N i32) (param $round i32) (param $first i32) (param $m i32) (param $out i32)
    (local $seats i32) (local $at i32) (local $end i32) (local $kk i32)
    (local $k v128) (local $a v128) (local $b v128) (local $i v128) (local $j v128) (local $seatsv v128) (local $roundv v128)
    (local.set $seats (i32.sub (i32.add (local.get $N) (i32.and (local.get $N) (i32.const 1))) (i32.const 1)))
    (local.set $at (local.get $out))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $m) (i32.const 3))))
    ;; the circle method's k of pair `first`: even N: k = first (pair 0 is the fixed seat's); odd N: first + 1
    (local.set $kk (i32.add (local.get $first) (i32.and (local.get $N) (i32.const 1))))
    (if (i32.and (i32.eqz (local.get $kk)) (i32.gt_u (local.get $m) (i32.const 0)))
      (then
        ;; even N, pair 0: the fixed particle N − 1 meets `round`
        (i32.store (local.get $out) (local.get $round))
        (i32.store offset=4 (local.get $out) (local.get $seats))
        (local.set $at (i32.add (local.get $out) (i32.const 8)))
        (local.set $kk (i32.const 1))))
    (local.set $seatsv (i32x4.splat (local.get $seats)))
    (local.set $roundv (i32x4.splat (local.get $round)))
    (local.set $k (i32x4.add (i32x4.splat (i32.sub (local.get $kk) (i32.const 1))) (global.get $K_1234)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $a (i32x4.add (local.get $roundv) (local.get $k)))
        (local.set $a
          (i32x4.sub (local.get $a) (v128.and (local.get $seatsv) (i32x4.ge_s (local.get $a) (local.get $seatsv)))))
        (local.set $b (i32x4.sub (local.get $roundv) (local.get $k)))
        (local.set $b
          (i32x4.add (local.get $b)
            (v128.and (local.get $seatsv) (i32x4.lt_s (local.get $b) (global.get $INT32_ZERO)))))
        (local.set $i (i32x4.min_s (local.get $a) (local.get $b)))
        (local.set $j (i32x4.max_s (local.get $a) (local.get $b)))
        (v128.store (local.get $at)
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $i) (local.get $j)))
        (v128.store offset=16 (local.get $at)
          (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $i) (local.get $j)))
        (local.set $k (i32x4.add (local.get $k) (global.get $INT32_FOUR)))
        (local.set $at (i32.add (local.get $at) (i32.const 32)))
        (br $next))))

  ;; Rounds r0 … r1 − 1 of one time step of N particles (the Kac step when r0 = 0, r1 = roundCount(N)).
  (func (export "rounds") (param $v i32) (param $N i32) (param $r0 i32) (param $r1 i32) (param $pairs i32) (param $scratch i32)
    (param $kappa f64) (param $mode i32) (param $hg f64) (param $k0 i32) (param $k1 i32) (param $step i32)
    (local $r i32)
    (local.set $r (local.get $r0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $r1)))
        (call $round (local.get $v) (local.get $pairs)
          (call $fillRound (local.get $N) (local.get $r) (local.get $pairs))
          (local.get $scratch) (local.get $kappa) (local.get $mode) (local.get $hg) (local.get $k0) (local.get $k1) (local.get $step))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))

  ;; ------------------------------------------------------------------------------------------------------
  ;; The exact pair step (sbm; sbmStep.ts is the reference, docs/NUMERICS.md §4.15) on the pairs of one round,
  ;; two pairs a vector. $sbmPairs draws the pairs' kick blocks ($philox, raw words), and
  ;; computes each pair's coefficients of z' − z = hc·z + hs·e (hc = −X, hs = √(X(1 − X))·r), X from the pair's
  ;; three uniforms (sbmUniforms.ts); a pair whose lineage count the small-τ fast path does not decide (τ ≥ 0.1,
  ;; |g| > 4.5, the fast test failing, Φ⁻¹'s far tail) is listed for the caller, which draws its X with the
  ;; JavaScript sampler (kacSbmKernel.ts). $sbmApply moves the pairs.
  ;; The count A is the exact inversion of uA in both languages (the fast path returns it only where certified;
  ;; below τ = 1e-6 it is the fit's count, from the same formulas as wrightFisherAncestral.ts up to the rounding
  ;; of 1/τ and τ), so the kernel and sbmStep.ts differ only by the ulps of τ, log and sincos, as the rotation
  ;; kernel and rotationStep.ts do.
  ;;
  ;; Scratch at `scratch`, for n8 = the pair count rounded up to 8 (sbmOffsets in kacSbmKernel.ts mirrors it):
  ;;   keys 320 bytes · W1, W2: the words (0, 1) and (2, 3) of the blocks, 8 bytes a pair, in $philox's raw
  ;;   order · AI, AJ: particle addresses, 4 bytes · HC, HS, UT (uθ), TAU, UX, UA, RA (r): 8 bytes · FL: the
  ;;   pairs listed for JavaScript, 4 bytes · G (the normal score), IR (1/r): 8 bytes · TL: the pairs whose score
  ;;   needs Φ⁻¹'s tail branch, 4 bytes.

  ;; The first half of a round of the sbm step on `count` disjoint pairs (i < j) at `pairs` (room for count rounded
  ;; up to 8: a Kac round as $fillRound writes it, or a random-pairing step's matched pairs), whose blocks have
  ;; counter word 3 `purpose` (KICK for Kac, PAIR for random pairing, streams.ts and systemStreams.ts): their kick
  ;; blocks ($philox, raw) and each pair's (hc, hs, uθ) in three passes over the pairs (two a vector): the
  ;; uniforms, τ and the central branch of Φ⁻¹; Φ⁻¹'s tail branch on the pairs that need it, two at a time
  ;; (≈ 15 % of the pairs: a branch taken per vector would cost it to 28 % of the vectors, and mispredict); the
  ;; lineage count and X. Returns the number of pairs listed for JavaScript. κ² = 8ωΔt/N; mode 0: γ = −3, 1: γ = 0,
  ;; 2: other (|z|^γ = exp(γ log r)).
  (func $sbmPairs (export "sbmPairs") (param $v i32) (param $pairs i32) (param $count i32)
    (param $scratch i32) (param $kappa2 f64) (param $mode i32) (param $gamma f64) (param $k0 i32) (param $k1 i32)
    (param $step i32) (param $purpose i32) (result i32)
    (local $n8 i32) (local $p i32) (local $last i64) (local $W1 i32) (local $W2 i32)
    (local $AI i32) (local $AJ i32) (local $HC i32) (local $HS i32) (local $UT i32) (local $TAU i32) (local $UX i32)
    (local $UA i32) (local $RA i32) (local $FL i32) (local $G i32) (local $IR i32) (local $TL i32) (local $listed i32)
    (local $tails i32) (local $at1 i32) (local $at2 i32) (local $o i32) (local $o4 i32) (local $ai0 i32) (local $ai1 i32)
    (local $aj0 i32) (local $aj1 i32) (local $q0 i32) (local $q1 i32)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128) (local $uX v128) (local $uA v128)
    (local $z0 v128) (local $z1 v128) (local $z2 v128) (local $r2 v128) (local $r v128) (local $ir v128) (local $tau v128)
    (local $A v128) (local $y v128) (local $X v128) (local $move v128) (local $list v128) (local $k2 v128)
    (local $gv v128) (local $t v128) (local $g v128) (local $it v128) (local $var v128) (local $sd v128) (local $q v128)
    (local $a v128) (local $b v128) (local $aa v128) (local $gg v128) (local $x v128) (local $pp v128) (local $d v128)
    (local $slope v128) (local $yy v128) (local $m v128) (local $fit v128) (local $ok v128) (local $inv v128)
    (local $nqq v128) (local $nqr v128) (local $nqr2 v128) (local $nqx v128) (local $mid v128) (local $h v128) (local $e v128)
    (if (i32.eqz (local.get $count)) (then (return (i32.const 0))))
    (local.set $n8 (i32.and (i32.add (local.get $count) (i32.const 7)) (i32.const -8)))
    ;; pad to n8 with copies of the last pair: a copy computes the same bits from the same inputs and (in
    ;; $sbmApply) stores them to the same place
    (local.set $last
      (i64.load (i32.add (local.get $pairs) (i32.shl (i32.sub (local.get $count) (i32.const 1)) (i32.const 3)))))
    (local.set $p (local.get $count))
    (block $padded
      (loop $pad
        (br_if $padded (i32.ge_u (local.get $p) (local.get $n8)))
        (i64.store (i32.add (local.get $pairs) (i32.shl (local.get $p) (i32.const 3))) (local.get $last))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $pad)))
    (local.set $W1 (i32.add (local.get $scratch) (i32.const 320)))
    (local.set $W2 (i32.add (local.get $W1) (i32.shl (local.get $n8) (i32.const 3))))
    (local.set $AI (i32.add (local.get $W2) (i32.shl (local.get $n8) (i32.const 3))))
    (local.set $AJ (i32.add (local.get $AI) (i32.shl (local.get $n8) (i32.const 2))))
    (local.set $HC (i32.add (local.get $AJ) (i32.shl (local.get $n8) (i32.const 2))))
    (local.set $HS (i32.add (local.get $HC) (i32.shl (local.get $n8) (i32.const 3))))
    (local.set $UT (i32.add (local.get $HS) (i32.shl (local.get $n8) (i32.const 3))))
    (local.set $TAU (i32.add (local.get $UT) (i32.shl (local.get $n8) (i32.const 3))))
    (local.set $UX (i32.add (local.get $TAU) (i32.shl (local.get $n8) (i32.const 3))))
    (local.set $UA (i32.add (local.get $UX) (i32.shl (local.get $n8) (i32.const 3))))
    (local.set $RA (i32.add (local.get $UA) (i32.shl (local.get $n8) (i32.const 3))))
    (local.set $FL (i32.add (local.get $RA) (i32.shl (local.get $n8) (i32.const 3))))
    (local.set $G (i32.add (local.get $FL) (i32.shl (local.get $n8) (i32.const 2))))
    (local.set $IR (i32.add (local.get $G) (i32.shl (local.get $n8) (i32.const 3))))
    (local.set $TL (i32.add (local.get $IR) (i32.shl (local.get $n8) (i32.const 3))))
    (call $keys (local.get $scratch) (local.get $k0) (local.get $k1))
    (call $philox (local.get $pairs) (i32.shr_u (local.get $n8) (i32.const 3)) (local.get $scratch)
      (local.get $W1) (local.get $W2) (local.get $step) (local.get $v) (local.get $AI) (local.get $AJ) (local.get $purpose))
    (local.set $k2 (f64x2.splat (local.get $kappa2)))
    (local.set $gv (f64x2.splat (local.get $gamma)))
    ;; pass 1: the uniforms, r, 1/r, τ, and g = Φ⁻¹(t) where its central branch holds (|t − ½| ≤ 0.425)
    (local.set $p (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $count)))
        ;; words of pairs p, p + 1 (p even: lanes l, l + 1 of one vector of $philox's raw order)
        (local.set $o4 (i32.shl (i32.add (i32.add (i32.shl (i32.shr_u (local.get $p) (i32.const 3)) (i32.const 4))
          (i32.shl (i32.and (i32.shr_u (local.get $p) (i32.const 2)) (i32.const 1)) (i32.const 3)))
          (i32.and (local.get $p) (i32.const 3))) (i32.const 2)))
        (local.set $at1 (i32.add (local.get $W1) (local.get $o4)))
        (local.set $at2 (i32.add (local.get $W2) (local.get $o4)))
        (local.set $w0 (v128.load64_zero (local.get $at1)))
        (local.set $w1 (v128.load64_zero offset=16 (local.get $at1)))
        (local.set $w2 (v128.load64_zero (local.get $at2)))
        (local.set $w3 (v128.load64_zero offset=16 (local.get $at2)))
        (local.set $o (i32.shl (local.get $p) (i32.const 3)))
        ;; sbmUniforms.ts: uX, uθ the top 43 bits of (w0, w1), (w2, w3); uA the 42 bits left (all exact)
        (v128.store (i32.add (local.get $UX) (local.get $o))
          (f64x2.mul
            (f64x2.add
              (f64x2.add
                (f64x2.mul (f64x2.convert_low_i32x4_u (i32x4.shr_u (local.get $w0) (i32.const 5)))
                  (global.get $SB_65536))
                (f64x2.convert_low_i32x4_u (i32x4.shr_u (local.get $w1) (i32.const 16))))
              (global.get $SB_1))
            (global.get $SB_1_1368683772161603e_13)))
        (v128.store (i32.add (local.get $UT) (local.get $o))
          (f64x2.mul
            (f64x2.add
              (f64x2.add
                (f64x2.mul (f64x2.convert_low_i32x4_u (i32x4.shr_u (local.get $w2) (i32.const 5)))
                  (global.get $SB_65536))
                (f64x2.convert_low_i32x4_u (i32x4.shr_u (local.get $w3) (i32.const 16))))
              (global.get $SB_1))
            (global.get $SB_1_1368683772161603e_13)))
        (local.set $uA
          (f64x2.mul
            (f64x2.add
              (f64x2.add
                (f64x2.mul
                  (f64x2.add
                    (f64x2.mul (f64x2.convert_low_i32x4_u (v128.and (local.get $w0) (global.get $SB_LOW5)))
                      (global.get $SB_65536))
                    (f64x2.convert_low_i32x4_u (v128.and (local.get $w1) (global.get $SB_LOW16))))
                  (global.get $SB_2097152))
                (f64x2.add
                  (f64x2.mul (f64x2.convert_low_i32x4_u (v128.and (local.get $w2) (global.get $SB_LOW5)))
                    (global.get $SB_65536))
                  (f64x2.convert_low_i32x4_u (v128.and (local.get $w3) (global.get $SB_LOW16)))))
              (global.get $SB_1))
            (global.get $SB_2_2737367544323206e_13)))
        (v128.store (i32.add (local.get $UA) (local.get $o)) (local.get $uA))
        (local.set $ai0 (i32.load (i32.add (local.get $AI) (i32.shl (local.get $p) (i32.const 2)))))
        (local.set $ai1 (i32.load offset=4 (i32.add (local.get $AI) (i32.shl (local.get $p) (i32.const 2)))))
        (local.set $aj0 (i32.load (i32.add (local.get $AJ) (i32.shl (local.get $p) (i32.const 2)))))
        (local.set $aj1 (i32.load offset=4 (i32.add (local.get $AJ) (i32.shl (local.get $p) (i32.const 2)))))
        (local.set $z0 (f64x2.sub
          (v128.load64_lane 1 (local.get $ai1) (v128.load64_zero (local.get $ai0)))
          (v128.load64_lane 1 (local.get $aj1) (v128.load64_zero (local.get $aj0)))))
        (local.set $z1 (f64x2.sub
          (v128.load64_lane offset=8 1 (local.get $ai1) (v128.load64_zero offset=8 (local.get $ai0)))
          (v128.load64_lane offset=8 1 (local.get $aj1) (v128.load64_zero offset=8 (local.get $aj0)))))
        (local.set $z2 (f64x2.sub
          (v128.load64_lane offset=16 1 (local.get $ai1) (v128.load64_zero offset=16 (local.get $ai0)))
          (v128.load64_lane offset=16 1 (local.get $aj1) (v128.load64_zero offset=16 (local.get $aj0)))))
        (local.set $r (f64x2.sqrt (f64x2.add (f64x2.add (f64x2.mul (local.get $z0) (local.get $z0)) (f64x2.mul (local.get $z1) (local.get $z1)))
          (f64x2.mul (local.get $z2) (local.get $z2)))))
        ;; 1/r, for τ and for $sbmApply's unit vector (sbmStep.ts' inv = 1/r)
        (local.set $ir (f64x2.div (global.get $SB_1) (local.get $r)))
        (v128.store (i32.add (local.get $RA) (local.get $o)) (local.get $r))
        (v128.store (i32.add (local.get $IR) (local.get $o)) (local.get $ir))
        ;; τ = κ² r^γ: κ²(1/r)³ for γ = −3 (r = 0 gives ∞ here and no move below)
        (v128.store (i32.add (local.get $TAU) (local.get $o)) (f64x2.mul (local.get $k2)
          (if (result v128) (i32.eqz (local.get $mode))
            (then (f64x2.mul (f64x2.mul (local.get $ir) (local.get $ir)) (local.get $ir)))
            (else (if (result v128) (i32.eq (local.get $mode) (i32.const 1))
              (then (global.get $SB_1))
              (else (call $exp (f64x2.mul (local.get $gv) (call $log (local.get $r))))))))))
        ;; g = Φ⁻¹(t), t = min(uA, 1 − 1e-11), by normalQuantile.ts' central branch (the same operations, Estrin's
        ;; scheme); a lane outside it is queued for pass 2
        (local.set $t
          (v128.bitselect (local.get $uA)
            (global.get $SB_0_99999999999)
            (f64x2.lt (local.get $uA) (global.get $SB_0_99999999999))))
        (local.set $nqq (f64x2.sub (local.get $t) (global.get $SB_0_5)))
        (local.set $mid (f64x2.le (f64x2.abs (local.get $nqq)) (global.get $SB_0_425)))
        (local.set $nqr (f64x2.sub (global.get $SB_0_180625) (f64x2.mul (local.get $nqq) (local.get $nqq))))
        (local.set $nqr2 (f64x2.mul (local.get $nqr) (local.get $nqr)))
        (v128.store (i32.add (local.get $G) (local.get $o))
          (f64x2.div
            (f64x2.mul (local.get $nqq)
              (f64x2.add
                (f64x2.add
                  (f64x2.add (global.get $SB_3_3871328727963665)
                    (f64x2.mul (global.get $SB_133_14166789178438) (local.get $nqr)))
                  (f64x2.mul
                    (f64x2.add (global.get $SB_1971_5909503065513)
                      (f64x2.mul (global.get $SB_13731_69376550946) (local.get $nqr)))
                    (local.get $nqr2)))
                (f64x2.mul
                  (f64x2.add
                    (f64x2.add (global.get $SB_45921_95393154987)
                      (f64x2.mul (global.get $SB_67265_7709270087) (local.get $nqr)))
                    (f64x2.mul
                      (f64x2.add (global.get $SB_33430_57558358813)
                        (f64x2.mul (global.get $SB_2509_0809287301227) (local.get $nqr)))
                      (local.get $nqr2)))
                  (f64x2.mul (local.get $nqr2) (local.get $nqr2)))))
            (f64x2.add
              (f64x2.add
                (f64x2.add (global.get $SB_1) (f64x2.mul (global.get $SB_42_31333070160091) (local.get $nqr)))
                (f64x2.mul
                  (f64x2.add (global.get $SB_687_1870074920579)
                    (f64x2.mul (global.get $SB_5394_196021424751) (local.get $nqr)))
                  (local.get $nqr2)))
              (f64x2.mul
                (f64x2.add
                  (f64x2.add (global.get $SB_21213_794301586597)
                    (f64x2.mul (global.get $SB_39307_89580009271) (local.get $nqr)))
                  (f64x2.mul
                    (f64x2.add (global.get $SB_28729_085735721943)
                      (f64x2.mul (global.get $SB_5226_495278852854) (local.get $nqr)))
                    (local.get $nqr2)))
                (f64x2.mul (local.get $nqr2) (local.get $nqr2))))))
        (if (i32.eqz (i64x2.all_true (local.get $mid)))
          (then
            (if (i32.eqz (i32x4.extract_lane 0 (local.get $mid)))
              (then
                (i32.store (i32.add (local.get $TL) (i32.shl (local.get $tails) (i32.const 2))) (local.get $p))
                (local.set $tails (i32.add (local.get $tails) (i32.const 1)))))
            (if (i32.eqz (i32x4.extract_lane 2 (local.get $mid)))
              (then
                (i32.store (i32.add (local.get $TL) (i32.shl (local.get $tails) (i32.const 2)))
                  (i32.add (local.get $p) (i32.const 1)))
                (local.set $tails (i32.add (local.get $tails) (i32.const 1)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $next)))
    ;; pass 2: Φ⁻¹'s tail branch, r = √(−log min(t, 1 − t)), on the queued pairs two at a time (an odd queue
    ;; repeats its last pair); NaN in the far tail (r > 5: t < 1.4e-11), which JavaScript decides
    (if (i32.and (local.get $tails) (i32.const 1))
      (then
        (i32.store (i32.add (local.get $TL) (i32.shl (local.get $tails) (i32.const 2)))
          (i32.load (i32.add (local.get $TL) (i32.shl (i32.sub (local.get $tails) (i32.const 1)) (i32.const 2)))))))
    (local.set $p (i32.const 0))
    (block $done2
      (loop $next2
        (br_if $done2 (i32.ge_u (local.get $p) (local.get $tails)))
        (local.set $q0
          (i32.shl (i32.load (i32.add (local.get $TL) (i32.shl (local.get $p) (i32.const 2)))) (i32.const 3)))
        (local.set $q1
          (i32.shl (i32.load offset=4 (i32.add (local.get $TL) (i32.shl (local.get $p) (i32.const 2)))) (i32.const 3)))
        (local.set $uA
          (v128.load64_lane 1 (i32.add (local.get $UA) (local.get $q1))
            (v128.load64_zero (i32.add (local.get $UA) (local.get $q0)))))
        (local.set $t
          (v128.bitselect (local.get $uA)
            (global.get $SB_0_99999999999)
            (f64x2.lt (local.get $uA) (global.get $SB_0_99999999999))))
        (local.set $nqq (f64x2.sub (local.get $t) (global.get $SB_0_5)))
        (local.set $nqr (f64x2.sqrt (f64x2.neg (call $log
          (v128.bitselect (local.get $t)
            (f64x2.sub (global.get $SB_1) (local.get $t))
            (f64x2.lt (local.get $nqq) (global.get $SB_0)))))))
        (local.set $nqx
          (v128.bitselect (global.get $SB_nan) (local.get $nqr) (f64x2.gt (local.get $nqr) (global.get $SB_5))))
        (local.set $nqr (f64x2.sub (local.get $nqx) (global.get $SB_1_6)))
        (local.set $nqr2 (f64x2.mul (local.get $nqr) (local.get $nqr)))
        (local.set $nqx
          (f64x2.div
            (f64x2.add
              (f64x2.add
                (f64x2.add (global.get $SB_1_4234371107496835)
                  (f64x2.mul (global.get $SB_4_630337846156546) (local.get $nqr)))
                (f64x2.mul
                  (f64x2.add (global.get $SB_5_769497221460691)
                    (f64x2.mul (global.get $SB_3_6478483247632045) (local.get $nqr)))
                  (local.get $nqr2)))
              (f64x2.mul
                (f64x2.add
                  (f64x2.add (global.get $SB_1_2704582524523684)
                    (f64x2.mul (global.get $SB_0_2417807251774506) (local.get $nqr)))
                  (f64x2.mul
                    (f64x2.add (global.get $SB_0_022723844989269184)
                      (f64x2.mul (global.get $SB_0_0007745450142783414) (local.get $nqr)))
                    (local.get $nqr2)))
                (f64x2.mul (local.get $nqr2) (local.get $nqr2))))
            (f64x2.add
              (f64x2.add
                (f64x2.add (global.get $SB_1) (f64x2.mul (global.get $SB_2_053191626637759) (local.get $nqr)))
                (f64x2.mul
                  (f64x2.add (global.get $SB_1_6763848301838038)
                    (f64x2.mul (global.get $SB_0_6897673349851) (local.get $nqr)))
                  (local.get $nqr2)))
              (f64x2.mul
                (f64x2.add
                  (f64x2.add (global.get $SB_0_14810397642748008)
                    (f64x2.mul (global.get $SB_0_015198666563616457) (local.get $nqr)))
                  (f64x2.mul
                    (f64x2.add (global.get $SB_0_0005475938084995345)
                      (f64x2.mul (global.get $SB_1_0507500716444169e_9) (local.get $nqr)))
                    (local.get $nqr2)))
                (f64x2.mul (local.get $nqr2) (local.get $nqr2))))))
        (local.set $nqx
          (v128.bitselect (f64x2.neg (local.get $nqx))
            (local.get $nqx)
            (f64x2.lt (local.get $nqq) (global.get $SB_0))))
        (v128.store64_lane 0 (i32.add (local.get $G) (local.get $q0)) (local.get $nqx))
        (v128.store64_lane 1 (i32.add (local.get $G) (local.get $q1)) (local.get $nqx))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $next2)))
    ;; pass 3: the lineage count A(τ) of ancestralSmallTau from g, or −1 in a lane JavaScript decides (τ ≥ 0.1,
    ;; Φ⁻¹'s far tail, |g| > 4.5 for τ ≥ 1e-6, the one-evaluation test failing); then X and (hc, hs). The same
    ;; formulas as wrightFisherAncestral.ts: below τ = 1e-6 the fit's count ⌈x − ½⌉ (at least 0), else the count
    ;; the margin test certifies (its 1/Var and 1/min(t, 1 − t) from one division: rounding the test allows)
    (local.set $p (i32.const 0))
    (block $done3
      (loop $next3
        (br_if $done3 (i32.ge_u (local.get $p) (local.get $count)))
        (local.set $o (i32.shl (local.get $p) (i32.const 3)))
        (local.set $tau (v128.load (i32.add (local.get $TAU) (local.get $o))))
        (local.set $r (v128.load (i32.add (local.get $RA) (local.get $o))))
        (local.set $g (v128.load (i32.add (local.get $G) (local.get $o))))
        (local.set $uA (v128.load (i32.add (local.get $UA) (local.get $o))))
        (local.set $t
          (v128.bitselect (local.get $uA)
            (global.get $SB_0_99999999999)
            (f64x2.lt (local.get $uA) (global.get $SB_0_99999999999))))
        ;; a pair moves unless r = 0 (σ(0) = 0) or τ is not > 0 (0, or NaN from 0·∞)
        (local.set $move
          (v128.and (f64x2.ne (local.get $r) (global.get $SB_0)) (f64x2.gt (local.get $tau) (global.get $SB_0))))
        (local.set $it (f64x2.div (global.get $SB_1) (local.get $tau)))
        (local.set $var
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.mul (global.get $SB_0_6666666666666666) (local.get $it))
                (global.get $SB_0_022222222222222223))
              (global.get $SB_0_08333333333333333))
            (f64x2.mul (local.get $tau) (global.get $SB_0_014285714285714285))))
        (local.set $sd (f64x2.sqrt (local.get $var)))
        (local.set $pp
          (v128.bitselect (local.get $t)
            (f64x2.sub (global.get $SB_1) (local.get $t))
            (f64x2.lt (local.get $t) (global.get $SB_0_5))))
        ;; 1/(Var·p) gives 1/Var = p/(Var·p) and 1/p = Var/(Var·p)
        (local.set $inv (f64x2.div (global.get $SB_1) (f64x2.mul (local.get $var) (local.get $pp))))
        (local.set $q
          (f64x2.mul (local.get $it)
            (f64x2.mul (f64x2.mul (local.get $pp) (local.get $inv)) (f64x2.mul (local.get $pp) (local.get $inv)))))
        (local.set $a (f64x2.mul (f64x2.mul (local.get $q) (local.get $sd)) (global.get $SB_0_022222222222222223)))
        (local.set $b (f64x2.mul (local.get $q) (global.get $SB__0_0007936507936507937)))
        (local.set $aa (f64x2.mul (local.get $a) (local.get $a)))
        (local.set $gg (f64x2.mul (local.get $g) (local.get $g)))
        (local.set $x
          (f64x2.add
            (f64x2.add (f64x2.sub (f64x2.mul (global.get $SB_2) (local.get $it)) (global.get $SB_0_6666666666666666))
              (f64x2.mul (local.get $tau) (global.get $SB_0_03333333333333333)))
            (f64x2.mul (local.get $sd)
              (f64x2.sub
                (f64x2.add
                  (f64x2.add (local.get $g) (f64x2.mul (local.get $a) (f64x2.sub (local.get $gg) (global.get $SB_1))))
                  (f64x2.mul (local.get $b)
                    (f64x2.sub (f64x2.mul (local.get $gg) (local.get $g))
                      (f64x2.mul (global.get $SB_3) (local.get $g)))))
                (f64x2.mul (local.get $aa)
                  (f64x2.sub (f64x2.mul (f64x2.mul (global.get $SB_2) (local.get $gg)) (local.get $g))
                    (f64x2.mul (global.get $SB_5) (local.get $g))))))))
        ;; τ < 1e-6: the fit's count
        (local.set $fit (f64x2.pmax (f64x2.ceil (f64x2.sub (local.get $x) (global.get $SB_0_5))) (global.get $SB_0)))
        ;; the margin d = fitMarginBound(τ, g², t), the slope bound, reach = d·slope + 2e-15·x
        (local.set $d
          (f64x2.add
            (f64x2.add
              (f64x2.mul (f64x2.mul (local.get $tau) (f64x2.sqrt (local.get $tau)))
                (f64x2.add (global.get $SB_0_01)
                  (f64x2.mul (f64x2.mul (global.get $SB_0_004) (local.get $gg)) (local.get $gg))))
              (f64x2.mul (global.get $SB_1e_12)
                (f64x2.add (global.get $SB_4_14) (f64x2.mul (local.get $var) (local.get $inv)))))
            (global.get $SB_1e_14)))
        (local.set $slope
          (f64x2.mul (local.get $sd)
            (f64x2.add
              (f64x2.add
                (f64x2.abs
                  (f64x2.sub
                    (f64x2.add
                      (f64x2.add (global.get $SB_1)
                        (f64x2.mul (f64x2.mul (global.get $SB_2) (local.get $a)) (local.get $g)))
                      (f64x2.mul (f64x2.mul (global.get $SB_3) (local.get $b))
                        (f64x2.sub (local.get $gg) (global.get $SB_1))))
                    (f64x2.mul (local.get $aa)
                      (f64x2.sub (f64x2.mul (global.get $SB_6) (local.get $gg)) (global.get $SB_5)))))
                (f64x2.mul (local.get $d)
                  (f64x2.abs
                    (f64x2.sub
                      (f64x2.add (f64x2.mul (global.get $SB_2) (local.get $a))
                        (f64x2.mul (f64x2.mul (global.get $SB_6) (local.get $b)) (local.get $g)))
                      (f64x2.mul (f64x2.mul (global.get $SB_12) (local.get $aa)) (local.get $g))))))
              (f64x2.mul (f64x2.mul (local.get $d) (local.get $d))
                (f64x2.abs
                  (f64x2.sub (f64x2.mul (global.get $SB_3) (local.get $b))
                    (f64x2.mul (global.get $SB_6) (local.get $aa))))))))
        (local.set $yy (f64x2.sub (local.get $x) (global.get $SB_0_5)))
        (local.set $m (f64x2.ceil (local.get $yy)))
        (local.set $d
          (f64x2.add (f64x2.mul (local.get $d) (local.get $slope)) (f64x2.mul (global.get $SB_2e_15) (local.get $x))))
        (local.set $ok (v128.and (v128.and
          (f64x2.gt (f64x2.sub (local.get $m) (local.get $yy)) (local.get $d))
          (f64x2.gt (f64x2.sub (local.get $yy) (f64x2.sub (local.get $m) (global.get $SB_1))) (local.get $d)))
          (v128.and (f64x2.gt (local.get $m) (global.get $SB_0))
            (v128.and (f64x2.ge (local.get $g) (global.get $SB__4_5)) (f64x2.le (local.get $g) (global.get $SB_4_5))))))
        (local.set $m (v128.bitselect (local.get $m) (global.get $SB__1) (local.get $ok)))
        ;; τ < 1e-6 takes the fit's count; a NaN score (far tail) and τ ≥ 0.1 are JavaScript's
        (local.set $m
          (v128.bitselect (local.get $fit) (local.get $m) (f64x2.lt (local.get $tau) (global.get $SB_1e_6))))
        (local.set $A
          (v128.bitselect (global.get $SB__1)
            (local.get $m)
            (v128.or (f64x2.ne (local.get $g) (local.get $g)) (f64x2.ge (local.get $tau) (global.get $SB_0_1)))))
        ;; X = −expm1(y), y = log uX/(A + 1) ≤ 0: for |y| ≤ 2⁻⁷ sphericalBrownian.ts' Taylor series; for
        ;; 2⁻⁷ < |y| ≤ ½, expm1(y/8) by its series to the 10th power and three doublings expm1(2h) = expm1(h)(expm1(h) + 2)
        ;; (within 2.3 ulps of Math.expm1 over that range, measured); below −½, 1 − e^y (e^y ≤ 0.61: no cancellation)
        (local.set $y
          (f64x2.div (call $log (v128.load (i32.add (local.get $UX) (local.get $o))))
            (f64x2.add (local.get $A) (global.get $SB_1))))
        (local.set $list (v128.and (local.get $move) (f64x2.lt (local.get $A) (global.get $SB_0))))
        (local.set $X
          (f64x2.mul (f64x2.neg (local.get $y))
            (f64x2.add (global.get $SB_1)
              (f64x2.mul (local.get $y)
                (f64x2.add (global.get $SB_0_5)
                  (f64x2.mul (local.get $y)
                    (f64x2.add (global.get $SB_0_16666666666666666)
                      (f64x2.mul (local.get $y)
                        (f64x2.add (global.get $SB_0_041666666666666664)
                          (f64x2.mul (local.get $y)
                            (f64x2.add (global.get $SB_0_008333333333333333)
                              (f64x2.mul (local.get $y)
                                (f64x2.add (global.get $SB_0_001388888888888889)
                                  (f64x2.mul (local.get $y) (global.get $SB_0_0001984126984126984)))))))))))))))
        (if (i32.eqz (i64x2.all_true (f64x2.ge (local.get $y) (global.get $SB__0_0078125))))
          (then
            (local.set $h (f64x2.mul (local.get $y) (global.get $SB_0_125)))
            (local.set $e
              (f64x2.mul (local.get $h)
                (f64x2.add (global.get $SB_1)
                  (f64x2.mul (local.get $h)
                    (f64x2.add (global.get $SB_0_5)
                      (f64x2.mul (local.get $h)
                        (f64x2.add (global.get $SB_0_16666666666666666)
                          (f64x2.mul (local.get $h)
                            (f64x2.add (global.get $SB_0_041666666666666664)
                              (f64x2.mul (local.get $h)
                                (f64x2.add (global.get $SB_0_008333333333333333)
                                  (f64x2.mul (local.get $h)
                                    (f64x2.add (global.get $SB_0_001388888888888889)
                                      (f64x2.mul (local.get $h)
                                        (f64x2.add (global.get $SB_0_0001984126984126984)
                                          (f64x2.mul (local.get $h)
                                            (f64x2.add (global.get $SB_0_0000248015873015873)
                                              (f64x2.mul (local.get $h)
                                                (f64x2.add (global.get $SB_0_0000027557319223985893)
                                                  (f64x2.mul (local.get $h) (global.get $SB_2_755731922398589e_7)))))))))))))))))))))
            (local.set $e (f64x2.mul (local.get $e) (f64x2.add (local.get $e) (global.get $SB_2))))
            (local.set $e (f64x2.mul (local.get $e) (f64x2.add (local.get $e) (global.get $SB_2))))
            (local.set $e (f64x2.mul (local.get $e) (f64x2.add (local.get $e) (global.get $SB_2))))
            (local.set $X
              (v128.bitselect (local.get $X)
                (f64x2.neg (local.get $e))
                (f64x2.ge (local.get $y) (global.get $SB__0_0078125))))
            (local.set $X
              (v128.bitselect (local.get $X)
                (f64x2.sub (global.get $SB_1) (call $exp (local.get $y)))
                (f64x2.ge (local.get $y) (global.get $SB__0_5))))))
        ;; hc = −X, hs = √(X(1 − X))·r where the kernel moves the pair, 0 elsewhere (X = 0 moves nothing)
        (local.set $move (v128.andnot (local.get $move) (local.get $list)))
        (v128.store (i32.add (local.get $HC) (local.get $o)) (v128.and (f64x2.neg (local.get $X)) (local.get $move)))
        (v128.store (i32.add (local.get $HS) (local.get $o))
          (v128.and
            (f64x2.mul (f64x2.sqrt (f64x2.mul (local.get $X) (f64x2.sub (global.get $SB_1) (local.get $X))))
              (local.get $r))
            (local.get $move)))
        (if (v128.any_true (local.get $list))
          (then
            ;; listed lanes: JavaScript draws X from (τ, uX, uA) and writes hc, hs
            (if (i32x4.extract_lane 0 (local.get $list))
              (then
                (i32.store (i32.add (local.get $FL) (i32.shl (local.get $listed) (i32.const 2))) (local.get $p))
                (local.set $listed (i32.add (local.get $listed) (i32.const 1)))))
            (if (i32x4.extract_lane 2 (local.get $list))
              (then
                (i32.store (i32.add (local.get $FL) (i32.shl (local.get $listed) (i32.const 2)))
                  (i32.add (local.get $p) (i32.const 1)))
                (local.set $listed (i32.add (local.get $listed) (i32.const 1)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $next3)))
    (local.get $listed))

  ;; Second half: each pair moves by z' − z = hc·z + hs·e, e = cos θ e₁ + sin θ e₂ (sbmStep.ts' circle basis,
  ;; the same operations, with $sbmPairs' 1/r), θ = 2πuθ, half to each particle, two pairs a vector (an odd
  ;; count's last vector holds the padding copy of the last pair, see $sbmPairs); hc = hs = 0 leaves a pair
  ;; as it is.
  (func $sbmApply (export "sbmApply") (param $count i32) (param $scratch i32)
    (local $n8 i32) (local $AI i32) (local $AJ i32) (local $HC i32) (local $HS i32) (local $UT i32) (local $IR i32)
    (local $p i32) (local $o i32) (local $ai0 i32) (local $ai1 i32) (local $aj0 i32) (local $aj1 i32)
    (local $hc v128) (local $hs v128) (local $xi0 v128) (local $xi1 v128) (local $xi2 v128) (local $xj0 v128)
    (local $xj1 v128) (local $xj2 v128) (local $z0 v128) (local $z1 v128) (local $z2 v128) (local $inv v128)
    (local $n0 v128) (local $n1 v128) (local $n2 v128) (local $sign v128) (local $ia v128) (local $ib v128)
    (local $c v128) (local $s v128) (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $move v128)
    (local.set $n8 (i32.and (i32.add (local.get $count) (i32.const 7)) (i32.const -8)))
    (local.set $AI (i32.add (i32.add (local.get $scratch) (i32.const 320)) (i32.shl (local.get $n8) (i32.const 4))))
    (local.set $AJ (i32.add (local.get $AI) (i32.shl (local.get $n8) (i32.const 2))))
    (local.set $HC (i32.add (local.get $AJ) (i32.shl (local.get $n8) (i32.const 2))))
    (local.set $HS (i32.add (local.get $HC) (i32.shl (local.get $n8) (i32.const 3))))
    (local.set $UT (i32.add (local.get $HS) (i32.shl (local.get $n8) (i32.const 3))))
    ;; IR after UT, TAU, UX, UA, RA (8 bytes a pair), FL (4) and G (8)
    (local.set $IR (i32.add (local.get $UT) (i32.mul (local.get $n8) (i32.const 52))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $count)))
        (local.set $o (i32.shl (local.get $p) (i32.const 3)))
        (local.set $hc (v128.load (i32.add (local.get $HC) (local.get $o))))
        (local.set $hs (v128.load (i32.add (local.get $HS) (local.get $o))))
        (local.set $move
          (v128.not
            (v128.and (f64x2.eq (local.get $hc) (global.get $SB_0)) (f64x2.eq (local.get $hs) (global.get $SB_0)))))
        (if (v128.any_true (local.get $move))
          (then
            (local.set $ai0 (i32.load (i32.add (local.get $AI) (i32.shl (local.get $p) (i32.const 2)))))
            (local.set $ai1 (i32.load offset=4 (i32.add (local.get $AI) (i32.shl (local.get $p) (i32.const 2)))))
            (local.set $aj0 (i32.load (i32.add (local.get $AJ) (i32.shl (local.get $p) (i32.const 2)))))
            (local.set $aj1 (i32.load offset=4 (i32.add (local.get $AJ) (i32.shl (local.get $p) (i32.const 2)))))
            (local.set $xi0 (v128.load64_lane 1 (local.get $ai1) (v128.load64_zero (local.get $ai0))))
            (local.set $xi1
              (v128.load64_lane offset=8 1 (local.get $ai1) (v128.load64_zero offset=8 (local.get $ai0))))
            (local.set $xi2
              (v128.load64_lane offset=16 1 (local.get $ai1) (v128.load64_zero offset=16 (local.get $ai0))))
            (local.set $xj0 (v128.load64_lane 1 (local.get $aj1) (v128.load64_zero (local.get $aj0))))
            (local.set $xj1
              (v128.load64_lane offset=8 1 (local.get $aj1) (v128.load64_zero offset=8 (local.get $aj0))))
            (local.set $xj2
              (v128.load64_lane offset=16 1 (local.get $aj1) (v128.load64_zero offset=16 (local.get $aj0))))
            (local.set $z0 (f64x2.sub (local.get $xi0) (local.get $xj0)))
            (local.set $z1 (f64x2.sub (local.get $xi1) (local.get $xj1)))
            (local.set $z2 (f64x2.sub (local.get $xi2) (local.get $xj2)))
            (local.set $inv (v128.load (i32.add (local.get $IR) (local.get $o))))
            (local.set $n0 (f64x2.mul (local.get $z0) (local.get $inv)))
            (local.set $n1 (f64x2.mul (local.get $z1) (local.get $inv)))
            (local.set $n2 (f64x2.mul (local.get $z2) (local.get $inv)))
            (local.set $sign
              (v128.bitselect (global.get $SB_1) (global.get $SB__1) (f64x2.ge (local.get $n2) (global.get $SB_0))))
            (local.set $ia (f64x2.div (global.get $SB__1) (f64x2.add (local.get $sign) (local.get $n2))))
            (local.set $ib (f64x2.mul (f64x2.mul (local.get $n0) (local.get $n1)) (local.get $ia)))
            (call $sincos (v128.load (i32.add (local.get $UT) (local.get $o))))
            (local.set $s)
            (local.set $c)
            (local.set $d0
              (f64x2.add (f64x2.mul (local.get $hc) (local.get $z0))
                (f64x2.mul (local.get $hs)
                  (f64x2.add
                    (f64x2.mul (local.get $c)
                      (f64x2.add (global.get $SB_1)
                        (f64x2.mul (f64x2.mul (f64x2.mul (local.get $sign) (local.get $n0)) (local.get $n0))
                          (local.get $ia))))
                    (f64x2.mul (local.get $s) (local.get $ib))))))
            (local.set $d1
              (f64x2.add (f64x2.mul (local.get $hc) (local.get $z1))
                (f64x2.mul (local.get $hs)
                  (f64x2.add (f64x2.mul (f64x2.mul (local.get $c) (local.get $sign)) (local.get $ib))
                    (f64x2.mul (local.get $s)
                      (f64x2.add (local.get $sign)
                        (f64x2.mul (f64x2.mul (local.get $n1) (local.get $n1)) (local.get $ia))))))))
            (local.set $d2
              (f64x2.add (f64x2.mul (local.get $hc) (local.get $z2))
                (f64x2.mul (local.get $hs)
                  (f64x2.sub (f64x2.mul (f64x2.mul (f64x2.neg (local.get $c)) (local.get $sign)) (local.get $n0))
                    (f64x2.mul (local.get $s) (local.get $n1))))))
            ;; unmoved lanes keep their velocities bit for bit
            (local.set $xi0
              (v128.bitselect (f64x2.add (local.get $xi0) (local.get $d0)) (local.get $xi0) (local.get $move)))
            (local.set $xi1
              (v128.bitselect (f64x2.add (local.get $xi1) (local.get $d1)) (local.get $xi1) (local.get $move)))
            (local.set $xi2
              (v128.bitselect (f64x2.add (local.get $xi2) (local.get $d2)) (local.get $xi2) (local.get $move)))
            (local.set $xj0
              (v128.bitselect (f64x2.sub (local.get $xj0) (local.get $d0)) (local.get $xj0) (local.get $move)))
            (local.set $xj1
              (v128.bitselect (f64x2.sub (local.get $xj1) (local.get $d1)) (local.get $xj1) (local.get $move)))
            (local.set $xj2
              (v128.bitselect (f64x2.sub (local.get $xj2) (local.get $d2)) (local.get $xj2) (local.get $move)))
            (v128.store64_lane 0 (local.get $ai0) (local.get $xi0))
            (v128.store64_lane offset=8 0 (local.get $ai0) (local.get $xi1))
            (v128.store64_lane offset=16 0 (local.get $ai0) (local.get $xi2))
            (v128.store64_lane 1 (local.get $ai1) (local.get $xi0))
            (v128.store64_lane offset=8 1 (local.get $ai1) (local.get $xi1))
            (v128.store64_lane offset=16 1 (local.get $ai1) (local.get $xi2))
            (v128.store64_lane 0 (local.get $aj0) (local.get $xj0))
            (v128.store64_lane offset=8 0 (local.get $aj0) (local.get $xj1))
            (v128.store64_lane offset=16 0 (local.get $aj0) (local.get $xj2))
            (v128.store64_lane 1 (local.get $aj1) (local.get $xj0))
            (v128.store64_lane offset=8 1 (local.get $aj1) (local.get $xj1))
            (v128.store64_lane offset=16 1 (local.get $aj1) (local.get $xj2))))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $next))))

  ;; Test access to the elementary functions, on n (even) f64 at in → out.
  (func (export "logv") (param $in i32) (param $out i32) (param $n i32)
    (local $o i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $o) (i32.shl (local.get $n) (i32.const 3))))
      (v128.store (i32.add (local.get $out) (local.get $o))
        (call $log (v128.load (i32.add (local.get $in) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $next))))
  (func (export "expv") (param $in i32) (param $out i32) (param $n i32)
    (local $o i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $o) (i32.shl (local.get $n) (i32.const 3))))
      (v128.store (i32.add (local.get $out) (local.get $o))
        (call $exp (v128.load (i32.add (local.get $in) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $next))))
)
