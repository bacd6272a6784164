#!/usr/bin/env bash
# oco run oco: the JSON keys, regret = loss - comparator, the loss and the
# comparator recomputed independently (Python) from --trace on user gradients
# and on a quadratic family, --gradients file errors with file:line:column,
# bad options, and oco list marking the OCO learners.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

KEYS='problem gradients algo d T seed domain anytime horizon_known params loss_params setup
      loss comparator comparator_kind comparator_gap comparator_method x_star regret V_T
      V_T_kind gradient_calls seconds rounds_per_second hindsight_seconds max_gradient_norm
      memory_bytes'

# 1. Every family with a few learners: one JSON object, the keys, regret = loss - comparator,
#    gradient calls = T for one-gradient learners, more for the multi-gradient variant.
for loss in quadratic squared linear-drift signs logistic switch; do
  for a in ogd universal universal-multigrad; do
    "$OCO" run oco --algo $a --loss $loss --d 3 --T 300 --seed 4 --json >"$TMP/r_${a}_$loss.json"
  done
done
"$PY" - "$TMP" $KEYS <<'PYEOF'
import json, math, sys
for loss in ("quadratic", "squared", "linear-drift", "signs", "logistic", "switch"):
  for a in ("ogd", "universal", "universal-multigrad"):
    lines = open("%s/r_%s_%s.json" % (sys.argv[1], a, loss)).read().splitlines()
    assert len(lines) == 1, (a, loss, "not one line of JSON")
    d = json.loads(lines[0])
    for k in sys.argv[2:]:
        assert k in d, (a, loss, "missing key", k)
    assert d["problem"] == loss and d["algo"] == a and d["d"] == 3 and d["T"] == 300 and d["seed"] == 4
    assert d["domain"] == "ball:1" and d["gradients"] is None
    assert abs(d["regret"] - (d["loss"] - d["comparator"])) <= 1e-12 * max(1, abs(d["loss"]))
    assert d["comparator_kind"] == ("approximate" if loss == "logistic" else "exact"), d["comparator_kind"]
    assert d["V_T_kind"] in ("exact", "upper_bound") and d["V_T"] >= 0
    assert sum(v * v for v in d["x_star"]) <= 1 + 1e-9, d["x_star"]
    if a == "universal-multigrad":
        assert d["gradient_calls"] > 300, d["gradient_calls"]
    else:
        assert d["gradient_calls"] == 300, d["gradient_calls"]
    if loss == "linear-drift":
        assert d["V_T_kind"] == "exact" and abs(d["V_T"] - 299 * 0.01 ** 2) < 1e-12, d["V_T"]
    assert d["seconds"] > 0 and d["rounds_per_second"] > 0
PYEOF

# 2. Independent recomputation on user gradients: loss = sum <g_t, x_t> from the trace,
#    comparator = -R ||sum g|| on the ball of radius R, V_T = sum ||g_t - g_{t-1}||^2,
#    max_gradient_norm, and OGD's first steps by hand.
"$PY" - "$TMP/g.csv" <<'PYEOF'
import random, sys
random.seed(7)
with open(sys.argv[1], "w") as f:
    for t in range(200):
        f.write(",".join("%.6f" % random.uniform(-2, 2) for _ in range(3)) + "\n")
PYEOF
"$OCO" run oco --algo ogd --gradients "$TMP/g.csv" --domain ball:2 --G 4 --json \
  --trace "$TMP/tr.csv" --decisions "$TMP/dec.txt" >"$TMP/g.json"
"$PY" - "$TMP/g.json" "$TMP/g.csv" "$TMP/tr.csv" "$TMP/dec.txt" <<'PYEOF'
import csv, json, math, sys
d = json.load(open(sys.argv[1]))
G = [[float(v) for v in l.split(",")] for l in open(sys.argv[2])]
tr = list(csv.DictReader(open(sys.argv[3])))
dec = [[float(v) for v in l.split(",")] for l in open(sys.argv[4])]
T = len(G)
assert d["problem"] == "gradients" and d["seed"] is None and d["T"] == T and d["d"] == 3
assert d["setup"]["G"] == 4 and abs(d["setup"]["D"] - 4) < 1e-15, d["setup"]
assert list(tr[0].keys()) == ["t", "loss", "x_1", "x_2", "x_3"], list(tr[0].keys())
X = [[float(r["x_%d" % (i + 1)]) for i in range(3)] for r in tr]
assert X == dec, "trace and decisions disagree"
for t in range(T):
    assert int(tr[t]["t"]) == t + 1
    assert abs(float(tr[t]["loss"]) - sum(g * x for g, x in zip(G[t], X[t]))) < 1e-12
loss = sum(sum(g * x for g, x in zip(G[t], X[t])) for t in range(T))
assert abs(loss - d["loss"]) < 1e-9, (loss, d["loss"])
S = [sum(G[t][i] for t in range(T)) for i in range(3)]
comp = -2 * math.sqrt(sum(s * s for s in S))
assert abs(comp - d["comparator"]) < 1e-9, (comp, d["comparator"])
assert abs(d["regret"] - (loss - comp)) < 1e-9
VT = sum(sum((G[t][i] - G[t - 1][i]) ** 2 for i in range(3)) for t in range(1, T))
assert d["V_T_kind"] == "exact" and abs(VT - d["V_T"]) < 1e-9 * VT, (VT, d["V_T"])
assert abs(d["max_gradient_norm"] - max(math.sqrt(sum(v * v for v in g)) for g in G)) < 1e-12
assert d["gradient_calls"] == T
# OGD by hand: x_1 = 0, x_{t+1} = Pi_ball(x_t - D/(G sqrt t) g_t), D = 4, G = 4.
x = [0.0, 0.0, 0.0]
for t in range(T):
    assert all(abs(a - b) < 1e-12 for a, b in zip(x, X[t])), (t, x, X[t])
    x = [a - 1.0 / math.sqrt(t + 1) * g for a, g in zip(x, G[t])]
    n = math.sqrt(sum(v * v for v in x))
    if n > 2:
        x = [v * 2 / n for v in x]
PYEOF

# 3. A box domain: the comparator is the exact QP, its minimiser lies in the box; the
#    family's parameters and the bounds told to the learner.
"$OCO" run oco --algo ogd --loss quadratic --d 2 --T 500 --seed 3 --domain box:-0.2,0.3 --json >"$TMP/q.json"
"$PY" - "$TMP/q.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["comparator_method"] == "qp" and d["comparator_kind"] == "exact"
assert all(-0.2 - 1e-12 <= v <= 0.3 + 1e-12 for v in d["x_star"]), d["x_star"]
assert d["setup"]["lambda"] == 1.0 and d["loss_params"]["lambda"] == 1.0
PYEOF
# --loss-param changes the family and what the learner is told; --lambda overrides the latter.
"$OCO" run oco --algo ogd --loss quadratic --d 2 --T 50 --loss-param lambda=2 --json >"$TMP/l2.json"
[[ $(json_get "$TMP/l2.json" 'd["setup"]["lambda"]') == 2.0 ]] || fail "--loss-param lambda=2 not told"
"$OCO" run oco --algo ogd --loss quadratic --d 2 --T 50 --lambda 0 --json >"$TMP/l0.json"
[[ $(json_get "$TMP/l0.json" 'd["setup"]["lambda"]') == 0.0 ]] || fail "--lambda 0 not applied"
[[ $(json_get "$TMP/l0.json" 'd["comparator"] == json.load(open("'"$TMP/l2.json"'"))["comparator"]') == False ]] \
  || fail "--loss-param lambda=2 did not change the family"
# The SEA families (universal.md 11.1) report sigma^2_{1:T} = T sigma^2 and Sigma^2_{1:T}.
for loss in sea sea-linear; do
  "$OCO" run oco --algo universal --loss $loss --d 2 --T 200 --loss-param sigma=0.2 --loss-param Sigma=0.05 --json >"$TMP/sea.json"
  "$PY" - "$TMP/sea.json" "$loss" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["problem"] == sys.argv[2] and d["comparator_kind"] == "exact"
assert abs(d["sea"]["sigma2_total"] - 200 * 0.04) < 1e-9, d["sea"]
assert abs(d["sea"]["Sigma2_total"] - 199 * 0.05 ** 2) < 1e-9, d["sea"]
assert abs(d["regret"] - (d["loss"] - d["comparator"])) <= 1e-12 * max(1, abs(d["loss"]))
PYEOF
done
expect_fail 2 "Sigma <= 2G" -- "$OCO" run oco --algo ogd --loss sea-linear --d 2 --T 5 --loss-param Sigma=5
# The same seed gives the same run; another seed another one.
"$OCO" run oco --algo universal --loss squared --d 2 --T 200 --seed 9 --json >"$TMP/s1.json"
"$OCO" run oco --algo universal --loss squared --d 2 --T 200 --seed 9 --json >"$TMP/s2.json"
"$OCO" run oco --algo universal --loss squared --d 2 --T 200 --seed 10 --json >"$TMP/s3.json"
[[ $(json_get "$TMP/s1.json" 'd["loss"]') == $(json_get "$TMP/s2.json" 'd["loss"]') ]] || fail "not reproducible"
[[ $(json_get "$TMP/s1.json" 'd["loss"]') != $(json_get "$TMP/s3.json" 'd["loss"]') ]] || fail "seed ignored"
# Text output names the numbers.
"$OCO" run oco --algo hedge --loss signs --d 4 --T 100 --domain simplex >"$TMP/t.txt"
for k in problem algorithm loss comparator regret V_T 'grad calls' time; do
  grep -q "^$k " "$TMP/t.txt" || fail "text output lacks '$k'"
done

# 4. The gradients file: errors name file:line:column (exit 1); empty lines are skipped.
printf '1,2\n\n3,x\n' >"$TMP/b1.csv"
expect_fail 1 "b1\.csv:3:3: .*'x'" -- "$OCO" run oco --algo ogd --gradients "$TMP/b1.csv"
printf '1,2\n3\n' >"$TMP/b2.csv"
expect_fail 1 "b2\.csv:2:[0-9]+: .*2 fields, found 1" -- "$OCO" run oco --algo ogd --gradients "$TMP/b2.csv"
printf '1,2\n3,inf\n' >"$TMP/b3.csv"
expect_fail 1 "b3\.csv:2:3: .*not finite" -- "$OCO" run oco --algo ogd --gradients "$TMP/b3.csv"
printf '1,2\n' >"$TMP/b4.csv"
expect_fail 1 "b4\.csv:1:[0-9]+: .*3 fields, found 2" -- "$OCO" run oco --algo ogd --gradients "$TMP/b4.csv" --d 3
: >"$TMP/b5.csv"
expect_fail 1 "b5\.csv: no gradients" -- "$OCO" run oco --algo ogd --gradients "$TMP/b5.csv"
expect_fail 1 "cannot read" -- "$OCO" run oco --algo ogd --gradients "$TMP/none.csv"
expect_fail 1 "--trace: cannot write" -- "$OCO" run oco --algo ogd --loss signs --d 2 --T 5 --trace "$TMP/no/t.csv"

# 5. Usage errors (exit 2).
R=("$OCO" run oco)
expect_fail 2 "missing --algo" -- "${R[@]}" --loss signs --d 2 --T 5
expect_fail 2 "unknown oco algorithm 'nope'.*universal" -- "${R[@]}" --algo nope --loss signs --d 2 --T 5
expect_fail 2 "unknown loss 'cubic'" -- "${R[@]}" --algo ogd --loss cubic --d 2 --T 5
expect_fail 2 "no losses" -- "${R[@]}" --algo ogd --d 2 --T 5
expect_fail 2 "either --loss or --gradients" -- "${R[@]}" --algo ogd --loss signs --gradients "$TMP/g.csv"
expect_fail 2 "--loss needs --d D and --T T" -- "${R[@]}" --algo ogd --loss signs --T 5
expect_fail 2 "--d must be at least 1" -- "${R[@]}" --algo ogd --loss signs --d 0 --T 5
expect_fail 2 "--T must be at least 1" -- "${R[@]}" --algo ogd --loss signs --d 2 --T 0
expect_fail 2 "--T: '1e3' is not" -- "${R[@]}" --algo ogd --loss signs --d 2 --T 1e3
expect_fail 2 "--G must be > 0" -- "${R[@]}" --algo ogd --loss signs --d 2 --T 5 --G 0
expect_fail 2 "--D must be > 0" -- "${R[@]}" --algo ogd --loss signs --d 2 --T 5 --D -1
expect_fail 2 "--G: 'nan' is not a finite" -- "${R[@]}" --algo ogd --loss signs --d 2 --T 5 --G nan
expect_fail 2 "empty box" -- "${R[@]}" --algo ogd --loss signs --d 2 --T 5 --domain box:2,1
expect_fail 2 "radius R must be" -- "${R[@]}" --algo ogd --loss signs --d 2 --T 5 --domain ball:0
expect_fail 2 "single point" -- "${R[@]}" --algo ogd --loss signs --d 1 --T 5 --domain simplex
expect_fail 2 "unbounded" -- "${R[@]}" --algo ogd --loss signs --d 2 --T 5 --domain orthant
expect_fail 2 "hedge plays on the probability simplex: add --domain simplex" -- "${R[@]}" --algo hedge --loss signs --d 2 --T 5
expect_fail 2 "msmwc plays on the probability simplex" -- "${R[@]}" --algo msmwc --loss signs --d 2 --T 5 --domain box:0,1
expect_fail 2 "unknown parameter 'zz'.*lambda" -- "${R[@]}" --algo ogd --loss signs --d 2 --T 5 --param zz=1
expect_fail 2 "--loss-param: .*unknown parameter 'eps'" -- "${R[@]}" --algo ogd --loss signs --d 2 --T 5 --loss-param eps=1
expect_fail 2 "delta must be in" -- "${R[@]}" --algo ogd --loss linear-drift --d 2 --T 5 --loss-param delta=3
expect_fail 2 "apply to --loss only" -- "${R[@]}" --algo ogd --gradients "$TMP/g.csv" --T 5
expect_fail 2 "--anytime: universal needs the horizon" -- "${R[@]}" --algo universal --gradients "$TMP/g.csv" --anytime
expect_fail 2 "unknown option '--frob' for 'oco run oco'" -- "${R[@]}" --algo ogd --frob
run_grep -q '^usage: oco run oco' :: "$OCO" run oco --help || fail "run oco --help"
run_grep -q 'oco run oco' :: "$OCO" run --help || fail "run --help does not mention 'oco run oco'"

# 6. oco list: the OCO learners are reachable from the CLI, with the anytime flag; the
#    loss families are listed as problems of protocol oco.
"$OCO" list --json >"$TMP/l.json"
"$PY" - "$TMP/l.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
oco = {a["name"]: a for a in d["algorithms"] if a["protocol"] == "oco"}
for n in ("ogd", "optimistic-ogd", "ons", "optimistic-ons", "adagrad", "hedge",
          "optimistic-hedge", "msmwc", "universal", "universal-multigrad", "adapt-ml-prod"):
    assert n in oco and oco[n]["cli"] is True, n
    assert isinstance(oco[n]["anytime"], bool), n
assert oco["ogd"]["anytime"] is True and oco["universal"]["anytime"] is False
probs = {p["name"]: p for p in d["problems"] if p["protocol"] == "oco"}
for n in ("quadratic", "squared", "linear-drift", "signs", "logistic", "switch", "sea", "sea-linear"):
    assert probs[n]["kind"] == "generator" and "--loss " + n in probs[n]["usage"], n
assert probs["gradients"]["kind"] == "file"
PYEOF
"$OCO" list >"$TMP/l.txt"
grep -Eq '^  universal +\[needs T\]' "$TMP/l.txt" || fail "text list: no [needs T] marker for universal"
grep -Eq '^  ogd +\[anytime\]' "$TMP/l.txt" || fail "text list: no [anytime] marker for ogd"
grep -Eq '^  linear-drift ' "$TMP/l.txt" || fail "text list lacks the linear-drift family"
# 7. The README documents `oco run oco` and `oco stream oco` with options --help knows.
if [[ -n "${OCO_SRC:-}" && -f "$OCO_SRC/README.md" ]]; then
  for c in "run oco" "stream oco"; do
    grep -q "^### \`oco $c\`" "$OCO_SRC/README.md" || fail "README lacks the reference of 'oco $c'"
    "$OCO" $c --help >"$TMP/h"
    sec=$(awk -v h="### \`oco $c" 'index($0,h)==1{f=1;next} f&&/^##/{exit} f{print}' "$OCO_SRC/README.md")
    for o in $(grep -oE -- '--[a-zA-Z][a-zA-Z-]*' <<<"$sec" | sort -u); do
      grep -q -- "$o" "$TMP/h" || fail "README documents $o for 'oco $c' but --help does not know it"
    done
  done
  grep -q '^| `universal` |' "$OCO_SRC/README.md" || fail "README lacks the universal reproduction"
  ! grep -q 'no CLI command yet' "$OCO_SRC/README.md" || fail "README still says the OCO learners have no CLI"
fi
echo ok
