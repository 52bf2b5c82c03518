// RV32M arithmetic on int32 values held in JS numbers, exact to the spec. Shared by the
// interpreter and by the code the fast emulator generates.

/** High 32 bits of the unsigned 64-bit product, from 16-bit limbs (doubles stay exact). */
export function mulhu(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const mid1 = a1 * b0, mid2 = a0 * b1;
  const carry = (((a0 * b0) >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  return (a1 * b1 + (mid1 >>> 16) + (mid2 >>> 16) + carry) | 0;
}

/** signed x signed: a negative operand subtracts the other from the unsigned high word. */
export function mulh(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

/** signed a x unsigned b. */
export function mulhsu(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0)) | 0;
}

// Division: by zero gives all ones (quotient) or the dividend (remainder); the one
// signed overflow, -2^31 / -1, gives -2^31 and remainder 0. The float quotient of two
// int32 values truncates to the exact integer quotient, and (2^31)|0 = -2^31.
export function div(a: number, b: number): number {
  return b === 0 ? -1 : (a / b) | 0;
}
export function divu(a: number, b: number): number {
  return b === 0 ? -1 : ((a >>> 0) / (b >>> 0)) | 0;
}
export function rem(a: number, b: number): number {
  return b === 0 ? a : (a % b) | 0;
}
export function remu(a: number, b: number): number {
  return b === 0 ? a : ((a >>> 0) % (b >>> 0)) | 0;
}
