;; BabyBear NTT kernel, SIMD (4 field elements per v128). See prover/poly/ntt-wasm.ts
;; for the memory layout and calling sequences.
;;
;; Data stays canonical (plain, not Montgomery form); twiddles and multipliers are in
;; Montgomery form (x * 2^32 mod p), so a Montgomery product data*twiddle is plain again
;; and no conversion pass is needed. Montgomery product of a and w: m = a*w*p^-1 mod 2^32
;; (for twiddles m = a * wq with wq = w*p^-1 mod 2^32 stored beside w), then
;; (a*w - m*p)/2^32 is the odd 32-bit word of the i64 difference, in (-p, p), and one
;; min_u with t + p folds it into [0, p). Sums use min_u(s, s - p), differences
;; min_u(d, d + p): the wrapped value is huge exactly when no correction is due.
;; The arithmetic is written out inline in every loop on purpose: V8 does not inline
;; small wasm functions reliably, and a call per butterfly costs ~25%.
;;
;; Twiddle table at $tw, one per direction: for each stage half-size h >= 4 and k < h
;; (k a multiple of 4), 32 bytes at $tw + 8*(h + k): w_(2h)^(k..k+3) then their wq.
;; Stages h = 1, 2 use lane shuffles and the constant $w4 (w_4 in Montgomery form).
;; Stages with h < 4096 run on 16 KiB blocks (L1), h < 65536 on 256 KiB blocks (L2).
(module
  (memory (export "memory") 1)

  ;; 32-bit bit reversal, branch-free (used once per tile row, not per element)
  (func $rev32 (param $x i32) (result i32)
    (local.set $x (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 1)) (i32.const 0x55555555))
                          (i32.shl (i32.and (local.get $x) (i32.const 0x55555555)) (i32.const 1))))
    (local.set $x (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 2)) (i32.const 0x33333333))
                          (i32.shl (i32.and (local.get $x) (i32.const 0x33333333)) (i32.const 2))))
    (local.set $x (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 4)) (i32.const 0x0f0f0f0f))
                          (i32.shl (i32.and (local.get $x) (i32.const 0x0f0f0f0f)) (i32.const 4))))
    (local.set $x (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0x00ff00ff))
                          (i32.shl (i32.and (local.get $x) (i32.const 0x00ff00ff)) (i32.const 8))))
    (i32.rotl (local.get $x) (i32.const 16)))

  ;; dst[rev(k)] = src[k], n = 2^logN. Small n: one element at a time. From 2^10 on,
  ;; tiled (COBRA-style): k = (a, m, c) with 5-bit a, c goes to (rev c, rev m, rev a);
  ;; for each m a 32x32 tile is gathered into a buffer ($buf, 4 KiB) and written out as
  ;; 32 runs of 32 contiguous words, so neither side strides through memory per element.
  (func (export "bitrev") (param $src i32) (param $dst i32) (param $logN i32) (param $buf i32)
    (local $n i32) (local $k i32) (local $M i32) (local $m i32) (local $rm i32) (local $a i32)
    (local $c i32) (local $sp i32) (local $bp i32) (local $dp i32) (local $rowStride i32)
    (local.set $n (i32.shl (i32.const 1) (local.get $logN)))
    (if (i32.lt_u (local.get $logN) (i32.const 10))
      (then
        (loop $l
          (i32.store (i32.add (local.get $dst)
                       (i32.shl (i32.shr_u (call $rev32 (local.get $k)) (i32.sub (i32.const 32) (local.get $logN))) (i32.const 2)))
                     (i32.load (i32.add (local.get $src) (i32.shl (local.get $k) (i32.const 2)))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get $k) (local.get $n))))
        (return)))
    (local.set $M (i32.sub (local.get $logN) (i32.const 10)))
    ;; bytes between dst rows (rev c): 4 * 2^(M+5)
    (local.set $rowStride (i32.shl (i32.const 4) (i32.add (local.get $M) (i32.const 5))))
    (loop $lm
      (local.set $rm (select (i32.shr_u (call $rev32 (local.get $m)) (i32.sub (i32.const 32) (local.get $M)))
                             (i32.const 0) (local.get $M)))
      ;; gather: buf[c][rev a] = src[a][m][c]
      (local.set $a (i32.const 0))
      (loop $la
        (local.set $sp (i32.add (local.get $src)
          (i32.shl (i32.or (i32.shl (local.get $a) (i32.add (local.get $M) (i32.const 5))) (i32.shl (local.get $m) (i32.const 5))) (i32.const 2))))
        (local.set $bp (i32.add (local.get $buf) (i32.shl (i32.shr_u (call $rev32 (local.get $a)) (i32.const 27)) (i32.const 2))))
        (local.set $c (i32.const 0))
        (loop $lc
          (i32.store (local.get $bp) (i32.load (local.get $sp)))
          (i32.store offset=128 (local.get $bp) (i32.load offset=4 (local.get $sp)))
          (i32.store offset=256 (local.get $bp) (i32.load offset=8 (local.get $sp)))
          (i32.store offset=384 (local.get $bp) (i32.load offset=12 (local.get $sp)))
          (local.set $sp (i32.add (local.get $sp) (i32.const 16)))
          (local.set $bp (i32.add (local.get $bp) (i32.const 512)))
          (local.set $c (i32.add (local.get $c) (i32.const 4)))
          (br_if $lc (i32.lt_u (local.get $c) (i32.const 32))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br_if $la (i32.lt_u (local.get $a) (i32.const 32))))
      ;; scatter rows: dst[rev c][rm][0..32) = buf[c][0..32)
      (local.set $c (i32.const 0))
      (loop $lw
        (local.set $dp (i32.add (local.get $dst)
          (i32.add (i32.mul (i32.shr_u (call $rev32 (local.get $c)) (i32.const 27)) (local.get $rowStride))
                   (i32.shl (local.get $rm) (i32.const 7)))))
        (local.set $bp (i32.add (local.get $buf) (i32.shl (local.get $c) (i32.const 7))))
        (v128.store offset=0 (local.get $dp) (v128.load offset=0 (local.get $bp)))
        (v128.store offset=16 (local.get $dp) (v128.load offset=16 (local.get $bp)))
        (v128.store offset=32 (local.get $dp) (v128.load offset=32 (local.get $bp)))
        (v128.store offset=48 (local.get $dp) (v128.load offset=48 (local.get $bp)))
        (v128.store offset=64 (local.get $dp) (v128.load offset=64 (local.get $bp)))
        (v128.store offset=80 (local.get $dp) (v128.load offset=80 (local.get $bp)))
        (v128.store offset=96 (local.get $dp) (v128.load offset=96 (local.get $bp)))
        (v128.store offset=112 (local.get $dp) (v128.load offset=112 (local.get $bp)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br_if $lw (i32.lt_u (local.get $c) (i32.const 32))))
      (local.set $m (i32.add (local.get $m) (i32.const 1)))
      (br_if $lm (i32.lt_u (local.get $m) (i32.shl (i32.const 1) (local.get $M))))))

  ;; dst[j << $logB] = src[j] for j < n, zeros between (zero-padding a bit-reversed
  ;; coefficient vector of size n to size n << logB keeps it bit-reversed)
  (func (export "spread") (param $src i32) (param $dst i32) (param $n i32) (param $logB i32)
    (local $end i32) (local $step i32)
    (memory.fill (local.get $dst) (i32.const 0) (i32.shl (local.get $n) (i32.add (local.get $logB) (i32.const 2))))
    (local.set $step (i32.shl (i32.const 4) (local.get $logB)))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (i32.store (local.get $dst) (i32.load (local.get $src)))
      (local.set $dst (i32.add (local.get $dst) (local.get $step)))
      (local.set $src (i32.add (local.get $src) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get $src) (local.get $end)))))

  ;; DIT stages h = 1, 2 on each v128 of [ptr, ptr + 4n)
  (func $dit12 (param $ptr i32) (param $n i32) (param $w4 i32)
    (local $end i32) (local $v v128) (local $e v128) (local $o v128) (local $s v128) (local $d v128) (local $c v128) (local $m v128) (local $t v128)
    (local.set $c (i32x4.replace_lane 3 (i32x4.replace_lane 1 (i32x4.splat (i32.const 268435454)) (local.get $w4)) (local.get $w4)))
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (local.set $v (v128.load (local.get $ptr)))
      (local.set $e (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $v) (local.get $v)))
      (local.set $o (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $v) (local.get $v)))
      (local.set $s (i32x4.add (local.get $e) (local.get $o)))
      (local.set $d (i32x4.sub (local.get $e) (local.get $o)))
      ;; [x0+x1, x0-x1, x2+x3, x2-x3]
      (local.set $v (i8x16.shuffle 0 1 2 3 20 21 22 23 8 9 10 11 28 29 30 31 (i32x4.min_u (local.get $s) (i32x4.sub (local.get $s) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))) (i32x4.min_u (local.get $d) (i32x4.add (local.get $d) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $e (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
      ;; [a2, w4*a3, a2, w4*a3]; 268435454 is 1 in Montgomery form
      (local.set $m (i32x4.mul (i32x4.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)) (local.get $c)) (v128.const i32x4 2281701377 2281701377 2281701377 2281701377)))
      (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
        (i64x2.sub (i64x2.extmul_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)) (local.get $c)) (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
        (i64x2.sub (i64x2.extmul_high_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)) (local.get $c)) (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $o (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
      (local.set $s (i32x4.add (local.get $e) (local.get $o)))
      (local.set $d (i32x4.sub (local.get $e) (local.get $o)))
      (v128.store (local.get $ptr) (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (i32x4.min_u (local.get $s) (i32x4.sub (local.get $s) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))) (i32x4.min_u (local.get $d) (i32x4.add (local.get $d) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $ptr) (local.get $end)))))

  ;; DIF stages h = 2, 1 on each v128 of [ptr, ptr + 4n)
  (func $dif21 (param $ptr i32) (param $n i32) (param $w4 i32)
    (local $end i32) (local $v v128) (local $e v128) (local $o v128) (local $s v128) (local $d v128) (local $c v128) (local $m v128) (local $t v128)
    (local.set $c (i32x4.replace_lane 3 (i32x4.splat (i32.const 268435454)) (local.get $w4)))
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (local.set $v (v128.load (local.get $ptr)))
      (local.set $e (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
      (local.set $o (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))
      (local.set $s (i32x4.add (local.get $e) (local.get $o)))
      (local.set $d (i32x4.sub (local.get $e) (local.get $o)))
      ;; [x0+x2, x1+x3, x0-x2, (x1-x3)*w4]
      (local.set $v (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (i32x4.min_u (local.get $s) (i32x4.sub (local.get $s) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))) (i32x4.min_u (local.get $d) (i32x4.add (local.get $d) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $m (i32x4.mul (i32x4.mul (local.get $v) (local.get $c)) (v128.const i32x4 2281701377 2281701377 2281701377 2281701377)))
      (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
        (i64x2.sub (i64x2.extmul_low_i32x4_u (local.get $v) (local.get $c)) (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
        (i64x2.sub (i64x2.extmul_high_i32x4_u (local.get $v) (local.get $c)) (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $v (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
      (local.set $e (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $v) (local.get $v)))
      (local.set $o (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $v) (local.get $v)))
      (local.set $s (i32x4.add (local.get $e) (local.get $o)))
      (local.set $d (i32x4.sub (local.get $e) (local.get $o)))
      (v128.store (local.get $ptr) (i8x16.shuffle 0 1 2 3 20 21 22 23 8 9 10 11 28 29 30 31 (i32x4.min_u (local.get $s) (i32x4.sub (local.get $s) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))) (i32x4.min_u (local.get $d) (i32x4.add (local.get $d) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $ptr) (local.get $end)))))

  ;; DIT stages h = h0, 2 h0, ... < h1 (h >= 4) over [ptr, ptr + 4n)
  (func $dit_stages (param $ptr i32) (param $n i32) (param $h0 i32) (param $h1 i32) (param $tw i32)
    (local $h i32) (local $hb i32) (local $s0 i32) (local $end i32) (local $kend i32) (local $pa i32) (local $pw i32)
    (local $a v128) (local $b v128) (local $w v128) (local $s v128) (local $d v128) (local $m v128) (local $t v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $h (local.get $h0))
    (block $done (loop $stage
      (br_if $done (i32.ge_u (local.get $h) (local.get $h1)))
      (local.set $hb (i32.shl (local.get $h) (i32.const 2)))
      (local.set $s0 (local.get $ptr))
      (loop $group
        (local.set $pa (local.get $s0))
        (local.set $pw (i32.add (local.get $tw) (i32.shl (local.get $h) (i32.const 3))))
        (local.set $kend (i32.add (local.get $s0) (local.get $hb)))
        (loop $bf
          (local.set $b (v128.load (i32.add (local.get $pa) (local.get $hb))))
          (local.set $w (v128.load (local.get $pw)))
          (local.set $m (i32x4.mul (local.get $b) (v128.load offset=16 (local.get $pw))))
          (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
            (i64x2.sub (i64x2.extmul_low_i32x4_u (local.get $b) (local.get $w)) (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
            (i64x2.sub (i64x2.extmul_high_i32x4_u (local.get $b) (local.get $w)) (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
          (local.set $b (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
          (local.set $a (v128.load (local.get $pa)))
          (local.set $s (i32x4.add (local.get $a) (local.get $b)))
          (local.set $d (i32x4.sub (local.get $a) (local.get $b)))
          (v128.store (local.get $pa) (i32x4.min_u (local.get $s) (i32x4.sub (local.get $s) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
          (v128.store (i32.add (local.get $pa) (local.get $hb)) (i32x4.min_u (local.get $d) (i32x4.add (local.get $d) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
          (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
          (local.set $pw (i32.add (local.get $pw) (i32.const 32)))
          (br_if $bf (i32.lt_u (local.get $pa) (local.get $kend))))
        (local.set $s0 (i32.add (local.get $s0) (i32.shl (local.get $hb) (i32.const 1))))
        (br_if $group (i32.lt_u (local.get $s0) (local.get $end))))
      (local.set $h (i32.shl (local.get $h) (i32.const 1)))
      (br $stage))))

  ;; DIF stages h = h1/2, h1/4, ... >= h0 (h0 >= 4) over [ptr, ptr + 4n)
  (func $dif_stages (param $ptr i32) (param $n i32) (param $h0 i32) (param $h1 i32) (param $tw i32)
    (local $h i32) (local $hb i32) (local $s0 i32) (local $end i32) (local $kend i32) (local $pa i32) (local $pw i32)
    (local $a v128) (local $b v128) (local $w v128) (local $s v128) (local $d v128) (local $m v128) (local $t v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $h (i32.shr_u (local.get $h1) (i32.const 1)))
    (block $done (loop $stage
      (br_if $done (i32.lt_u (local.get $h) (local.get $h0)))
      (local.set $hb (i32.shl (local.get $h) (i32.const 2)))
      (local.set $s0 (local.get $ptr))
      (loop $group
        (local.set $pa (local.get $s0))
        (local.set $pw (i32.add (local.get $tw) (i32.shl (local.get $h) (i32.const 3))))
        (local.set $kend (i32.add (local.get $s0) (local.get $hb)))
        (loop $bf
          (local.set $a (v128.load (local.get $pa)))
          (local.set $b (v128.load (i32.add (local.get $pa) (local.get $hb))))
          (local.set $s (i32x4.add (local.get $a) (local.get $b)))
          (local.set $d (i32x4.sub (local.get $a) (local.get $b)))
          (v128.store (local.get $pa) (i32x4.min_u (local.get $s) (i32x4.sub (local.get $s) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
          (local.set $d (i32x4.min_u (local.get $d) (i32x4.add (local.get $d) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
          (local.set $w (v128.load (local.get $pw)))
          (local.set $m (i32x4.mul (local.get $d) (v128.load offset=16 (local.get $pw))))
          (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
            (i64x2.sub (i64x2.extmul_low_i32x4_u (local.get $d) (local.get $w)) (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
            (i64x2.sub (i64x2.extmul_high_i32x4_u (local.get $d) (local.get $w)) (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
          (local.set $d (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
          (v128.store (i32.add (local.get $pa) (local.get $hb)) (local.get $d))
          (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
          (local.set $pw (i32.add (local.get $pw) (i32.const 32)))
          (br_if $bf (i32.lt_u (local.get $pa) (local.get $kend))))
        (local.set $s0 (i32.add (local.get $s0) (i32.shl (local.get $hb) (i32.const 1))))
        (br_if $group (i32.lt_u (local.get $s0) (local.get $end))))
      (local.set $h (i32.shr_u (local.get $h) (i32.const 1)))
      (br $stage))))

  ;; in-place DIT: bit-reversed input at ptr (n = 2^logN >= 16), natural-order output
  (func (export "dit") (param $ptr i32) (param $logN i32) (param $tw i32) (param $w4 i32)
    (local $n i32) (local $b1 i32) (local $b2 i32) (local $p2 i32) (local $p1 i32) (local $end i32) (local $end2 i32)
    (local.set $n (i32.shl (i32.const 1) (local.get $logN)))
    (local.set $b1 (select (local.get $n) (i32.const 4096) (i32.lt_u (local.get $n) (i32.const 4096))))
    (local.set $b2 (select (local.get $n) (i32.const 65536) (i32.lt_u (local.get $n) (i32.const 65536))))
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $p2 (local.get $ptr))
    (loop $l2
      (local.set $end2 (i32.add (local.get $p2) (i32.shl (local.get $b2) (i32.const 2))))
      (local.set $p1 (local.get $p2))
      (loop $l1
        (call $dit12 (local.get $p1) (local.get $b1) (local.get $w4))
        (call $dit_stages (local.get $p1) (local.get $b1) (i32.const 4) (local.get $b1) (local.get $tw))
        (local.set $p1 (i32.add (local.get $p1) (i32.shl (local.get $b1) (i32.const 2))))
        (br_if $l1 (i32.lt_u (local.get $p1) (local.get $end2))))
      (call $dit_stages (local.get $p2) (local.get $b2) (local.get $b1) (local.get $b2) (local.get $tw))
      (local.set $p2 (local.get $end2))
      (br_if $l2 (i32.lt_u (local.get $p2) (local.get $end))))
    (call $dit_stages (local.get $ptr) (local.get $n) (local.get $b2) (local.get $n) (local.get $tw)))

  ;; in-place DIF: natural-order input at ptr (n = 2^logN >= 16), bit-reversed output
  (func (export "dif") (param $ptr i32) (param $logN i32) (param $tw i32) (param $w4 i32)
    (local $n i32) (local $b1 i32) (local $b2 i32) (local $p2 i32) (local $p1 i32) (local $end i32) (local $end2 i32)
    (local.set $n (i32.shl (i32.const 1) (local.get $logN)))
    (local.set $b1 (select (local.get $n) (i32.const 4096) (i32.lt_u (local.get $n) (i32.const 4096))))
    (local.set $b2 (select (local.get $n) (i32.const 65536) (i32.lt_u (local.get $n) (i32.const 65536))))
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
    (call $dif_stages (local.get $ptr) (local.get $n) (local.get $b2) (local.get $n) (local.get $tw))
    (local.set $p2 (local.get $ptr))
    (loop $l2
      (local.set $end2 (i32.add (local.get $p2) (i32.shl (local.get $b2) (i32.const 2))))
      (call $dif_stages (local.get $p2) (local.get $b2) (local.get $b1) (local.get $b2) (local.get $tw))
      (local.set $p1 (local.get $p2))
      (loop $l1
        (call $dif_stages (local.get $p1) (local.get $b1) (i32.const 4) (local.get $b1) (local.get $tw))
        (call $dif21 (local.get $p1) (local.get $b1) (local.get $w4))
        (local.set $p1 (i32.add (local.get $p1) (i32.shl (local.get $b1) (i32.const 2))))
        (br_if $l1 (i32.lt_u (local.get $p1) (local.get $end2))))
      (local.set $p2 (local.get $end2))
      (br_if $l2 (i32.lt_u (local.get $p2) (local.get $end)))))

  ;; x[i] *= c * s^i for i < n (n a multiple of 4): memory 0..16 holds c*s^0..c*s^3,
  ;; memory 16..32 holds s^4 in all lanes, both Montgomery form
  (func (export "mul_powers") (param $ptr i32) (param $n i32)
    (local $end i32) (local $cur v128) (local $step v128) (local $x v128) (local $m v128) (local $t v128)
    (local.set $cur (v128.load (i32.const 0)))
    (local.set $step (v128.load (i32.const 16)))
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (local.set $m (i32x4.mul (i32x4.mul (v128.load (local.get $ptr)) (local.get $cur)) (v128.const i32x4 2281701377 2281701377 2281701377 2281701377)))
      (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
        (i64x2.sub (i64x2.extmul_low_i32x4_u (v128.load (local.get $ptr)) (local.get $cur)) (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
        (i64x2.sub (i64x2.extmul_high_i32x4_u (v128.load (local.get $ptr)) (local.get $cur)) (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $x (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
      (v128.store (local.get $ptr) (local.get $x))
      (local.set $m (i32x4.mul (i32x4.mul (local.get $cur) (local.get $step)) (v128.const i32x4 2281701377 2281701377 2281701377 2281701377)))
      (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
        (i64x2.sub (i64x2.extmul_low_i32x4_u (local.get $cur) (local.get $step)) (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
        (i64x2.sub (i64x2.extmul_high_i32x4_u (local.get $cur) (local.get $step)) (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $cur (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $ptr) (local.get $end)))))

  ;; x[i] *= tab[i] (tab in Montgomery form) for i < n, n a multiple of 4
  (func (export "mul_table") (param $ptr i32) (param $tab i32) (param $n i32)
    (local $end i32) (local $x v128) (local $m v128) (local $t v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (local.set $m (i32x4.mul (i32x4.mul (v128.load (local.get $ptr)) (v128.load (local.get $tab))) (v128.const i32x4 2281701377 2281701377 2281701377 2281701377)))
      (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
        (i64x2.sub (i64x2.extmul_low_i32x4_u (v128.load (local.get $ptr)) (v128.load (local.get $tab))) (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
        (i64x2.sub (i64x2.extmul_high_i32x4_u (v128.load (local.get $ptr)) (v128.load (local.get $tab))) (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $x (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
      (v128.store (local.get $ptr) (local.get $x))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (local.set $tab (i32.add (local.get $tab) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $ptr) (local.get $end)))))
)
