;; BabyBear NTT kernel, SIMD (4 field elements per v128). Hand-written; see
;; prover/poly/ntt-wasm.ts for the memory layout and the calling sequence.
;;
;; Data stays canonical (plain, not Montgomery form); twiddles and multipliers are
;; stored in Montgomery form (x * 2^32 mod p), so mm(data, twiddle) = data * w is plain
;; again and no conversion pass is ever needed.
;; mm: Montgomery product a*b/2^32 mod p with the signed trick: m = a*b*p^-1 mod 2^32,
;; (a*b - m*p) / 2^32 lies in (-p, p); one min_u folds it into [0, p).
;; Twiddle table: tw[h + k] = w_{2h}^k (Montgomery) for each stage half-size h, k < h.
(module
  (memory (export "memory") 1)

  (func $mm (param $a v128) (param $b v128) (result v128) (local $m v128) (local $t v128)
    (local.set $m (i32x4.mul (i32x4.mul (local.get $a) (local.get $b))
                             (v128.const i32x4 2281701377 2281701377 2281701377 2281701377)))
    (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
      (i64x2.sub (i64x2.extmul_low_i32x4_u (local.get $a) (local.get $b))
                 (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
      (i64x2.sub (i64x2.extmul_high_i32x4_u (local.get $a) (local.get $b))
                 (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
    (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))

  ;; a + b mod p for a, b in [0, p): the wrapped s - p is huge unless s >= p
  (func $addm (param $a v128) (param $b v128) (result v128) (local $s v128)
    (local.set $s (i32x4.add (local.get $a) (local.get $b)))
    (i32x4.min_u (local.get $s) (i32x4.sub (local.get $s) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))

  ;; a - b mod p: when a < b the difference wraps huge and d + p is the answer
  (func $subm (param $a v128) (param $b v128) (result v128) (local $d v128)
    (local.set $d (i32x4.sub (local.get $a) (local.get $b)))
    (i32x4.min_u (local.get $d) (i32x4.add (local.get $d) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))

  ;; dst[k] = src[rev(k)], or src[(n - rev(k)) mod n] when $neg (the inverse transform
  ;; is the forward one on the index-negated input). rev is kept incrementally.
  (func (export "bitrev") (param $src i32) (param $dst i32) (param $logN i32) (param $neg i32)
    (local $n i32) (local $k i32) (local $j i32) (local $bit i32) (local $mask i32) (local $idx i32)
    (local.set $n (i32.shl (i32.const 1) (local.get $logN)))
    (local.set $mask (i32.sub (local.get $n) (i32.const 1)))
    (block $done (loop $next
      (local.set $idx (select (i32.and (i32.sub (local.get $n) (local.get $j)) (local.get $mask))
                              (local.get $j) (local.get $neg)))
      (i32.store (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 2)))
                 (i32.load (i32.add (local.get $src) (i32.shl (local.get $idx) (i32.const 2)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
      ;; j = rev(k): add one at the top bit, carrying downwards
      (local.set $bit (i32.shr_u (local.get $n) (i32.const 1)))
      (block $c (loop $carry
        (br_if $c (i32.eqz (i32.and (local.get $j) (local.get $bit))))
        (local.set $j (i32.xor (local.get $j) (local.get $bit)))
        (local.set $bit (i32.shr_u (local.get $bit) (i32.const 1)))
        (br $carry)))
      (local.set $j (i32.xor (local.get $j) (local.get $bit)))
      (br $next))))

  ;; the first two DIT stages (h = 1, 2) on each v128 of [ptr, ptr + 4n), using lane shuffles
  (func $stage12 (param $ptr i32) (param $n i32)
    (local $end i32) (local $v v128) (local $e v128) (local $o v128) (local $s v128) (local $d v128) (local $t v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (local.set $v (v128.load (local.get $ptr)))
      (local.set $e (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $v) (local.get $v)))
      (local.set $o (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $v) (local.get $v)))
      (local.set $s (call $addm (local.get $e) (local.get $o)))
      (local.set $d (call $subm (local.get $e) (local.get $o)))
      ;; [x0+x1, x0-x1, x2+x3, x2-x3]
      (local.set $v (i8x16.shuffle 0 1 2 3 20 21 22 23 8 9 10 11 28 29 30 31 (local.get $s) (local.get $d)))
      (local.set $e (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
      ;; [a2, w4*a3, a2, w4*a3] with w4 = rootOfUnity(2); 268435454 is 1 in Montgomery form
      (local.set $t (call $mm (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v))
                              (v128.const i32x4 268435454 473486609 268435454 473486609)))
      (local.set $s (call $addm (local.get $e) (local.get $t)))
      (local.set $d (call $subm (local.get $e) (local.get $t)))
      (v128.store (local.get $ptr) (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (local.get $s) (local.get $d)))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $ptr) (local.get $end)))))

  ;; radix-2 DIT stages h = $h0, 2*$h0, ... < $h1 (h >= 4) over [ptr, ptr + 4n)
  (func $stages (param $ptr i32) (param $n i32) (param $h0 i32) (param $h1 i32) (param $tw i32)
    (local $h i32) (local $hb i32) (local $s i32) (local $end i32) (local $k i32) (local $pa i32) (local $pw i32)
    (local $a v128) (local $b v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $h (local.get $h0))
    (block $done (loop $stage
      (br_if $done (i32.ge_u (local.get $h) (local.get $h1)))
      (local.set $hb (i32.shl (local.get $h) (i32.const 2)))
      (local.set $s (local.get $ptr))
      (loop $group
        (local.set $pa (local.get $s))
        (local.set $pw (i32.add (local.get $tw) (local.get $hb)))
        (local.set $k (i32.add (local.get $s) (local.get $hb)))
        (loop $bf
          (local.set $a (v128.load (local.get $pa)))
          (local.set $b (call $mm (v128.load (i32.add (local.get $pa) (local.get $hb))) (v128.load (local.get $pw))))
          (v128.store (local.get $pa) (call $addm (local.get $a) (local.get $b)))
          (v128.store (i32.add (local.get $pa) (local.get $hb)) (call $subm (local.get $a) (local.get $b)))
          (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
          (local.set $pw (i32.add (local.get $pw) (i32.const 16)))
          (br_if $bf (i32.lt_u (local.get $pa) (local.get $k))))
        (local.set $s (i32.add (local.get $s) (i32.shl (local.get $hb) (i32.const 1))))
        (br_if $group (i32.lt_u (local.get $s) (local.get $end))))
      (local.set $h (i32.shl (local.get $h) (i32.const 1)))
      (br $stage))))

  ;; in-place DIT over bit-reversed input at ptr (n = 2^logN >= 16): natural-order output.
  ;; Stages with h < 4096 run block by block (16 KiB blocks stay in L1).
  (func (export "dit") (param $ptr i32) (param $logN i32) (param $tw i32)
    (local $n i32) (local $blk i32) (local $b i32) (local $end i32)
    (local.set $n (i32.shl (i32.const 1) (local.get $logN)))
    (local.set $blk (select (local.get $n) (i32.const 4096) (i32.lt_u (local.get $n) (i32.const 4096))))
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $b (local.get $ptr))
    (loop $l
      (call $stage12 (local.get $b) (local.get $blk))
      (call $stages (local.get $b) (local.get $blk) (i32.const 4) (local.get $blk) (local.get $tw))
      (local.set $b (i32.add (local.get $b) (i32.shl (local.get $blk) (i32.const 2))))
      (br_if $l (i32.lt_u (local.get $b) (local.get $end))))
    (call $stages (local.get $ptr) (local.get $n) (local.get $blk) (local.get $n) (local.get $tw)))

  ;; x[i] *= c * s^i for i < n (n a multiple of 4): lanes of $cur (memory at 0) hold
  ;; c*s^0..c*s^3, $step (memory at 16) holds s^4 in all lanes, both Montgomery form
  (func (export "mul_powers") (param $ptr i32) (param $n i32)
    (local $end i32) (local $cur v128) (local $step v128)
    (local.set $cur (v128.load (i32.const 0)))
    (local.set $step (v128.load (i32.const 16)))
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (v128.store (local.get $ptr) (call $mm (v128.load (local.get $ptr)) (local.get $cur)))
      (local.set $cur (call $mm (local.get $cur) (local.get $step)))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $ptr) (local.get $end)))))
)
