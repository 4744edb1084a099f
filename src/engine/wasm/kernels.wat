;; The engine's three matrix products in WebAssembly SIMD (f64x2), and the optimizers' element-wise
;; updates (adam; squares for AdaGrad and RMSProp, at the end of this file), on matrices that live in the
;; memory the engine imports (one WebAssembly.Memory per arena, see ../matrix.ts):
;;   forward   U = Y·W + b     forward(o, y, w, b, n, K, cols, scratch)
;;   gradient  ∂W = (s·Y)ᵀ·Δ   gradient(o, a, d, n, rows, cols, s, scratch)
;;   backward  ∂Y = Δ·Wᵀ       backward(o, d, w, n, K, cols, scratch)
;; Pointers are byte offsets into that memory; matrices are row-major Float64 without padding.
;;
;; Bit-identical to the TypeScript kernel in ../matrix.ts: every output element is one accumulator
;; that starts from its initial value (b_c or +0) and adds x·p for k = 0, 1, …, K − 1 in that order,
;; each product rounded then each sum rounded (no FMA; SIMD128 has none, relaxed-simd is not used).
;; SIMD runs across two adjacent output columns, which are independent sums, so lanes never mix.
;;
;; Edges: a block of four columns whose last one, two or three are past the matrix still computes
;; them in its spare lanes (from whatever lies there) but never stores them, so reads may run up to
;; three doubles past an operand's end: the arena keeps 64 spare bytes at the end of the memory.
;; Assembled by scripts/build-wasm.js into bytes.ts; imports only the memory.
(module
  (import "env" "memory" (memory 0))

  ;; Stores the first `width` (1 … 4) of the four values lo.0 lo.1 hi.0 hi.1 at o.
  (func $store (param $o i32) (param $lo v128) (param $hi v128) (param $width i32)
    (if (i32.ge_u (local.get $width) (i32.const 2))
      (then (v128.store (local.get $o) (local.get $lo)))
      (else (f64.store (local.get $o) (f64x2.extract_lane 0 (local.get $lo)))))
    (if (i32.eq (local.get $width) (i32.const 4))
      (then (v128.store offset=16 (local.get $o) (local.get $hi))))
    (if (i32.eq (local.get $width) (i32.const 3))
      (then (f64.store offset=16 (local.get $o) (f64x2.extract_lane 0 (local.get $hi))))))

  ;; A 4 × 4 block of O, the register-blocked core: O[r][c] = init + Σ_k X[r][k] P[k][c] for r < 4,
  ;; c < width, where X[r][k] is at x + r·xr + k·xk and P[k][c] at p + k·pk + 8c (two columns per
  ;; f64x2). init: 0 → +0, else the address of the four initial values (a bias row). Eight f64x2
  ;; accumulators stay in registers while k runs; each loaded P pair serves four rows.
  (func $block4
    (param $o i32) (param $ldo i32)
    (param $x i32) (param $xr i32) (param $xk i32)
    (param $p i32) (param $pk i32)
    (param $init i32) (param $K i32) (param $width i32)
    (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $p0 v128) (local $p1 v128) (local $v v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    ;; initial values, the same for the four rows
    (if (local.get $init)
      (then
        (local.set $a00 (v128.load (local.get $init)))
        (local.set $a01 (v128.load offset=16 (local.get $init)))))
    (local.set $a10 (local.get $a00))
    (local.set $a11 (local.get $a01))
    (local.set $a20 (local.get $a00))
    (local.set $a21 (local.get $a01))
    (local.set $a30 (local.get $a00))
    (local.set $a31 (local.get $a01))
    (local.set $x1 (i32.add (local.get $x) (local.get $xr)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $xr)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $xr)))
    ;; k = 0 … K − 1, in order
    (if (local.get $K)
      (then
        (loop $k
          (local.set $p0 (v128.load (local.get $p)))
          (local.set $p1 (v128.load offset=16 (local.get $p)))
          (local.set $v (v128.load64_splat (local.get $x)))
          (local.set $a00 (f64x2.add (local.get $a00) (f64x2.mul (local.get $v) (local.get $p0))))
          (local.set $a01 (f64x2.add (local.get $a01) (f64x2.mul (local.get $v) (local.get $p1))))
          (local.set $v (v128.load64_splat (local.get $x1)))
          (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $v) (local.get $p0))))
          (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $v) (local.get $p1))))
          (local.set $v (v128.load64_splat (local.get $x2)))
          (local.set $a20 (f64x2.add (local.get $a20) (f64x2.mul (local.get $v) (local.get $p0))))
          (local.set $a21 (f64x2.add (local.get $a21) (f64x2.mul (local.get $v) (local.get $p1))))
          (local.set $v (v128.load64_splat (local.get $x3)))
          (local.set $a30 (f64x2.add (local.get $a30) (f64x2.mul (local.get $v) (local.get $p0))))
          (local.set $a31 (f64x2.add (local.get $a31) (f64x2.mul (local.get $v) (local.get $p1))))
          (local.set $x (i32.add (local.get $x) (local.get $xk)))
          (local.set $x1 (i32.add (local.get $x1) (local.get $xk)))
          (local.set $x2 (i32.add (local.get $x2) (local.get $xk)))
          (local.set $x3 (i32.add (local.get $x3) (local.get $xk)))
          (local.set $p (i32.add (local.get $p) (local.get $pk)))
          (br_if $k (local.tee $K (i32.sub (local.get $K) (i32.const 1)))))))
    ;; the block's rows, each cut to width
    (call $store (local.get $o) (local.get $a00) (local.get $a01) (local.get $width))
    (local.set $o (i32.add (local.get $o) (local.get $ldo)))
    (call $store (local.get $o) (local.get $a10) (local.get $a11) (local.get $width))
    (local.set $o (i32.add (local.get $o) (local.get $ldo)))
    (call $store (local.get $o) (local.get $a20) (local.get $a21) (local.get $width))
    (local.set $o (i32.add (local.get $o) (local.get $ldo)))
    (call $store (local.get $o) (local.get $a30) (local.get $a31) (local.get $width)))

  ;; One row of four columns, for the rows left over below the last full block of four: as
  ;; $block4 with a single X row (two accumulators).
  (func $row1
    (param $o i32) (param $x i32) (param $xk i32) (param $p i32) (param $pk i32)
    (param $init i32) (param $K i32) (param $width i32)
    (local $v v128) (local $a0 v128) (local $a1 v128)
    (if (local.get $init)
      (then
        (local.set $a0 (v128.load (local.get $init)))
        (local.set $a1 (v128.load offset=16 (local.get $init)))))
    (if (local.get $K)
      (then
        (loop $k
          (local.set $v (v128.load64_splat (local.get $x)))
          (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v) (v128.load (local.get $p)))))
          (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $p)))))
          (local.set $x (i32.add (local.get $x) (local.get $xk)))
          (local.set $p (i32.add (local.get $p) (local.get $pk)))
          (br_if $k (local.tee $K (i32.sub (local.get $K) (i32.const 1)))))))
    (call $store (local.get $o) (local.get $a0) (local.get $a1) (local.get $width)))

  ;; Columns c … c + width − 1 of O (rows × ·, row stride ldo) for every row: blocks of four rows,
  ;; then the rest one by one. X rows start at x + r·xr; P and init already point at column c.
  (func $columns
    (param $o i32) (param $ldo i32) (param $rows i32)
    (param $x i32) (param $xr i32) (param $xk i32)
    (param $p i32) (param $pk i32)
    (param $init i32) (param $K i32) (param $width i32)
    (local $r i32)
    (block $done
      (loop $blocks
        (br_if $done (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $rows)))
        (call $block4 (local.get $o) (local.get $ldo) (local.get $x) (local.get $xr) (local.get $xk)
          (local.get $p) (local.get $pk) (local.get $init) (local.get $K) (local.get $width))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ldo) (i32.const 2))))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $xr) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $blocks)))
    (block $end
      (loop $rest
        (br_if $end (i32.ge_u (local.get $r) (local.get $rows)))
        (call $row1 (local.get $o) (local.get $x) (local.get $xk) (local.get $p) (local.get $pk)
          (local.get $init) (local.get $K) (local.get $width))
        (local.set $o (i32.add (local.get $o) (local.get $ldo)))
        (local.set $x (i32.add (local.get $x) (local.get $xr)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rest))))

  ;; U = Y·W + b: o (n × cols) from y (n × K), w (K × cols), b (cols). For each block of four columns
  ;; of O, those columns of W are packed into scratch (scratch[k][0..3] = w[k][c..c+3], contiguous, so
  ;; the panel stays in L1 however wide W is), then every row of O runs over it; Y is read in place.
  (func (export "forward")
    (param $o i32) (param $y i32) (param $w i32) (param $b i32)
    (param $n i32) (param $K i32) (param $cols i32) (param $scratch i32)
    (local $c i32) (local $k i32) (local $width i32) (local $src i32) (local $dst i32) (local $ldw i32)
    (local.set $ldw (i32.shl (local.get $cols) (i32.const 3)))
    (block $done
      (loop $panels
        (br_if $done (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $width (call $min4 (i32.sub (local.get $cols) (local.get $c))))
        ;; pack: four doubles of each row of W (past the last column: whatever lies there, never stored)
        (local.set $src (i32.add (local.get $w) (i32.shl (local.get $c) (i32.const 3))))
        (local.set $dst (local.get $scratch))
        (local.set $k (i32.const 0))
        (block $packed
          (loop $pack
            (br_if $packed (i32.ge_u (local.get $k) (local.get $K)))
            (v128.store (local.get $dst) (v128.load (local.get $src)))
            (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
            (local.set $src (i32.add (local.get $src) (local.get $ldw)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $pack)))
        (call $columns
          (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 3))) (local.get $ldw) (local.get $n)
          (local.get $y) (i32.shl (local.get $K) (i32.const 3)) (i32.const 8)
          (local.get $scratch) (i32.const 32)
          (i32.add (local.get $b) (i32.shl (local.get $c) (i32.const 3))) (local.get $K) (local.get $width))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $panels))))

  ;; ∂W = (s·A)ᵀ·Δ: o (rows × cols) from a (n × rows) and d (n × cols), o[i][c] = Σ_r (s·a[r][i]) d[r][c].
  ;; Δ is packed first, in panels of four columns after the first 4·n doubles of scratch
  ;; (panel p: [r][0..3] = d[r][4p..4p+3], contiguous: Δ's rows can be 4 KiB apart, which would make
  ;; a panel's rows fight for the same L1 sets). Then for each block of four rows of O, the four
  ;; columns of A are packed, scaled, into scratch (scratch[r][0..3] = s·a[r][i..i+3], the product
  ;; rounded as the TypeScript kernel's packing does), and every panel runs over it.
  (func (export "gradient")
    (param $o i32) (param $a i32) (param $d i32)
    (param $n i32) (param $rows i32) (param $cols i32) (param $s f64) (param $scratch i32)
    (local $i i32) (local $c i32) (local $r i32) (local $width i32)
    (local $src i32) (local $dst i32) (local $lda i32) (local $ldo i32) (local $sv v128)
    (local $panels i32) (local $panel i32)
    (local.set $sv (f64x2.splat (local.get $s)))
    (local.set $lda (i32.shl (local.get $rows) (i32.const 3)))
    (local.set $ldo (i32.shl (local.get $cols) (i32.const 3)))
    ;; pack Δ into panels (past the last column: whatever lies there, never stored)
    (local.set $panels (i32.add (local.get $scratch) (i32.shl (local.get $n) (i32.const 5))))
    (local.set $dst (local.get $panels))
    (block $packedD
      (loop $panel
        (br_if $packedD (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $src (i32.add (local.get $d) (i32.shl (local.get $c) (i32.const 3))))
        (local.set $r (i32.const 0))
        (block $rowsD
          (loop $rowD
            (br_if $rowsD (i32.ge_u (local.get $r) (local.get $n)))
            (v128.store (local.get $dst) (v128.load (local.get $src)))
            (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
            (local.set $src (i32.add (local.get $src) (local.get $ldo)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rowD)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $panel)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $width (i32.sub (local.get $rows) (local.get $i)))
        (if (i32.gt_u (local.get $width) (i32.const 4)) (then (local.set $width (i32.const 4))))
        ;; pack: four rows of O at once, else the one row i
        (local.set $src (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $dst (local.get $scratch))
        (local.set $r (i32.const 0))
        (if (i32.eq (local.get $width) (i32.const 4))
          (then
            (block $packed
              (loop $pack
                (br_if $packed (i32.ge_u (local.get $r) (local.get $n)))
                (v128.store (local.get $dst) (f64x2.mul (v128.load (local.get $src)) (local.get $sv)))
                (v128.store offset=16 (local.get $dst) (f64x2.mul (v128.load offset=16 (local.get $src)) (local.get $sv)))
                (local.set $src (i32.add (local.get $src) (local.get $lda)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $pack))))
          (else
            (local.set $width (i32.const 1))
            (block $packed1
              (loop $pack1
                (br_if $packed1 (i32.ge_u (local.get $r) (local.get $n)))
                (f64.store (local.get $dst) (f64.mul (f64.load (local.get $src)) (local.get $s)))
                (local.set $src (i32.add (local.get $src) (local.get $lda)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $pack1)))))
        ;; every panel of Δ against these rows of O
        (local.set $c (i32.const 0))
        (local.set $panel (local.get $panels))
        (block $row
          (loop $columns
            (br_if $row (i32.ge_u (local.get $c) (local.get $cols)))
            (if (i32.eq (local.get $width) (i32.const 4))
              (then
                (call $block4
                  (i32.add (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $ldo))) (i32.shl (local.get $c) (i32.const 3)))
                  (local.get $ldo)
                  (local.get $scratch) (i32.const 8) (i32.const 32)
                  (local.get $panel) (i32.const 32)
                  (i32.const 0) (local.get $n) (call $min4 (i32.sub (local.get $cols) (local.get $c)))))
              (else
                (call $row1
                  (i32.add (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $ldo))) (i32.shl (local.get $c) (i32.const 3)))
                  (local.get $scratch) (i32.const 8)
                  (local.get $panel) (i32.const 32)
                  (i32.const 0) (local.get $n) (call $min4 (i32.sub (local.get $cols) (local.get $c))))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (local.set $panel (i32.add (local.get $panel) (i32.shl (local.get $n) (i32.const 5))))
            (br $columns)))
        (local.set $i (i32.add (local.get $i) (local.get $width)))
        (br $blocks))))

  ;; ∂Y = Δ·Wᵀ: o (n × cols) from d (n × K) and w (cols × K), o[r][i] = Σ_k d[r][k] w[i][k].
  ;; For each block of four columns of O, those four rows of W are packed transposed into scratch
  ;; (scratch[k][0..3] = w[i..i+3][k], two k at a time: four pair loads, four lane shuffles; a row past
  ;; the matrix repeats the last one, and its lane is never stored), then every row of O runs over it;
  ;; Δ is read in place.
  (func (export "backward")
    (param $o i32) (param $d i32) (param $w i32)
    (param $n i32) (param $K i32) (param $cols i32) (param $scratch i32)
    (local $i i32) (local $k i32) (local $width i32) (local $ldw i32) (local $dst i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $a v128) (local $b v128) (local $c v128) (local $e v128)
    (local.set $ldw (i32.shl (local.get $K) (i32.const 3)))
    (block $done
      (loop $panels
        (br_if $done (i32.ge_u (local.get $i) (local.get $cols)))
        (local.set $width (call $min4 (i32.sub (local.get $cols) (local.get $i))))
        (local.set $r0 (i32.add (local.get $w) (i32.mul (local.get $i) (local.get $ldw))))
        (local.set $r1 (i32.add (local.get $r0) (i32.mul (local.get $ldw) (call $min (i32.const 1) (i32.sub (local.get $width) (i32.const 1))))))
        (local.set $r2 (i32.add (local.get $r0) (i32.mul (local.get $ldw) (call $min (i32.const 2) (i32.sub (local.get $width) (i32.const 1))))))
        (local.set $r3 (i32.add (local.get $r0) (i32.mul (local.get $ldw) (call $min (i32.const 3) (i32.sub (local.get $width) (i32.const 1))))))
        (local.set $dst (local.get $scratch))
        (local.set $k (i32.const 0))
        ;; pack: k and k + 1 of the four rows, transposed with 64-bit lane shuffles
        (block $pairs
          (loop $pack
            (br_if $pairs (i32.gt_u (i32.add (local.get $k) (i32.const 2)) (local.get $K)))
            (local.set $a (v128.load (local.get $r0)))
            (local.set $b (v128.load (local.get $r1)))
            (local.set $c (v128.load (local.get $r2)))
            (local.set $e (v128.load (local.get $r3)))
            (v128.store (local.get $dst)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b)))
            (v128.store offset=16 (local.get $dst)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $c) (local.get $e)))
            (v128.store offset=32 (local.get $dst)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b)))
            (v128.store offset=48 (local.get $dst)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $c) (local.get $e)))
            (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
            (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
            (local.set $r2 (i32.add (local.get $r2) (i32.const 16)))
            (local.set $r3 (i32.add (local.get $r3) (i32.const 16)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
            (local.set $k (i32.add (local.get $k) (i32.const 2)))
            (br $pack)))
        ;; an odd K leaves the last k
        (if (i32.lt_u (local.get $k) (local.get $K))
          (then
            (f64.store (local.get $dst) (f64.load (local.get $r0)))
            (f64.store offset=8 (local.get $dst) (f64.load (local.get $r1)))
            (f64.store offset=16 (local.get $dst) (f64.load (local.get $r2)))
            (f64.store offset=24 (local.get $dst) (f64.load (local.get $r3)))))
        (call $columns
          (i32.add (local.get $o) (i32.shl (local.get $i) (i32.const 3))) (i32.shl (local.get $cols) (i32.const 3)) (local.get $n)
          (local.get $d) (local.get $ldw) (i32.const 8)
          (local.get $scratch) (i32.const 32)
          (i32.const 0) (local.get $K) (local.get $width))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $panels))))

;; The optimizers' element-wise updates (../optimizers.ts has the same arithmetic in TypeScript, bit for
  ;; bit: the same operations in the same order, each rounded, no FMA), two entries per f64x2, an odd last
  ;; entry in f64. The state is read from one set of buffers and written to another.
  ;;   adam     g' = g + λp; m' = β₁m + c₁g'; v' = β₂v + c₂(g'·g'); p ← p + (k·m')/(√v' + ε')
  ;;   squares  g' = g + λp; h' = keep·h + add·(g'·g'); step = −η·(g'/(√h' + ε)); p ← p + step
  (func (export "adam")
    (param $p i32) (param $g i32) (param $m0 i32) (param $v0 i32) (param $m1 i32) (param $v1 i32) (param $n i32)
    (param $b1 f64) (param $b2 f64) (param $c1 f64) (param $c2 f64) (param $k f64) (param $eps f64) (param $decay f64)
    (local $o i32) (local $pairs i32) (local $gx v128) (local $m v128) (local $v v128)
    (local $B1 v128) (local $B2 v128) (local $C1 v128) (local $C2 v128) (local $K v128) (local $E v128) (local $D v128)
    (local $gs f64) (local $ms f64) (local $vs f64)
    (local.set $B1 (f64x2.splat (local.get $b1)))
    (local.set $B2 (f64x2.splat (local.get $b2)))
    (local.set $C1 (f64x2.splat (local.get $c1)))
    (local.set $C2 (f64x2.splat (local.get $c2)))
    (local.set $K (f64x2.splat (local.get $k)))
    (local.set $E (f64x2.splat (local.get $eps)))
    (local.set $D (f64x2.splat (local.get $decay)))
    (local.set $pairs (i32.shl (i32.shr_u (local.get $n) (i32.const 1)) (i32.const 4)))
    (block $done
      (loop $x
        (br_if $done (i32.ge_u (local.get $o) (local.get $pairs)))
        (local.set $gx (f64x2.add (v128.load (i32.add (local.get $g) (local.get $o)))
                                  (f64x2.mul (local.get $D) (v128.load (i32.add (local.get $p) (local.get $o))))))
        (local.set $m (f64x2.add (f64x2.mul (local.get $B1) (v128.load (i32.add (local.get $m0) (local.get $o))))
                                 (f64x2.mul (local.get $C1) (local.get $gx))))
        (local.set $v (f64x2.add (f64x2.mul (local.get $B2) (v128.load (i32.add (local.get $v0) (local.get $o))))
                                 (f64x2.mul (local.get $C2) (f64x2.mul (local.get $gx) (local.get $gx)))))
        (v128.store (i32.add (local.get $m1) (local.get $o)) (local.get $m))
        (v128.store (i32.add (local.get $v1) (local.get $o)) (local.get $v))
        (v128.store (i32.add (local.get $p) (local.get $o))
          (f64x2.add (v128.load (i32.add (local.get $p) (local.get $o)))
            (f64x2.div (f64x2.mul (local.get $K) (local.get $m)) (f64x2.add (f64x2.sqrt (local.get $v)) (local.get $E)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $x)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $gs (f64.add (f64.load (i32.add (local.get $g) (local.get $o)))
                                (f64.mul (local.get $decay) (f64.load (i32.add (local.get $p) (local.get $o))))))
        (local.set $ms (f64.add (f64.mul (local.get $b1) (f64.load (i32.add (local.get $m0) (local.get $o))))
                                (f64.mul (local.get $c1) (local.get $gs))))
        (local.set $vs (f64.add (f64.mul (local.get $b2) (f64.load (i32.add (local.get $v0) (local.get $o))))
                                (f64.mul (local.get $c2) (f64.mul (local.get $gs) (local.get $gs)))))
        (f64.store (i32.add (local.get $m1) (local.get $o)) (local.get $ms))
        (f64.store (i32.add (local.get $v1) (local.get $o)) (local.get $vs))
        (f64.store (i32.add (local.get $p) (local.get $o))
          (f64.add (f64.load (i32.add (local.get $p) (local.get $o)))
            (f64.div (f64.mul (local.get $k) (local.get $ms)) (f64.add (f64.sqrt (local.get $vs)) (local.get $eps))))))))

  (func (export "squares")
    (param $p i32) (param $g i32) (param $h0 i32) (param $h1 i32) (param $step i32) (param $n i32)
    (param $keep f64) (param $add f64) (param $eps f64) (param $negEta f64) (param $decay f64)
    (local $o i32) (local $pairs i32) (local $gx v128) (local $h v128) (local $d v128)
    (local $KEEP v128) (local $ADD v128) (local $E v128) (local $N v128) (local $D v128)
    (local $gs f64) (local $hs f64) (local $ds f64)
    (local.set $KEEP (f64x2.splat (local.get $keep)))
    (local.set $ADD (f64x2.splat (local.get $add)))
    (local.set $E (f64x2.splat (local.get $eps)))
    (local.set $N (f64x2.splat (local.get $negEta)))
    (local.set $D (f64x2.splat (local.get $decay)))
    (local.set $pairs (i32.shl (i32.shr_u (local.get $n) (i32.const 1)) (i32.const 4)))
    (block $done
      (loop $x
        (br_if $done (i32.ge_u (local.get $o) (local.get $pairs)))
        (local.set $gx (f64x2.add (v128.load (i32.add (local.get $g) (local.get $o)))
                                  (f64x2.mul (local.get $D) (v128.load (i32.add (local.get $p) (local.get $o))))))
        (local.set $h (f64x2.add (f64x2.mul (local.get $KEEP) (v128.load (i32.add (local.get $h0) (local.get $o))))
                                 (f64x2.mul (local.get $ADD) (f64x2.mul (local.get $gx) (local.get $gx)))))
        (v128.store (i32.add (local.get $h1) (local.get $o)) (local.get $h))
        (local.set $d (f64x2.mul (local.get $N) (f64x2.div (local.get $gx) (f64x2.add (f64x2.sqrt (local.get $h)) (local.get $E)))))
        (v128.store (i32.add (local.get $step) (local.get $o)) (local.get $d))
        (v128.store (i32.add (local.get $p) (local.get $o)) (f64x2.add (v128.load (i32.add (local.get $p) (local.get $o))) (local.get $d)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $x)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $gs (f64.add (f64.load (i32.add (local.get $g) (local.get $o)))
                                (f64.mul (local.get $decay) (f64.load (i32.add (local.get $p) (local.get $o))))))
        (local.set $hs (f64.add (f64.mul (local.get $keep) (f64.load (i32.add (local.get $h0) (local.get $o))))
                                (f64.mul (local.get $add) (f64.mul (local.get $gs) (local.get $gs)))))
        (f64.store (i32.add (local.get $h1) (local.get $o)) (local.get $hs))
        (local.set $ds (f64.mul (local.get $negEta) (f64.div (local.get $gs) (f64.add (f64.sqrt (local.get $hs)) (local.get $eps)))))
        (f64.store (i32.add (local.get $step) (local.get $o)) (local.get $ds))
        (f64.store (i32.add (local.get $p) (local.get $o)) (f64.add (f64.load (i32.add (local.get $p) (local.get $o))) (local.get $ds))))))

    ;; min(a, b), unsigned
  (func $min (param $a i32) (param $b i32) (result i32)
    (select (local.get $a) (local.get $b) (i32.lt_u (local.get $a) (local.get $b))))

  ;; min(v, 4)
  (func $min4 (param $v i32) (result i32)
    (select (local.get $v) (i32.const 4) (i32.lt_u (local.get $v) (i32.const 4)))))
