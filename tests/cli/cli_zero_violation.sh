#!/usr/bin/env bash
# oco run/stream olp --zero-violation [--zero-violation-k K] (alloc.h,
# olp_laau.md §1.9): the same decisions in run and stream, violation 0 where
# the plain policy violates, the JSON keys zero_violation and
# zero_violation_k, and exit 2 for a bad K.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"
A=dual-subgradient

# 1. Type 6 violates without the add-on; with it, run = stream and violation 0.
"$OCO" run olp --algo $A --gen 6 --m 1 --T 400 --seed 3 --json --save-orders "$TMP/o.csv" \
  >"$TMP/plain.json"
[[ $(json_get "$TMP/plain.json" 'd["violation"] > 0 and d["zero_violation"] is False and d["zero_violation_k"] is None') == True ]] \
  || fail "plain run: expected a violation and zero_violation false / k null"
B=$(json_get "$TMP/plain.json" '",".join(repr(v) for v in d["budget"])')
tail -n +2 "$TMP/o.csv" >"$TMP/o.body"
"$OCO" run olp --algo $A --orders "$TMP/o.csv" --budget "$B" --zero-violation --json \
  --decisions "$TMP/run.txt" >"$TMP/zv.json"
"$PY" - "$TMP/zv.json" "$TMP/plain.json" <<'PYEOF'
import json, sys
d, p = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert d["zero_violation"] is True and d["zero_violation_k"] == 3, d
assert d["violation"] == 0 and d["accepted"] < p["accepted"], (d, p)
missing = set(p) - set(d) - {"seed"}
assert not missing, missing  # every key of a plain run is kept
assert set(d) - set(p) == set(), set(d) - set(p)
PYEOF
"$OCO" stream olp --algo $A --budget "$B" --horizon 400 --zero-violation <"$TMP/o.body" \
  >"$TMP/stream.txt"
cmp -s "$TMP/run.txt" "$TMP/stream.txt" || fail "stream != run (--zero-violation)"

# 2. --zero-violation-k implies the add-on; a different k, other policies,
#    hard budgets: still run = stream.
for args in "--algo $A --zero-violation-k 1.5" "--algo dmd-euclid --zero-violation" \
            "--algo dual-multiplicative --zero-violation --hard-budget" \
            "--algo dmd-entropic --zero-violation-k 0.25 --param eta=0.1"; do
  "$OCO" run olp $args --orders "$TMP/o.csv" --budget "$B" --json --decisions "$TMP/r2.txt" \
    >"$TMP/r2.json"
  "$OCO" stream olp $args --budget "$B" --horizon 400 <"$TMP/o.body" >"$TMP/s2.txt"
  cmp -s "$TMP/r2.txt" "$TMP/s2.txt" || fail "stream != run ($args)"
  [[ $(json_get "$TMP/r2.json" 'd["zero_violation"] is True') == True ]] || fail "zero_violation not true ($args)"
done
[[ $(json_get "$TMP/r2.json" 'd["zero_violation_k"]') == 0.25 ]] || fail "zero_violation_k not 0.25"
"$OCO" run olp --algo $A --orders "$TMP/o.csv" --budget "$B" --zero-violation-k 1.5 \
  --decisions "$TMP/k15.txt" >/dev/null
! cmp -s "$TMP/run.txt" "$TMP/k15.txt" || fail "k = 1.5 decided as k = 3: weak test"
run_grep -q "zero-violation add-on (k = 3)" :: "$OCO" run olp --algo $A --orders "$TMP/o.csv" \
  --budget "$B" --zero-violation || fail "text output does not name the add-on"

# 3. Bad K: exit 2 with one error line, in run and stream.
for k in 0 -1 nan inf abc ""; do
  expect_fail 2 "zero-violation-k" -- "$OCO" run olp --algo $A --gen 1 --m 1 --T 10 \
    --zero-violation-k "$k"
  expect_fail 2 "zero-violation-k" -- "$OCO" stream olp --algo $A --budget 1 --horizon 10 \
    --zero-violation-k "$k" </dev/null
done
expect_fail 2 "zero-violation-k" -- "$OCO" run olp --algo $A --gen 1 --m 1 --T 10 --zero-violation-k

# 4. --help names the options.
run_grep -q -- "--zero-violation-k K" :: "$OCO" run olp --help || fail "run --help"
run_grep -q -- "--zero-violation-k K" :: "$OCO" stream olp --help || fail "stream --help"
echo ok
