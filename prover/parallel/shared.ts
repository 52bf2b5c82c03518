// Typed arrays over SharedArrayBuffer, so worker threads read and write them in place.

export function sharedU32(length: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(length * 4));
}

export function toSharedU32(src: Uint32Array): Uint32Array {
  if (src.buffer instanceof SharedArrayBuffer) return src;
  const out = sharedU32(src.length);
  out.set(src);
  return out;
}
