pragma circom 2.1.0;
// SPDX-License-Identifier: GPL-3.0
// COST PROBE, not a hash: the shape of Poseidon2 over BN254 with t = 3 (4 + 4 external
// rounds with M_E = circ(2,1,1), 56 internal rounds with M_I = J + diag(1,1,2), x^5; the
// shape of HorizenLabs' parameters, as SP1 uses) with PLACEHOLDER round constants: the
// PLONK row count does not depend on the constants' values. The internal rounds are
// scheduled for snarkjs PLONK rows: lane 0 stays a linear expression, only the sum and
// lanes 1 and 2 are signals. Compared with circomlib Poseidon(2) by
// scripts/bench/wrap-circuit.ts to decide the wrap STARK's hash.
template P2() {
  signal input in[3]; signal output out[3];
  signal e[9][3];      // state entering each external round and after the last
  signal x2[8][3]; signal x4[8][3]; signal x5[8][3];
  signal ix2[56]; signal ix4[56]; signal ix5[56]; signal T[56]; signal a[57]; signal b[57];
  var sum = in[0] + in[1] + in[2];
  for (var i = 0; i < 3; i++) e[0][i] <== in[i] + sum;
  for (var r = 0; r < 4; r++) {
    for (var i = 0; i < 3; i++) { x2[r][i] <== (e[r][i] + r*3+i+1) * (e[r][i] + r*3+i+1); x4[r][i] <== x2[r][i] * x2[r][i]; x5[r][i] <== x4[r][i] * (e[r][i] + r*3+i+1); }
    var t = x5[r][0] + x5[r][1] + x5[r][2];
    for (var i = 0; i < 3; i++) e[r+1][i] <== x5[r][i] + t;
  }
  // internal rounds: lane 0 is a linear expression s0 (not a signal); a, b are lanes 1, 2
  var s0 = e[4][0];
  a[0] <== e[4][1]; b[0] <== e[4][2];
  for (var r = 0; r < 56; r++) {
    ix2[r] <== (s0 + r + 7) * (s0 + r + 7); ix4[r] <== ix2[r] * ix2[r]; ix5[r] <== ix4[r] * (s0 + r + 7);
    T[r] <== ix5[r] + a[r] + b[r];
    s0 = ix5[r] + T[r];
    a[r+1] <== a[r] + T[r];
    b[r+1] <== 2 * b[r] + T[r];
  }
  signal f[3];
  f[0] <== s0; f[1] <== a[56]; f[2] <== b[56];
  signal g[5][3]; signal y2[4][3]; signal y4[4][3]; signal y5[4][3];
  for (var i = 0; i < 3; i++) g[0][i] <== f[i];
  for (var r = 0; r < 4; r++) {
    for (var i = 0; i < 3; i++) { y2[r][i] <== (g[r][i] + 100+r*3+i) * (g[r][i] + 100+r*3+i); y4[r][i] <== y2[r][i] * y2[r][i]; y5[r][i] <== y4[r][i] * (g[r][i] + 100+r*3+i); }
    var t = y5[r][0] + y5[r][1] + y5[r][2];
    for (var i = 0; i < 3; i++) g[r+1][i] <== y5[r][i] + t;
  }
  for (var i = 0; i < 3; i++) out[i] <== g[4][i];
}
template T() { signal input x[3]; component p = P2(); p.in <== x; signal output o <== p.out[0]; }
component main = T();
