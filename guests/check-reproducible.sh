#!/usr/bin/env bash
# CI check: rebuilds every checked-in guest ELF into a scratch directory and fails if
# any differs by a byte from the committed one, or if one is missing on either side.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$ROOT/guests/build.sh" --out "$TMP" >/dev/null
cd "$ROOT"
status=0
for f in $( (cd "$TMP" && ls guests/bin/*.elf test/riscv/fixtures/*.elf) | sort); do
  if [[ ! -f "$f" ]]; then echo "missing from the repository: $f (run guests/build.sh)"; status=1
  elif ! cmp -s "$f" "$TMP/$f"; then echo "differs from a fresh build: $f (run guests/build.sh)"; status=1; fi
done
for f in $(ls guests/bin/*.elf test/riscv/fixtures/*.elf 2>/dev/null | sort); do
  [[ -f "$TMP/$f" ]] || { echo "no source builds $f (stale ELF?)"; status=1; }
done
[[ $status == 0 ]] && echo "guest ELFs are reproducible"
exit $status
