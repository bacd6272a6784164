#!/usr/bin/env bash
# oco stream olp: same decisions as oco run on the same orders; a malformed
# line gets one error line naming it, no decision, and leaves the state
# unchanged; lines past the horizon are rejected; answers are flushed at once.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"
A=dual-subgradient

# 1. A generated instance dumped to CSV, soft and hard budgets, with a parameter.
"$OCO" run olp --algo $A --gen 2 --m 3 --T 3000 --seed 11 --json \
  --save-orders "$TMP/o.csv" --decisions "$TMP/run.txt" >"$TMP/r.json"
B=$(json_get "$TMP/r.json" '",".join(repr(v) for v in d["budget"])')
tail -n +2 "$TMP/o.csv" >"$TMP/o.body"
"$OCO" stream olp --algo $A --budget "$B" --horizon 3000 <"$TMP/o.body" >"$TMP/stream.txt"
cmp -s "$TMP/run.txt" "$TMP/stream.txt" || fail "stream != run (generated instance, soft)"

"$OCO" run olp --algo $A --orders "$TMP/o.csv" --budget "$B" --hard-budget --param alpha=0.05 \
  --decisions "$TMP/runh.txt" >/dev/null
"$OCO" stream olp --algo $A --budget "$B" --horizon 3000 --hard-budget --param alpha=0.05 \
  <"$TMP/o.body" >"$TMP/streamh.txt"
cmp -s "$TMP/runh.txt" "$TMP/streamh.txt" || fail "stream != run (hard budget, alpha=0.05)"
! cmp -s "$TMP/run.txt" "$TMP/runh.txt" || fail "hard budget changed nothing: weak test"

"$OCO" run olp --algo dual-multiplicative --orders "$TMP/o.csv" --budget "$B" --decisions "$TMP/runm.txt" >/dev/null
"$OCO" stream olp --algo dual-multiplicative --budget "$B" --horizon 3000 <"$TMP/o.body" >"$TMP/streamm.txt"
cmp -s "$TMP/runm.txt" "$TMP/streamm.txt" || fail "stream != run (dual-multiplicative)"

# 2. The sample file of the problems tests.
S="$OCO_TEST_DATA/orders_small.csv"
T=$(($(wc -l <"$S") - 1))
"$OCO" run olp --algo $A --orders "$S" --budget 1.5,1 --decisions "$TMP/runs.txt" >/dev/null
tail -n +2 "$S" | "$OCO" stream olp --algo $A --budget 1.5,1 --horizon $T >"$TMP/streams.txt"
cmp -s "$TMP/runs.txt" "$TMP/streams.txt" || fail "stream != run (sample file)"

# 3. Malformed lines: inserted at lines 5, 9, 10 and 14 of the stream (a word, a
#    wrong column count, NaN, Inf). Output = the run without them; one error
#    line per bad line naming it; exit 1; an empty line is skipped silently.
head -n 200 "$TMP/o.body" >"$TMP/g200"
"$PY" - "$TMP/g200" "$TMP/bad.in" <<'PYEOF'
import sys
good = open(sys.argv[1]).read().splitlines()
bad = {5: "0.5,abc,1,1", 9: "0.5,1,1", 10: "nan,1,1,1", 14: "1,inf,1,1"}
out, g = [], iter(good)
n = 1
while True:
    if n in bad:
        out.append(bad[n])
    elif n == 20:
        out.append("")
    else:
        try:
            out.append(next(g))
        except StopIteration:
            break
    n += 1
open(sys.argv[2], "w").write("\n".join(out) + "\n")
PYEOF
"$OCO" stream olp --algo $A --budget "$B" --horizon 3000 <"$TMP/g200" >"$TMP/good.out"
rc=0
"$OCO" stream olp --algo $A --budget "$B" --horizon 3000 <"$TMP/bad.in" >"$TMP/bad.out" 2>"$TMP/bad.err" || rc=$?
[[ $rc -eq 1 ]] || fail "stream with bad lines: exit $rc, expected 1"
cmp -s "$TMP/good.out" "$TMP/bad.out" || fail "a bad line changed the decisions"
[[ $(wc -l <"$TMP/bad.err") -eq 4 ]] || fail "expected 4 error lines: $(cat "$TMP/bad.err")"
for n in 5 9 10 14; do
  grep -Eq "^oco: <stdin>:$n:[0-9]+: .*line $n" "$TMP/bad.err" || fail "no error naming line $n: $(cat "$TMP/bad.err")"
done
[[ $(wc -l <"$TMP/good.out") -eq 200 ]] || fail "decisions missing"

# 4. Past the horizon: the first T lines are answered, the rest rejected.
head -n 5 "$TMP/o.body" | "$OCO" stream olp --algo $A --budget "$B" --horizon 3 >"$TMP/h.out" 2>"$TMP/h.err" && fail "horizon overrun must exit 1"
[[ $(wc -l <"$TMP/h.out") -eq 3 ]] || fail "horizon: expected 3 decisions"
grep -q '<stdin>:4:.*horizon' "$TMP/h.err" && grep -q '<stdin>:5:.*horizon' "$TMP/h.err" || fail "horizon errors: $(cat "$TMP/h.err")"

# 5. Live: each decision is written before the next order is read.
mkfifo "$TMP/in"
"$OCO" stream olp --algo $A --budget "$B" --horizon 3000 <"$TMP/in" >"$TMP/live.out" &
pid=$!
exec 4>"$TMP/in"
head -n 1 "$TMP/o.body" >&4
for _ in $(seq 200); do [[ -s "$TMP/live.out" ]] && break; sleep 0.05; done
live=$(cat "$TMP/live.out")
head -n 1 "$TMP/o.body" >&4
exec 4>&-
wait $pid || fail "live stream exited non-zero"
[[ "$live" == 0 || "$live" == 1 ]] || fail "no decision within 10 s of the first order (not flushed?): '$live'"
[[ $(wc -l <"$TMP/live.out") -eq 2 ]] || fail "live stream: expected 2 decisions"

# 5b. Every olp policy of the registry: stream = run, decision for decision, with
#     soft and hard budgets (one session drives both), on a type-2 instance.
"$OCO" run olp --algo $A --gen 2 --m 2 --T 400 --seed 5 --json --save-orders "$TMP/e.csv" >"$TMP/e.json"
EB=$(json_get "$TMP/e.json" '",".join(repr(v) for v in d["budget"])')
tail -n +2 "$TMP/e.csv" >"$TMP/e.body"
"$OCO" list --json >"$TMP/list.json"
for P in $("$PY" -c 'import json,sys; print(" ".join(a["name"] for a in json.load(open(sys.argv[1]))["algorithms"] if a["protocol"] == "olp"))' "$TMP/list.json"); do
  for H in "" --hard-budget; do
    "$OCO" run olp --algo "$P" --orders "$TMP/e.csv" --budget "$EB" $H --opt none --decisions "$TMP/er.txt" >/dev/null ||
      fail "run $P $H failed"
    "$OCO" stream olp --algo "$P" --budget "$EB" --horizon 400 $H <"$TMP/e.body" >"$TMP/es.txt" ||
      fail "stream $P $H failed"
    cmp -s "$TMP/er.txt" "$TMP/es.txt" || fail "stream != run for $P $H"
  done
done

# 6. Usage errors.
expect_fail 2 "missing --horizon" -- "$OCO" stream olp --algo $A --budget 1
expect_fail 2 "--horizon must be at least 1" -- "$OCO" stream olp --algo $A --budget 1 --horizon 0
expect_fail 2 "unknown .*algorithm 'nope'" -- "$OCO" stream olp --algo nope --budget 1 --horizon 3
expect_fail 2 "negative" -- "$OCO" stream olp --algo $A --budget 1,-1 --horizon 3
expect_fail 2 "unknown protocol" -- "$OCO" stream lp --algo $A --budget 1 --horizon 3
echo ok
