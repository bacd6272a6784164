#!/usr/bin/env bash
# liboco.so exports the public API and nothing else: every defined dynamic
# symbol is oco_<name> (internals are oco__<name> and hidden) and is declared
# in a public header; the core entry points are there.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"
: "${OCO_BUILD:?}" "${OCO_SRC:?}"
so=$(ls "$OCO_BUILD"/liboco.so.* 2>/dev/null | head -1)
[[ -n "$so" ]] || fail "no liboco.so in $OCO_BUILD"
command -v nm >/dev/null || fail "nm (binutils) is needed"
nm -D --defined-only "$so" | awk '{print $NF}' | sort -u >"$TMP/syms"
[[ -s "$TMP/syms" ]] || fail "liboco.so exports nothing"
bad=$(grep -v '^oco_[a-z0-9]' "$TMP/syms" || true)
[[ -z "$bad" ]] || fail "liboco.so exports non-API symbols: $(echo $bad | head -c 400)"
cat "$OCO_SRC"/include/oco/*.h "$OCO_BUILD"/include/oco/version.h >"$TMP/headers"
undeclared=""
while read -r s; do
  grep -qw -- "$s" "$TMP/headers" || undeclared="$undeclared $s"
done <"$TMP/syms"
[[ -z "$undeclared" ]] || fail "exported but not declared in include/oco/:$undeclared"
for s in oco_algo_find oco_olp_session_new oco_learner_new oco_strerror oco_err_name \
         oco_olp_dual_subgradient oco_learner_universal oco_version; do
  grep -qx "$s" "$TMP/syms" || fail "public symbol $s is not exported"
done
echo "ok: $(wc -l <"$TMP/syms") public symbols"
