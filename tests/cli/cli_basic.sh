#!/usr/bin/env bash
# oco --help / --version / COMMAND --help / list / list --json.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

"$OCO" --version >"$TMP/v"
grep -Eq '^oco [0-9]+\.[0-9]+\.[0-9]+$' "$TMP/v" || fail "--version: $(cat "$TMP/v")"

"$OCO" --help >"$TMP/h"
for c in list run stream reproduce; do
  grep -q "^  $c " "$TMP/h" || fail "--help does not list '$c'"
  "$OCO" $c --help >"$TMP/hc" || fail "$c --help failed"
  grep -q "^usage: oco $c" "$TMP/hc" || fail "$c --help has no usage line"
done
grep -q 'exit status' "$TMP/h" || fail "--help does not document exit codes"
run_grep -q -- '--decisions FILE' :: "$OCO" run olp --help || fail "run --help lacks --decisions"
run_grep -q -- '--horizon T' :: "$OCO" stream --help || fail "stream --help lacks --horizon"

# No command: usage on stderr, exit 2.
rc=0; "$OCO" >/dev/null 2>"$TMP/e" || rc=$?
[[ $rc -eq 2 ]] || fail "no command: exit $rc"
grep -q usage "$TMP/e" || fail "no command: no usage text"

# list: one line per algorithm / problem / experiment.
"$OCO" list >"$TMP/l"
grep -Eq '^  dual-subgradient +.*seed 002.*Algorithm 1' "$TMP/l" || fail "list lacks dual-subgradient"
for t in 1 2 3 4 5 6 7 8 9 10; do grep -Eq "^  type$t " "$TMP/l" || fail "list lacks type$t"; done
grep -Eq '^  csv ' "$TMP/l" || fail "list lacks the csv format"
grep -Eq '^  olp-alg1 ' "$TMP/l" || fail "list lacks experiment olp-alg1"

# list --json: every registered algorithm with its parameters, problems, experiments.
"$OCO" list --json >"$TMP/l.json"
"$PY" - "$TMP/l.json" <<'PYEOF'
import json, sys, math
d = json.load(open(sys.argv[1]))
assert isinstance(d["version"], str)
names = [a["name"] for a in d["algorithms"]]
assert "dual-subgradient" in names and "dual-multiplicative" in names, names
assert len(names) == len(set(names)), "duplicate algorithm names"
for a in d["algorithms"]:
    for k in ("name", "protocol", "summary", "source", "derived", "params"):
        assert k in a, (a["name"], k)
    assert a["summary"] and a["source"], a["name"]
    for p in a["params"]:
        for k in ("name", "default", "default_text", "doc", "tag"):
            assert k in p, (a["name"], p, k)
        assert p["tag"] in ("S", "C", "R", "D"), p
        assert p["default"] is None or math.isfinite(p["default"])
ds = [a for a in d["algorithms"] if a["name"] == "dual-subgradient"][0]
assert ds["protocol"] == "olp"
alpha = [p for p in ds["params"] if p["name"] == "alpha"][0]
assert alpha["default"] is None and "sqrt" in alpha["default_text"], alpha
probs = {p["name"]: p for p in d["problems"]}
for t in range(1, 11):
    p = probs["type%d" % t]
    assert p["kind"] == "generator" and p["type"] == t and p["description"], p
assert probs["csv"]["kind"] == "file"
assert "olp-alg1" in [e["name"] for e in d["experiments"]]
PYEOF

# The text and JSON lists name the same algorithms.
diff <("$PY" -c 'import json,sys; [print(a["name"]) for a in json.load(open(sys.argv[1]))["algorithms"]]' "$TMP/l.json" | sort) \
     <(sed -n '/^algorithms/,/^problems/p' "$TMP/l" | grep '^  ' | awk '{print $1}' | sort) \
  || fail "list and list --json disagree"

expect_fail 2 "unknown option '--bogus'" -- "$OCO" list --bogus
expect_fail 2 "unknown command 'frobnicate'" -- "$OCO" frobnicate
expect_fail 2 "unknown option '--nope'" -- "$OCO" --nope
echo ok
