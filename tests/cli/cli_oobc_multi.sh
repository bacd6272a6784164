#!/usr/bin/env bash
# oco train laau / oco run oobc on the multi-budget class (M = 2, d = 2; issue 11: laau
# accepts --problem multi-budget [--d D]): a tiny model trains, records its problem and
# d, and plays test episodes within both strict budgets; a model of another d is refused.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

"$OCO" train laau --problem multi-budget --d 2 --N 4 --train 20 --val 5 --epochs 1 \
  --model "$TMP/mb.json" >"$TMP/train.out" || fail "multi-budget training failed"
[[ $(json_get "$TMP/mb.json" 'd["problem"] == "multi-budget" and d["d"] == 2 and d["M"] == 2') \
  == True ]] || fail "model problem/d/M"
"$OCO" run oobc --algo laau --model "$TMP/mb.json" --problem multi-budget --d 2 --N 4 \
  --instances 10 --decisions "$TMP/dec.csv" --json >"$TMP/run.json"
[[ $(json_get "$TMP/run.json" 'd["budget_exceeded"] == 0 and d["M"] == 2 and d["utility_mean"] <= d["opt_utility_mean"] + 1e-9') \
  == True ]] || fail "multi-budget run: $(cat "$TMP/run.json")"
# decisions: 10 rows of N*d = 8 columns
[[ $(wc -l <"$TMP/dec.csv") -eq 10 && $(head -1 "$TMP/dec.csv" | tr ',' '\n' | wc -l) -eq 8 ]] \
  || fail "decisions shape"
expect_fail 1 "model" -- "$OCO" run oobc --algo laau --model "$TMP/mb.json" \
  --problem multi-budget --d 3 --N 4 --instances 3
echo ok
