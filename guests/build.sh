#!/usr/bin/env bash
# Builds every checked-in guest ELF reproducibly: the example guests (guests/bin/),
# with `zkvm build` (C: the SDK and picolibc; Rust: guests/rust, as <name>-rs.elf),
# and the assembly test programs (test/riscv/fixtures/), bare. Installs Debian's
# gcc-riscv64-unknown-elf, picolibc-riscv64-unknown-elf and the Rust packages
# (rustc-web cargo-web rust-web-src lld-22) when they are missing.
#
#   guests/build.sh [--out DIR]    # DIR defaults to the repository root
#
# Reproducible: fixed flags, repository-relative source paths, sorted inputs, no build
# id, no .comment. The same compiler and picolibc versions give byte-identical ELFs
# (guests/check-reproducible.sh checks this).
set -euo pipefail
export LC_ALL=C
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT"
if [[ "${1:-}" == "--out" ]]; then OUT="$(mkdir -p "$2" && cd "$2" && pwd)"; fi
cd "$ROOT"

CC=riscv64-unknown-elf-gcc
PICOLIBC_LIBC=/usr/lib/picolibc/riscv64-unknown-elf/lib/release/rv32im/ilp32/libc.a
if ! command -v "$CC" >/dev/null 2>&1 || [[ ! -f "$PICOLIBC_LIBC" ]]; then
  echo "build.sh: installing gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf" >&2
  SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf >/dev/null
fi
if [[ ! -x /usr/bin/cargo || ! -d /usr/src/rustc-1.96.0/library/vendor ]]; then
  echo "build.sh: installing rustc-web cargo-web rust-web-src lld-22" >&2
  SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq rustc-web cargo-web rust-web-src lld-22 >/dev/null
fi
# The CLI is TypeScript: Node 22 from node_modules (npm ci), or a system node >= 22.18.
NODE="$ROOT/node_modules/.bin/node"
[[ -x "$NODE" ]] || NODE=node

mkdir -p "$OUT/guests/bin" "$OUT/test/riscv/fixtures"

# Example guests: C with the SDK and picolibc, -O2, warnings are errors.
for dir in $(ls -d guests/examples/*/ | sort); do
  name="$(basename "$dir")"
  "$NODE" scripts/zkvm/zkvm.ts build "${dir%/}" -O2 -Wall -Wextra -Werror -o "$OUT/guests/bin/$name.elf" >/dev/null 2>"$OUT/.build-$name.log" \
    || { cat "$OUT/.build-$name.log" >&2; rm -f "$OUT/.build-$name.log"; exit 1; }
  rm -f "$OUT/.build-$name.log"
  echo "built guests/bin/$name.elf"
done

# Rust example guests: cargo (offline, build-std) through `zkvm build`. The workspace's
# target/ directory is a cache keyed on the sources and flags; a fresh clone builds
# from scratch.
for dir in $(ls -d guests/rust/examples/*/ | sort); do
  name="$(basename "$dir")"
  "$NODE" scripts/zkvm/zkvm.ts build "${dir%/}" -o "$OUT/guests/bin/$name-rs.elf" >/dev/null 2>"$OUT/.build-$name-rs.log" \
    || { cat "$OUT/.build-$name-rs.log" >&2; rm -f "$OUT/.build-$name-rs.log"; exit 1; }
  rm -f "$OUT/.build-$name-rs.log"
  echo "built guests/bin/$name-rs.elf"
done

# Assembly test programs: no SDK and no C library, their own _start.
COMMON=(-mno-relax -static -nostdlib -nostartfiles -ffreestanding
  -fno-pic -fno-ident -Wl,--no-relax -Wl,--build-id=none -T guests/sdk/link.ld)
OBJ="$(mktemp -d)"
trap 'rm -rf "$OBJ"' EXIT
for src in $(ls test/riscv/fixtures/asm/*.S | sort); do
  name="$(basename "$src" .S)"
  case "$name" in
    rv64-*) arch=(-march=rv64i -mabi=lp64) ;;
    *) arch=(-march=rv32im -mabi=ilp32) ;;
  esac
  # Compiled to an object first: one gcc call for both would name gcc's random
  # temporary object in the ELF's symbol table.
  "$CC" "${COMMON[@]}" "${arch[@]}" -I test/riscv/fixtures/asm -c "$src" -o "$OBJ/$name.o"
  "$CC" "${COMMON[@]}" "${arch[@]}" "$OBJ/$name.o" -lgcc -o "$OUT/test/riscv/fixtures/$name.elf"
  echo "built test/riscv/fixtures/$name.elf"
done
