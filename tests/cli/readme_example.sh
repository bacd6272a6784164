#!/usr/bin/env bash
# The C usage example of the README is examples/olp_basic.c, verbatim; it must
# compile against the built library and run successfully.
set -euo pipefail
: "${OCO_SRC:?}" "${OCO_BUILD:?}"
ex="$OCO_SRC/examples/olp_basic.c"
readme="$OCO_SRC/README.md"
test -f "$ex" || { echo "missing $ex"; exit 1; }
# The README block between ```c and ``` that follows the marker line must equal the file.
block=$(awk '/<!-- example: examples\/olp_basic.c -->/{f=1;next} f&&/^```c$/{g=1;next} g&&/^```$/{exit} g{print}' "$readme")
if [[ "$block" != "$(cat "$ex")" ]]; then
  echo "README example differs from examples/olp_basic.c:"
  diff <(echo "$block") "$ex" || true
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"${CC:-cc}" -std=c11 ${OCO_EXTRA_CFLAGS:-} -Wall -Wextra -Werror -I"$OCO_SRC/include" -I"$OCO_BUILD/include" "$ex" \
   "$OCO_BUILD/liboco.a" $(pkg-config --libs clp lapacke jansson) -fopenmp -lm -o "$tmp/example"
"$tmp/example" > "$tmp/out.txt"
cat "$tmp/out.txt"
test -s "$tmp/out.txt"
