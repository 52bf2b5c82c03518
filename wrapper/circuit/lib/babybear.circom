pragma circom 2.1.0;
// SPDX-License-Identifier: GPL-3.0
//
// Support templates and witness functions for the generated STARK verifier
// (wrapper/circuit/generate.ts). BabyBear p = 2^31 - 2^27 + 1 arithmetic is emulated in
// the BN254 scalar field by the generator; here are only the pieces it instantiates.

// in < 2^n, with base-4 digits: d(d-3) is 0 for d in {0,3} and -2 for d in {1,2}, so
// u = d(d-3), u(u+2) = 0 admits exactly d in {0,1,2,3}. Three PLONK gates per digit
// (1.5 per bit) against two per bit for circomlib's Num2Bits.
template RangeCheck(n) {
    signal input in;
    var nd = n \ 2;
    signal d[nd];
    signal u[nd];
    signal b[n % 2];
    var acc = 0;
    var w = 1;
    for (var i = 0; i < nd; i++) {
        d[i] <-- (in >> (2 * i)) & 3;
        u[i] <== d[i] * (d[i] - 3);
        u[i] * (u[i] + 2) === 0;
        acc += d[i] * w;
        w *= 4;
    }
    for (var i = 0; i < n % 2; i++) {
        b[i] <-- (in >> (n - 1)) & 1;
        b[i] * (b[i] - 1) === 0;
        acc += b[i] * w;
    }
    in === acc;
}

// ---- witness-only helpers (no constraints): values are canonical integers below p

function bb_p() { return 2013265921; }

function bb_add(a, b) { return (a + b) % bb_p(); }
function bb_sub(a, b) { return (a + bb_p() - b) % bb_p(); }
function bb_mul(a, b) { return (a * b) % bb_p(); }

function bb_inv(a) {
    var r = 1;
    var base = a;
    var e = bb_p() - 2;
    while (e > 0) {
        if (e & 1) { r = bb_mul(r, base); }
        base = bb_mul(base, base);
        e = e >> 1;
    }
    return r;
}

function bb_ext_mul(a, b) {
    var c[4] = [0, 0, 0, 0];
    for (var i = 0; i < 4; i++) {
        for (var j = 0; j < 4; j++) {
            var t = bb_mul(a[i], b[j]);
            if (i + j >= 4) { t = bb_mul(t, 11); }
            c[(i + j) % 4] = bb_add(c[(i + j) % 4], t);
        }
    }
    return c;
}

// a = A + x·B with A = a0 + a2·y, B = a1 + a3·y, y = x^2, y^2 = 11. Then
// a·(A - x·B) = A^2 - y·B^2 = n0 + n1·y, whose inverse is (n0 - n1·y) / (n0^2 - 11·n1^2).
function bb_ext_inv(a) {
    var n0 = bb_sub(bb_add(bb_mul(a[0], a[0]), bb_mul(11, bb_mul(a[2], a[2]))), bb_mul(22, bb_mul(a[1], a[3])));
    var n1 = bb_sub(bb_sub(bb_mul(2, bb_mul(a[0], a[2])), bb_mul(a[1], a[1])), bb_mul(11, bb_mul(a[3], a[3])));
    var t = bb_inv(bb_sub(bb_mul(n0, n0), bb_mul(11, bb_mul(n1, n1))));
    var m[4] = [bb_mul(n0, t), 0, bb_sub(0, bb_mul(n1, t)), 0];
    var conj[4] = [a[0], bb_sub(0, a[1]), a[2], bb_sub(0, a[3])];
    var r[4] = bb_ext_mul(conj, m);
    return r;
}

function bb_ext_div(n, d) {
    var di[4] = bb_ext_inv(d);
    var r[4] = bb_ext_mul(n, di);
    return r;
}
