#!/usr/bin/env bash
# examples/oobc_embed.c (train, save, load and play a LAAU policy live through
# the C API) compiles against the built library and runs: the loaded policy
# and Equal stay within the budget, OPT is at least as good as both.
set -euo pipefail
: "${OCO_SRC:?}" "${OCO_BUILD:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"${CC:-cc}" -std=c11 ${OCO_EXTRA_CFLAGS:-} -Wall -Wextra -Werror -I"$OCO_SRC/include" \
   -I"$OCO_BUILD/include" "$OCO_SRC/examples/oobc_embed.c" "$OCO_BUILD/liboco.a" \
   $(pkg-config --libs clp lapacke jansson) -fopenmp -lm -o "$tmp/example"
"$tmp/example" "$tmp/model.json" >"$tmp/out.txt"
cat "$tmp/out.txt"
test -s "$tmp/model.json"
/usr/bin/python3 - "$tmp/out.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"LAAU ([-0-9.]+), Equal ([-0-9.]+), OPT ([-0-9.]+)", t)
assert m, t
laau, equal, opt = map(float, m.groups())
assert opt >= laau - 1e-4 and opt >= equal - 1e-4, (laau, equal, opt)
left = float(re.search(r"left ([-0-9.]+)", t).group(1))
assert left >= 0, left
PY
