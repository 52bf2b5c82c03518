// The guest memory map: fixed by the guest ABI (guests/README.md), mirrored by
// guests/sdk/link.ld and guests/sdk/zkvm.h. Every address the host maps is below
// MEMORY_TOP, so guest memory is one flat buffer of MEMORY_TOP bytes whose untouched
// pages the OS never materialises.

/** [0, IMAGE_START) is never mapped: a null-pointer access faults. */
export const IMAGE_START = 0x0001_0000;
/** Every PT_LOAD segment of the ELF lies in [IMAGE_START, IMAGE_END). */
export const IMAGE_END = 0x2000_0000;
/** Committed input: u32 length at INPUT_START, the bytes from INPUT_START + 4. Read-only. */
export const INPUT_START = 0x2000_0000;
export const INPUT_END = 0x2800_0000;
export const INPUT_MAX_BYTES = INPUT_END - INPUT_START - 4;
/** Stack: sp starts at STACK_TOP and grows down; overflowing it hits the read-only input. */
export const STACK_BOTTOM = 0x2800_0000;
export const STACK_TOP = 0x2900_0000;
/** Heap for the SDK's bump allocator. */
export const HEAP_START = 0x2900_0000;
export const HEAP_END = 0x3000_0000;
/** Nothing at or above this address is mapped. */
export const MEMORY_TOP = 0x3000_0000;

/** Permission bits of a mapped region. */
export const PERM_R = 1;
export const PERM_W = 2;
export const PERM_X = 4;

export interface Region {
  start: number;
  end: number; // exclusive
  perm: number;
  name: string;
}

/** The fixed regions above the program image. */
export function fixedRegions(): Region[] {
  return [
    { start: INPUT_START, end: INPUT_END, perm: PERM_R, name: "input (read-only)" },
    { start: STACK_BOTTOM, end: HEAP_END, perm: PERM_R | PERM_W, name: "stack and heap" },
  ];
}
