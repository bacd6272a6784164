#!/usr/bin/env bash
# `make install` layout: install into a temporary prefix, then build a tiny
# program against the installed library through pkg-config, static and shared.
set -euo pipefail
: "${OCO_BUILD:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$OCO_BUILD" --prefix "$tmp/prefix" >/dev/null
pcdir=$(dirname "$(find "$tmp/prefix" -name oco.pc | head -1)")
test -f "$pcdir/oco.pc" || { echo "oco.pc not installed"; exit 1; }
test -x "$tmp/prefix/bin/oco" || { echo "oco binary not installed"; exit 1; }
test -f "$tmp/prefix/include/oco/oco.h" || { echo "headers not installed"; exit 1; }
test -f "$tmp/prefix/include/oco/version.h" || { echo "version.h not installed"; exit 1; }
cat > "$tmp/hello.c" <<'C'
#include <oco/oco.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    oco_rng r;
    oco_rng_seed(&r, 42, 0);
    double u = oco_rng_uniform(&r);
    if (!(u >= 0.0 && u < 1.0)) return 1;
    if (strcmp(oco_version(), OCO_VERSION) != 0) return 2;
    /* the exported type constants are the registry's entries */
    if (oco_algo_find("ogd", OCO_PROTOCOL_OCO) != &oco_learner_ogd->info) return 3;
    if (oco_olp_policy_find("dual-subgradient") != oco_olp_dual_subgradient) return 4;
    if (strcmp(oco_err_name(OCO_EINVAL), "OCO_EINVAL") != 0) return 5;
    printf("ok %s\n", oco_version());
    return 0;
}
C
export PKG_CONFIG_PATH="$pcdir"
# shared
"${CC:-cc}" -std=c11 ${OCO_EXTRA_CFLAGS:-} "$tmp/hello.c" -o "$tmp/hello" $(pkg-config --cflags --libs oco) -Wl,-rpath,"$(pkg-config --variable=libdir oco)"
out=$("$tmp/hello")
[[ "$out" == ok* ]] || { echo "shared: unexpected output: $out"; exit 1; }
# static
"${CC:-cc}" -std=c11 ${OCO_EXTRA_CFLAGS:-} "$tmp/hello.c" -o "$tmp/hello_static" $(pkg-config --cflags oco) \
   "$(pkg-config --variable=libdir oco)/liboco.a" $(pkg-config --libs --static oco | sed 's/-loco//')
out=$("$tmp/hello_static")
[[ "$out" == ok* ]] || { echo "static: unexpected output: $out"; exit 1; }
echo "install + pkg-config: ok"
