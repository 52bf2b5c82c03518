// One entry of a list chosen by index bits, as a verifier over a backend must choose it:
// a tree of selects (the FRI leaf entry, the Merkle cap digest), never a branch on the
// index, so that a recorded program is the same for every index.
/**
 * values[sum bits[i]·2^i] by a tree of selects, least significant bit first, so that a
 * recorded program never branches on the index; `pick(bit, a, b)` is b when bit = 1, else a.
 */
export function selectTree<F, T>(bits: F[], values: T[], pick: (bit: F, a: T, b: T) => T): T {
  if (values.length !== 1 << bits.length) throw new Error(`select: ${values.length} values for ${bits.length} bits`);
  let level = values;
  for (const bit of bits) {
    const next: T[] = [];
    for (let m = 0; m < level.length; m += 2) next.push(pick(bit, level[m], level[m + 1]));
    level = next;
  }
  return level[0];
}
