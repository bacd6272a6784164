#!/usr/bin/env bash
# oco run bwk: the JSON contract of issue 10 (keys, regret = loss - benchmark, pulls
# summing to T), the loss and consumption recomputed independently (Python) from
# --decisions on an instance file, the benchmark against the brute force over pairs of
# arms, reproducibility by --seed, the lower-bound instance, an infeasible benchmark
# reported as such, instance-file errors with file:line:column, unknown algorithms, bad
# budgets and options, 'oco stream bwk' refused clearly, and oco list's bwk entries.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

KEYS='problem instance instance_file algo params K T seed budget loss consumption
      expected_loss benchmark benchmark_kind benchmark_p benchmark_consumption regret
      expected_regret pulls seconds pulls_per_second benchmark_seconds memory_bytes'

# 1. oco list: the bwk algorithms (exp3 at least) and instances, text and JSON.
"$OCO" list --json >"$TMP/list.json"
"$PY" - "$TMP/list.json" >"$TMP/algos" <<'PYEOF'
import json, sys
L = json.load(open(sys.argv[1]))
bwk = [a for a in L["algorithms"] if a["protocol"] == "bwk"]
assert "exp3" in [a["name"] for a in bwk], bwk
for a in bwk:
    assert a["source"] and a["summary"] and a["cli"] is True
probs = {p["name"]: p for p in L["problems"] if p["protocol"] == "bwk"}
for n in ("stochastic", "adversarial", "lower-bound"):
    assert probs[n]["kind"] == "generator" and "oco run bwk" in probs[n]["usage"], n
assert probs["bwk-csv"]["kind"] == "file"
print(" ".join(a["name"] for a in bwk))
PYEOF
ALGOS=$(cat "$TMP/algos")
"$OCO" list >"$TMP/list.txt"
grep -q '^algorithms (protocol bwk' "$TMP/list.txt" || fail "oco list: no bwk algorithms heading"
grep -q '^problems (protocol bwk' "$TMP/list.txt" || fail "oco list: no bwk problems heading"
grep -q '^  lower-bound ' "$TMP/list.txt" || fail "oco list: no lower-bound instance"

# 2. Every algorithm on every instance kind: the keys and their consistency.
for a in $ALGOS; do
  "$OCO" run bwk --algo $a --instance stochastic --K 3 --T 2000 --seed 4 --budget 500 \
    --json >"$TMP/s_$a.json"
  "$OCO" run bwk --algo $a --instance adversarial --K 4 --T 2000 --seed 4 --budget 1000 \
    --json >"$TMP/a_$a.json"
  "$OCO" run bwk --algo $a --instance lower-bound --T 1024 --seed 4 --budget 102.4 \
    --json >"$TMP/l_$a.json"
done
"$PY" - "$TMP" $KEYS <<'PYEOF'
import glob, json, sys
files = glob.glob(sys.argv[1] + "/[sal]_*.json")
assert len(files) >= 3, files
for f in files:
    lines = open(f).read().splitlines()
    assert len(lines) == 1, (f, "not one line")
    d = json.loads(lines[0])
    for k in sys.argv[2:]:
        assert k in d, (f, "missing key", k)
    K, T = d["K"], d["T"]
    assert d["benchmark_kind"] == "exact", f
    assert abs(d["regret"] - (d["loss"] - d["benchmark"])) <= 1e-9 * max(1, d["loss"]), f
    assert abs(d["expected_regret"] - (d["expected_loss"] - d["benchmark"])) <= 1e-9 * T, f
    assert len(d["pulls"]) == K and sum(d["pulls"]) == T, (f, d["pulls"])
    assert len(d["benchmark_p"]) == K and abs(sum(d["benchmark_p"]) - 1) <= 1e-9, f
    assert min(d["benchmark_p"]) >= 0
    assert d["benchmark_consumption"] <= d["budget"] * (1 + 1e-7) + 1e-7, f
    assert 0 <= d["consumption"] <= T and 0 <= d["loss"] <= T
    assert d["pulls_per_second"] > 0 and d["seconds"] >= 0
    assert d["seed"] == 4 and d["instance_file"] is None and d["instance"] == d["problem"]
    if d["instance"] == "lower-bound":
        assert K == 2 and d["phases"] == 10 and 1 <= d["phase_k"] <= 10, f
        assert d["T"] == 1024
        # the benchmark pulls arm 1 (1 per round) with p = B/T
        assert abs(d["benchmark_p"][0] - 0.1) <= 1e-9, d["benchmark_p"]
PYEOF

# 3. An instance file: the loss and the consumption recomputed from --decisions; the
#    decisions are T lines in 1..K; the benchmark against the brute force over pairs.
"$PY" - "$TMP/inst.csv" <<'PYEOF'
import random, sys
random.seed(7)
K, T = 3, 300
with open(sys.argv[1], "w") as f:
    f.write(",".join(["l%d" % (i + 1) for i in range(K)] + ["c%d" % (i + 1) for i in range(K)]) + "\n")
    for t in range(T):
        # cost means 0.15, 0.325, 0.5: the budget 80 lies between the arms' sums
        f.write(",".join(["%.6f" % random.random() for _ in range(K)] +
                         ["%.6f" % ((0.3 + 0.35 * i) * random.random()) for i in range(K)]) + "\n")
PYEOF
for a in $ALGOS; do
  "$OCO" run bwk --algo $a --instance-file "$TMP/inst.csv" --budget 80 --seed 9 \
    --decisions "$TMP/dec_$a.txt" --trace "$TMP/tr_$a.csv" --json >"$TMP/f_$a.json"
  "$PY" - "$TMP/inst.csv" "$TMP/dec_$a.txt" "$TMP/f_$a.json" "$TMP/tr_$a.csv" <<'PYEOF'
import json, sys
rows = [list(map(float, l.split(","))) for l in open(sys.argv[1]).read().splitlines()[1:]]
K, T = 3, len(rows)
dec = open(sys.argv[2]).read().splitlines()
assert len(dec) == T, (len(dec), T)
arms = [int(x) for x in dec]
assert all(1 <= a <= K for a in arms), set(arms)
d = json.load(open(sys.argv[3]))
assert d["instance"] == "file" and d["instance_file"] == sys.argv[1] and d["T"] == T
loss = sum(rows[t][arms[t] - 1] for t in range(T))
cons = sum(rows[t][K + arms[t] - 1] for t in range(T))
assert abs(d["loss"] - loss) <= 1e-9 * T, (d["loss"], loss)
assert abs(d["consumption"] - cons) <= 1e-9 * T, (d["consumption"], cons)
assert d["pulls"] == [arms.count(i + 1) for i in range(K)]
L = [sum(r[i] for r in rows) for i in range(K)]
C = [sum(r[K + i] for r in rows) for i in range(K)]
B = d["budget"]
best = min([L[i] for i in range(K) if C[i] <= B] +
           [((C[j] - B) * L[i] + (B - C[i]) * L[j]) / (C[j] - C[i])
            for i in range(K) for j in range(K) if C[i] < B < C[j]])
assert abs(d["benchmark"] - best) <= 1e-7 * T, (d["benchmark"], best)
tr = open(sys.argv[4]).read().splitlines()
assert tr[0] == "t,arm,loss,cost,cum_loss,cum_cost,multiplier,p_1,p_2,p_3", tr[0]
assert len(tr) == T + 1
last = tr[-1].split(",")
assert int(last[0]) == T and abs(float(last[5]) - cons) <= 1e-9 * T
assert [int(r.split(",")[1]) for r in tr[1:]] == arms
PYEOF
done
# the same command decides the same arms; another seed other arms
"$OCO" run bwk --algo exp3 --instance-file "$TMP/inst.csv" --budget 80 --seed 9 \
  --decisions "$TMP/dec2.txt" >"$TMP/text.txt"
cmp -s "$TMP/dec_exp3.txt" "$TMP/dec2.txt" || fail "same --seed, different decisions"
"$OCO" run bwk --algo exp3 --instance-file "$TMP/inst.csv" --budget 80 --seed 10 \
  --decisions "$TMP/dec3.txt" >/dev/null
! cmp -s "$TMP/dec_exp3.txt" "$TMP/dec3.txt" || fail "--seed does not change the draws"
grep -q '^benchmark ' "$TMP/text.txt" || fail "text report lacks the benchmark"
grep -q '^pulls ' "$TMP/text.txt" || fail "text report lacks the pulls"

# 4. An infeasible benchmark (budget below every arm's consumption) is reported as such.
"$OCO" run bwk --algo exp3 --instance-file "$TMP/inst.csv" --budget 0 --json >"$TMP/inf.json"
[[ $(json_get "$TMP/inf.json" 'd["benchmark_kind"]') == infeasible ]] || fail "infeasible kind"
[[ $(json_get "$TMP/inf.json" 'd["benchmark"] is None and d["regret"] is None') == True ]] \
  || fail "infeasible benchmark is not null"
[[ $(json_get "$TMP/inf.json" 'sum(d["pulls"])') == 300 ]] || fail "infeasible: not all rounds"

# 5. Instance-file errors name file:line:column (exit 1).
printf 'l1,l2,c1,c2\n0,0.5,0,0\n0.25,1.5,0,1\n' >"$TMP/bad.csv"
expect_fail 1 "bad.csv:3:6: l2 = 1.5 is outside \[0, 1\]" -- \
  "$OCO" run bwk --algo exp3 --instance-file "$TMP/bad.csv" --budget 1
printf 'l1,l2,c1,c2\n0,0.5,0,x\n' >"$TMP/bad2.csv"
expect_fail 1 "bad2.csv:2:9:" -- "$OCO" run bwk --algo exp3 --instance-file "$TMP/bad2.csv" --budget 1
printf 'l1,l2,c1\n0,0.5,0\n' >"$TMP/bad3.csv"
expect_fail 1 "bad3.csv:1:[0-9]+: bad header" -- \
  "$OCO" run bwk --algo exp3 --instance-file "$TMP/bad3.csv" --budget 1
expect_fail 1 "cannot open" -- "$OCO" run bwk --algo exp3 --instance-file "$TMP/none.csv" --budget 1

# 6. Usage errors (exit 2): unknown algorithm (listing the known ones), bad budgets,
#    instance options.
expect_fail 2 "unknown.*exp3" -- "$OCO" run bwk --algo nope --instance stochastic --K 2 --T 10 --budget 1
expect_fail 2 "exp3" -- "$OCO" run bwk --algo llp --instance stochastic --K 2 --T 10 --budget 1
for b in -1 nan inf abc ''; do
  expect_fail 2 "budget" -- "$OCO" run bwk --algo exp3 --instance stochastic --K 2 --T 10 --budget "$b"
done
expect_fail 2 "missing --budget" -- "$OCO" run bwk --algo exp3 --instance stochastic --K 2 --T 10
expect_fail 2 "either --instance or --instance-file" -- \
  "$OCO" run bwk --algo exp3 --instance stochastic --K 2 --T 10 --instance-file "$TMP/inst.csv" --budget 1
expect_fail 2 "no instance" -- "$OCO" run bwk --algo exp3 --budget 1
expect_fail 2 "unknown instance 'foo'" -- "$OCO" run bwk --algo exp3 --instance foo --K 2 --T 10 --budget 1
expect_fail 2 "needs --K K and --T T" -- "$OCO" run bwk --algo exp3 --instance stochastic --T 10 --budget 1
expect_fail 2 "K = 2" -- "$OCO" run bwk --algo exp3 --instance lower-bound --K 3 --T 10 --budget 1
expect_fail 2 "--K" -- "$OCO" run bwk --algo exp3 --instance stochastic --K 1 --T 10 --budget 1
expect_fail 2 "--T" -- "$OCO" run bwk --algo exp3 --instance stochastic --K 2 --T 0 --budget 1
expect_fail 2 "apply to --instance only" -- \
  "$OCO" run bwk --algo exp3 --instance-file "$TMP/inst.csv" --T 5 --budget 1
expect_fail 2 "param" -- "$OCO" run bwk --algo exp3 --instance stochastic --K 2 --T 10 --budget 1 --param nope=1
expect_fail 2 "unknown option" -- "$OCO" run bwk --algo exp3 --instance stochastic --K 2 --T 10 --budget 1 --bogus

# 7. Help, and 'oco stream bwk' refused with a clear message.
"$OCO" run bwk --help >"$TMP/help.txt"
grep -q -- '--instance-file' "$TMP/help.txt" || fail "oco run bwk --help lacks --instance-file"
grep -q 'pulls_per_second' "$TMP/help.txt" || fail "oco run bwk --help lacks the JSON keys"
"$OCO" run --help >"$TMP/runhelp.txt"
grep -q '^bwk ' "$TMP/runhelp.txt" || fail "oco run --help lacks bwk"
expect_fail 2 "oco stream bwk' is not available.*oco run bwk" -- "$OCO" stream bwk --algo exp3
echo "ok"
