#!/usr/bin/env bash
# oco run coco on the worked classes of seed 003 §B.6 (vertex-cover,
# dr-submodular, phase-retrieval): the long-term benchmark is a certified
# interval (comparator_gap > 0, the class's method); oco list names the
# problems with a usable usage line; the JSON is complete and finite with
# regret = loss − comparator; the per-round benchmark and wrong domains are
# refused with a clear message. (The numbers themselves are checked against
# independent oracles in tests/unit/test_coco_worked.c.)
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

"$OCO" list --json >"$TMP/list.json"
"$PY" - "$TMP/list.json" <<'PYEOF'
import json, sys
P = {p["name"]: p for p in json.load(open(sys.argv[1]))["problems"] if p["protocol"] == "coco"}
for n in ("vertex-cover", "dr-submodular", "phase-retrieval"):
    assert n in P, ("oco list lacks", n)
    assert "--benchmark long-term" in P[n]["usage"], P[n]["usage"]
PYEOF

run_one() { # kind method extra...
  local kind=$1 method=$2
  shift 2
  "$OCO" run coco --problem "$kind" --d 4 --T 300 --seed 3 --algo valls \
    --benchmark long-term --json "$@" >"$TMP/$kind.json"
  "$PY" - "$TMP/$kind.json" "$method" <<'PYEOF'
import json, math, sys
j = json.load(open(sys.argv[1]))
assert j["comparator_method"] == sys.argv[2], j["comparator_method"]
assert j["comparator_kind"] == "approximate", j["comparator_kind"]
for key in ("loss", "comparator", "comparator_gap", "regret"):
    assert isinstance(j[key], float) and math.isfinite(j[key]), (key, j[key])
assert j["comparator_gap"] > 0
assert abs(j["regret"] - (j["loss"] - j["comparator"])) <= 1e-9 * (1 + abs(j["loss"]))
assert len(j["x_star"]) == 4
PYEOF
}
run_one vertex-cover lp-relaxation --domain box:0,1
run_one dr-submodular lp-relaxation --domain box:0,1
run_one phase-retrieval local+minorant
run_one phase-retrieval local+minorant --domain box:-1,1 --predictions perfect

# refused: the per-round benchmark, a domain that is not [0,1]^d, X without 0
set +e
"$OCO" run coco --problem vertex-cover --d 4 --T 50 --algo valls --domain box:0,1 \
  --benchmark per-round >"$TMP/o" 2>"$TMP/e"
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "per-round benchmark accepted for vertex-cover"
grep -q "long-term" "$TMP/e" || fail "no clear message for per-round: $(cat "$TMP/e")"
set +e
"$OCO" run coco --problem dr-submodular --d 4 --T 50 --algo valls --domain ball:1 \
  --benchmark long-term >"$TMP/o" 2>"$TMP/e"
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "ball domain accepted for dr-submodular"
grep -q "box:0,1" "$TMP/e" || fail "no clear message for the domain: $(cat "$TMP/e")"
set +e
"$OCO" run coco --problem phase-retrieval --d 4 --T 50 --algo valls --domain box:1,2 \
  --benchmark long-term >"$TMP/o" 2>"$TMP/e"
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "domain without 0 accepted for phase-retrieval"
grep -q "contain" "$TMP/e" || fail "no clear message for 0 not in X: $(cat "$TMP/e")"
echo ok
