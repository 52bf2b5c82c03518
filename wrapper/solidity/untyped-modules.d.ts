// SPDX-License-Identifier: GPL-3.0
// These packages ship no TypeScript declarations; they are used as `any` at the
// boundary of wrapper/ (inputs are checked where they enter our code).
declare module "snarkjs";
declare module "ffjavascript";
declare module "solc";
