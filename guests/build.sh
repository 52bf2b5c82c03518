#!/usr/bin/env bash
# Builds every checked-in guest ELF reproducibly: the example guests (guests/bin/) and
# the assembly test programs (test/riscv/fixtures/). Installs Debian's
# gcc-riscv64-unknown-elf when it is missing.
#
#   guests/build.sh [--out DIR]    # DIR defaults to the repository root
#
# Reproducible: fixed flags, repository-relative source paths, sorted inputs, no build
# id, no .comment. The same compiler version gives byte-identical ELFs
# (guests/check-reproducible.sh checks this).
set -euo pipefail
export LC_ALL=C
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT"
if [[ "${1:-}" == "--out" ]]; then OUT="$(mkdir -p "$2" && cd "$2" && pwd)"; fi
cd "$ROOT"

CC=riscv64-unknown-elf-gcc
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "build.sh: installing gcc-riscv64-unknown-elf" >&2
  SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq gcc-riscv64-unknown-elf >/dev/null
fi

COMMON=(-mno-relax -static -nostdlib -nostartfiles -ffreestanding
  -fno-pic -fno-ident -fno-tree-loop-distribute-patterns -fno-strict-aliasing
  -Wl,--no-relax -Wl,--build-id=none -T guests/sdk/link.ld)
SDK=(guests/sdk/crt0.S guests/sdk/zkvm.c guests/sdk/sha256.c)

mkdir -p "$OUT/guests/bin" "$OUT/test/riscv/fixtures"
OBJ="$(mktemp -d)"
trap 'rm -rf "$OBJ"' EXIT

# Compiles each source to its own object, then links: compiling and linking in one gcc
# call would name gcc's random temporary object in the ELF's symbol table.
link() {  # link <out.elf> <flags...> -- <sources...>
  local out="$1"; shift
  local flags=() objs=()
  while [[ "$1" != "--" ]]; do flags+=("$1"); shift; done; shift
  rm -f "$OBJ"/*.o
  for src in "$@"; do
    local obj="$OBJ/$(basename "$src").o"
    "$CC" "${COMMON[@]}" "${flags[@]}" -c "$src" -o "$obj"
    objs+=("$obj")
  done
  "$CC" "${COMMON[@]}" "${flags[@]}" "${objs[@]}" -lgcc -o "$out"
  echo "built ${out#"$OUT/"}"
}

# Example guests: C with the SDK, -O2, libgcc for 64-bit division.
for dir in $(ls -d guests/examples/*/ | sort); do
  name="$(basename "$dir")"
  link "$OUT/guests/bin/$name.elf" -march=rv32im -mabi=ilp32 -O2 -Wall -Wextra -Werror -I guests/sdk -- \
    "${SDK[@]}" $(ls "$dir"*.c | sort)
done

# Assembly test programs: no SDK, their own _start.
for src in $(ls test/riscv/fixtures/asm/*.S | sort); do
  name="$(basename "$src" .S)"
  case "$name" in
    rv64-*) arch=(-march=rv64i -mabi=lp64) ;;
    *) arch=(-march=rv32im -mabi=ilp32) ;;
  esac
  link "$OUT/test/riscv/fixtures/$name.elf" "${arch[@]}" -I test/riscv/fixtures/asm -- "$src"
done
