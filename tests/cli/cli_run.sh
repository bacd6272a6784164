#!/usr/bin/env bash
# oco run olp: JSON keys and their consistency, --decisions, --trace,
# --save-orders round trip, determinism, text output, orders files.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

A=dual-subgradient
"$OCO" run olp --algo $A --gen 1 --m 3 --T 2000 --seed 7 --json \
  --decisions "$TMP/x.txt" --trace "$TMP/trace.csv" --save-orders "$TMP/orders.csv" >"$TMP/r.json"
[[ $(wc -l <"$TMP/r.json") -eq 1 ]] || fail "--json must print exactly one line"
"$PY" - "$TMP/r.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("problem", "algo", "T", "m", "seed", "reward", "opt", "opt_kind", "regret",
          "violation", "remaining", "accepted", "seconds", "decisions_per_second",
          "opt_method", "hard_budget", "params"):
    assert k in d, k
assert d["problem"] == "type1" and d["algo"] == "dual-subgradient"
assert d["T"] == 2000 and d["m"] == 3 and d["seed"] == 7
assert d["opt_kind"] == "exact", "T*m = 6000 must be solved exactly"
assert abs(d["regret"] - (d["opt"] - d["reward"])) <= 1e-9 * max(1, abs(d["opt"]))
assert len(d["remaining"]) == 3 and d["hard_budget"] is False
assert d["seconds"] >= 0 and d["decisions_per_second"] > 0
PYEOF
CHECK="$(dirname "$0")/lib/check_run.py"
"$PY" "$CHECK" "$TMP/r.json" "$TMP/x.txt" "$TMP/orders.csv" "$TMP/trace.csv" || fail "run check"

# Determinism: the same seed gives the same numbers (timings aside).
strip() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); [d.pop(k) for k in ("seconds","decisions_per_second","opt_seconds")]; print(json.dumps(d, sort_keys=True))' "$1"; }
"$OCO" run olp --algo $A --gen 1 --m 3 --T 2000 --seed 7 --json >"$TMP/r2.json"
[[ "$(strip "$TMP/r.json")" == "$(strip "$TMP/r2.json")" ]] || fail "same seed, different result"
"$OCO" run olp --algo $A --gen 1 --m 3 --T 2000 --seed 8 --json >"$TMP/r3.json"
[[ "$(strip "$TMP/r.json")" != "$(strip "$TMP/r3.json")" ]] || fail "seed is ignored"

# The saved orders, read back with the same budget, give the same run.
B=$(json_get "$TMP/r.json" '",".join(repr(v) for v in d["budget"])')
"$OCO" run olp --algo $A --orders "$TMP/orders.csv" --budget "$B" --json --decisions "$TMP/x2.txt" >"$TMP/r4.json"
cmp -s "$TMP/x.txt" "$TMP/x2.txt" || fail "--orders of the saved instance: other decisions"
[[ $(json_get "$TMP/r4.json" 'd["problem"]') == csv ]] || fail "problem of --orders"
[[ $(json_get "$TMP/r4.json" 'd["seed"]') == None ]] || fail "seed of --orders must be null"
[[ $(json_get "$TMP/r4.json" 'd["reward"] == '"$(json_get "$TMP/r.json" 'repr(d["reward"])')") == True ]] \
  || fail "--orders reward differs"

# Parameters are passed through and used (checked by hand replay).
"$OCO" run olp --algo $A --gen 2 --m 2 --T 500 --param alpha=0.3 --param y0=0.5 --json \
  --decisions "$TMP/xp.txt" --save-orders "$TMP/op.csv" >"$TMP/p.json"
[[ $(json_get "$TMP/p.json" 'd["params"]') == "{'alpha': 0.3, 'y0': 0.5}" ]] || fail "params not echoed"
"$PY" "$CHECK" "$TMP/p.json" "$TMP/xp.txt" "$TMP/op.csv" || fail "params not applied"
"$OCO" run olp --algo $A --gen 2 --m 2 --T 500 --decisions "$TMP/xd.txt" >/dev/null
! cmp -s "$TMP/xp.txt" "$TMP/xd.txt" || fail "params change nothing"

# Hard budget: the remaining budget never goes negative.
"$OCO" run olp --algo $A --gen 1 --m 2 --T 3000 --hard-budget --json >"$TMP/h.json"
[[ $(json_get "$TMP/h.json" 'min(d["remaining"]) >= 0 and d["violation"] == 0 and d["hard_budget"]') == True ]] \
  || fail "hard budget exceeded"

# The sample file of the problems tests, with an explicit budget.
"$OCO" run olp --algo $A --orders "$OCO_TEST_DATA/orders_small.csv" --budget 2,2 --json >"$TMP/s.json"
[[ $(json_get "$TMP/s.json" 'd["m"] == 2 and d["opt_kind"] == "exact"') == True ]] || fail "sample file"

# --opt none / dual-bound.
"$OCO" run olp --algo $A --gen 2 --m 2 --T 300 --opt none --json >"$TMP/n.json"
[[ $(json_get "$TMP/n.json" 'd["opt"] is None and d["regret"] is None') == True ]] || fail "--opt none"
"$OCO" run olp --algo $A --gen 2 --m 2 --T 300 --opt dual-bound --json >"$TMP/ub.json"
"$OCO" run olp --algo $A --gen 2 --m 2 --T 300 --opt clp --json >"$TMP/ex.json"
[[ $(json_get "$TMP/ub.json" 'd["opt_kind"]') == upper_bound ]] || fail "dual-bound kind"
[[ $(json_get "$TMP/ub.json" 'd["opt"] >= '"$(json_get "$TMP/ex.json" 'd["opt"]')"' - 1e-9') == True ]] \
  || fail "the upper bound is below the exact optimum"

# Text output names the key figures.
"$OCO" run olp --algo $A --gen 1 --m 1 --T 100 >"$TMP/t.txt"
for k in reward opt regret violation accepted remaining; do
  grep -q "^$k " "$TMP/t.txt" || fail "text output lacks $k"
done
echo ok
