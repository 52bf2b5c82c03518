;; BabyBear elementwise vector kernels, SIMD (4 elements per v128). Hand-written; the
;; Montgomery product (mm) is written out inline in each loop because V8 does not inline
;; small wasm functions reliably and the call costs ~25% here.
;; mm(a, b) = a*b/2^32 mod p: m = a*b*p^-1 mod 2^32 (p^-1 = 2281701377), then
;; (a*b - m*p)/2^32 is the odd 32-bit word of the i64 difference, in (-p, p); min_u with
;; t + p folds it into [0, p). Canonical in, canonical out; all n are multiples of 4.
;; Scratch: bytes [0, 32) hold two v128 parameters where a loop needs them.
(module
  (memory (export "memory") 1)

  ;; out = a * b: mm(mm(a, b), 2^64 mod p) undoes both 2^-32 factors
  (func (export "vmul") (param $a i32) (param $b i32) (param $out i32) (param $n i32)
    (local $end i32) (local $x v128) (local $m v128) (local $t v128)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (local.set $m (i32x4.mul (i32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b))) (v128.const i32x4 2281701377 2281701377 2281701377 2281701377)))
      (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
        (i64x2.sub (i64x2.extmul_low_i32x4_u (v128.load (local.get $a)) (v128.load (local.get $b))) (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
        (i64x2.sub (i64x2.extmul_high_i32x4_u (v128.load (local.get $a)) (v128.load (local.get $b))) (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $x (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
      (local.set $m (i32x4.mul (i32x4.mul (local.get $x) (v128.const i32x4 1172168163 1172168163 1172168163 1172168163)) (v128.const i32x4 2281701377 2281701377 2281701377 2281701377)))
      (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
        (i64x2.sub (i64x2.extmul_low_i32x4_u (local.get $x) (v128.const i32x4 1172168163 1172168163 1172168163 1172168163)) (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
        (i64x2.sub (i64x2.extmul_high_i32x4_u (local.get $x) (v128.const i32x4 1172168163 1172168163 1172168163 1172168163)) (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $x (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
      (v128.store (local.get $out) (local.get $x))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $a) (local.get $end)))))

  ;; out = a * s, with s given in Montgomery form (s * 2^32 mod p): one mm
  (func (export "vscale") (param $a i32) (param $s i32) (param $out i32) (param $n i32)
    (local $end i32) (local $x v128) (local $sv v128) (local $m v128) (local $t v128)
    (local.set $sv (i32x4.splat (local.get $s)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (local.set $m (i32x4.mul (i32x4.mul (v128.load (local.get $a)) (local.get $sv)) (v128.const i32x4 2281701377 2281701377 2281701377 2281701377)))
      (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
        (i64x2.sub (i64x2.extmul_low_i32x4_u (v128.load (local.get $a)) (local.get $sv)) (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
        (i64x2.sub (i64x2.extmul_high_i32x4_u (v128.load (local.get $a)) (local.get $sv)) (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $x (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
      (v128.store (local.get $out) (local.get $x))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $a) (local.get $end)))))

  ;; out = a + b: the wrapped s - p is huge unless s >= p
  (func (export "vadd") (param $a i32) (param $b i32) (param $out i32) (param $n i32)
    (local $end i32) (local $s v128)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (local.set $s (i32x4.add (v128.load (local.get $a)) (v128.load (local.get $b))))
      (v128.store (local.get $out) (i32x4.min_u (local.get $s) (i32x4.sub (local.get $s) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $a) (local.get $end)))))

  ;; out = a - b: when a < b the difference wraps huge and d + p is the answer
  (func (export "vsub") (param $a i32) (param $b i32) (param $out i32) (param $n i32)
    (local $end i32) (local $s v128)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (local.set $s (i32x4.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
      (v128.store (local.get $out) (i32x4.min_u (local.get $s) (i32x4.add (local.get $s) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $a) (local.get $end)))))

  ;; out[i] = cur_lane * step^(i/4): cur (memory 0) plain b^0..b^3, step (memory 16)
  ;; b^4 in Montgomery form, so mm keeps cur plain; cur is stored back for the next chunk
  (func (export "powers") (param $out i32) (param $n i32)
    (local $end i32) (local $cur v128) (local $step v128) (local $m v128) (local $t v128)
    (local.set $cur (v128.load (i32.const 0)))
    (local.set $step (v128.load (i32.const 16)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (v128.store (local.get $out) (local.get $cur))
      (local.set $m (i32x4.mul (i32x4.mul (local.get $cur) (local.get $step)) (v128.const i32x4 2281701377 2281701377 2281701377 2281701377)))
      (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
        (i64x2.sub (i64x2.extmul_low_i32x4_u (local.get $cur) (local.get $step)) (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
        (i64x2.sub (i64x2.extmul_high_i32x4_u (local.get $cur) (local.get $step)) (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $cur (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $out) (local.get $end))))
    (v128.store (i32.const 0) (local.get $cur)))

  ;; Batch inversion, four interleaved chains (lane j takes elements j, j+4, ...).
  ;; With mm everywhere the 2^-32 factors cancel: acc_k = prod_k / R^k, the prefix
  ;; s_i = prod_i / R^i, and after T = 1/acc (computed by the caller) each step
  ;; out_i = mm(s_i, T) = 1/x_i and T <- mm(T, x_i) keeps T = R^i / prod_i.
  ;; pass 1: pre[v] = acc; acc = mm(acc, x[v]); acc lives at memory 0 (start: ones)
  (func (export "binv_prefix") (param $x i32) (param $pre i32) (param $n i32)
    (local $end i32) (local $acc v128) (local $m v128) (local $t v128)
    (local.set $acc (v128.load (i32.const 0)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (v128.store (local.get $pre) (local.get $acc))
      (local.set $m (i32x4.mul (i32x4.mul (local.get $acc) (v128.load (local.get $x))) (v128.const i32x4 2281701377 2281701377 2281701377 2281701377)))
      (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
        (i64x2.sub (i64x2.extmul_low_i32x4_u (local.get $acc) (v128.load (local.get $x))) (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
        (i64x2.sub (i64x2.extmul_high_i32x4_u (local.get $acc) (v128.load (local.get $x))) (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $acc (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $pre (i32.add (local.get $pre) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $x) (local.get $end))))
    (v128.store (i32.const 0) (local.get $acc)))

  ;; pass 2, backwards: out[v] = mm(pre[v], T); T = mm(T, x[v]); T at memory 16 (stored back)
  (func (export "binv_back") (param $x i32) (param $pre i32) (param $out i32) (param $n i32)
    (local $off i32) (local $tv v128) (local $y v128) (local $m v128) (local $t v128)
    (local.set $tv (v128.load (i32.const 16)))
    (local.set $off (i32.shl (local.get $n) (i32.const 2)))
    (loop $l
      (local.set $off (i32.sub (local.get $off) (i32.const 16)))
      (local.set $m (i32x4.mul (i32x4.mul (v128.load (i32.add (local.get $pre) (local.get $off))) (local.get $tv)) (v128.const i32x4 2281701377 2281701377 2281701377 2281701377)))
      (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
        (i64x2.sub (i64x2.extmul_low_i32x4_u (v128.load (i32.add (local.get $pre) (local.get $off))) (local.get $tv)) (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
        (i64x2.sub (i64x2.extmul_high_i32x4_u (v128.load (i32.add (local.get $pre) (local.get $off))) (local.get $tv)) (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $y (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
      (v128.store (i32.add (local.get $out) (local.get $off)) (local.get $y))
      (local.set $m (i32x4.mul (i32x4.mul (local.get $tv) (v128.load (i32.add (local.get $x) (local.get $off)))) (v128.const i32x4 2281701377 2281701377 2281701377 2281701377)))
      (local.set $t (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
        (i64x2.sub (i64x2.extmul_low_i32x4_u (local.get $tv) (v128.load (i32.add (local.get $x) (local.get $off)))) (i64x2.extmul_low_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))
        (i64x2.sub (i64x2.extmul_high_i32x4_u (local.get $tv) (v128.load (i32.add (local.get $x) (local.get $off)))) (i64x2.extmul_high_i32x4_u (local.get $m) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921)))))
      (local.set $tv (i32x4.min_u (local.get $t) (i32x4.add (local.get $t) (v128.const i32x4 2013265921 2013265921 2013265921 2013265921))))
      (br_if $l (i32.gt_s (local.get $off) (i32.const 0))))
    (v128.store (i32.const 16) (local.get $tv)))

  ;; scalar i64 Montgomery product, out = a * b (for the benchmark's scalar figure)
  (func (export "smul") (param $a i32) (param $b i32) (param $out i32) (param $n i32)
    (local $end i32) (local $x i64) (local $m i32) (local $r i64)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (loop $l
      (local.set $x (i64.mul (i64.load32_u (local.get $a)) (i64.load32_u (local.get $b))))
      (local.set $m (i32.mul (i32.wrap_i64 (local.get $x)) (i32.const 2281701377)))
      (local.set $r (i64.shr_s (i64.sub (local.get $x) (i64.mul (i64.extend_i32_u (local.get $m)) (i64.const 2013265921))) (i64.const 32)))
      (local.set $r (select (i64.add (local.get $r) (i64.const 2013265921)) (local.get $r) (i64.lt_s (local.get $r) (i64.const 0))))
      ;; times 2^64 mod p, reduced the same way, gives the plain product
      (local.set $x (i64.mul (local.get $r) (i64.const 1172168163)))
      (local.set $m (i32.mul (i32.wrap_i64 (local.get $x)) (i32.const 2281701377)))
      (local.set $r (i64.shr_s (i64.sub (local.get $x) (i64.mul (i64.extend_i32_u (local.get $m)) (i64.const 2013265921))) (i64.const 32)))
      (local.set $r (select (i64.add (local.get $r) (i64.const 2013265921)) (local.get $r) (i64.lt_s (local.get $r) (i64.const 0))))
      (i32.store (local.get $out) (i32.wrap_i64 (local.get $r)))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get $a) (local.get $end)))))
)
